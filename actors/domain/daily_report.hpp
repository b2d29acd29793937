#pragma once
// The 每日信息 (daily report) of one local day: what the centre publishes every working day —
// volumes by source, category and district against the day before and the same day a week
// before, hot spots (the busiest streets, the categories that rose most), the day's risk and
// vital-sign alerts and letters, the departments leading and lagging on 按期结案率 (month to
// date), the cases that climbed to the city, the overdue cases, and the snow response when it
// ran. Built from KPI rows and
// lists the runtime gathers (runtime/daily_reporter.hpp); pure, so the same inputs give the
// same report.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/kpi_counters.hpp"
#include "actors/domain/kpi_summary.hpp"
#include "actors/domain/risk_letter.hpp"
#include "actors/domain/scenario_event.hpp"
#include "actors/domain/snow_daily.hpp"

namespace cityops::domain {

// A scope's counters on the report day, the day before, and the same weekday a week before.
struct day_triple {
  std::string id;
  std::string name;
  kpi_counters day, previous_day, week_before;
};

struct daily_report_input {
  std::int64_t day = 0;  // days since 1970-01-01 (UTC+8)
  day_triple city;
  kpi_counters city_now;              // gauges when the report is made
  std::vector<day_triple> districts;
  std::vector<day_triple> streets;    // for hot spots
  // Departments' counters from the first of the month to the report day.
  struct department_month {
    std::string id;
    std::string name;
    kpi_counters month;
  };
  std::vector<department_month> departments;
  std::vector<alert> alerts;           // raised on the day (any kind)
  std::vector<risk_letter> letters;    // issued on the day
  std::vector<case_record> overdue;    // open and overdue when the report is made (bounded)
  // Open cases waiting at the city centre or on a city department when the report is made;
  // those that climbed there (the city on their tier path) are listed.
  std::vector<case_record> at_city;
  std::int64_t overdue_total = 0;
  // Category names, for lines keyed by code (code -> name); may be empty.
  std::vector<std::pair<std::string, std::string>> category_names;
  // The snow response's audit log up to the end of the day, oldest first (snow_daily.hpp).
  std::vector<scenario_event> snow_events;
};

// One line of a volume table: the count on the day and the two comparisons.
struct volume_line {
  std::string key;   // source, category code or node id
  std::string name;
  std::int64_t day = 0;
  std::int64_t previous_day = 0;
  std::int64_t week_before = 0;
  // (day − before) / before; nullopt when before is 0.
  std::optional<double> change_vs_previous_day() const;
  std::optional<double> change_vs_week_before() const;
};

struct ranked_department {
  std::string id;
  std::string name;
  double on_time_rate = 0;
  std::int64_t due = 0;       // 应结案 month to date
  std::int64_t returned = 0;
  std::int64_t dispatched = 0;
};

struct daily_report {
  std::int64_t day = 0;
  kpi_summary city;                 // the day's KPIs of the city (gauges at report time)
  volume_line total;                // all reports
  std::vector<volume_line> by_source;
  std::vector<volume_line> by_category;  // most reported first, at most 15
  std::vector<volume_line> by_district;  // every district, most reported first
  std::vector<volume_line> hot_streets;  // the busiest streets, at most 10
  std::vector<volume_line> rising_categories;  // most above last week, at least 3 more, ≤ 5
  std::vector<alert> risk_alerts;        // sensitive words, 一人多诉, 新发高发, 集中爆发
  std::vector<alert> indicator_alerts;   // vital signs
  std::vector<alert> oversight_alerts;   // overdue, 督办, quarantine, unanswered letters
  std::vector<risk_letter> letters;
  std::vector<ranked_department> leaders;   // best 按期结案率 month to date (≥ min due)
  std::vector<ranked_department> laggards;  // worst
  std::int64_t escalated_to_city = 0;      // climbs of the day (大环)
  std::vector<case_record> climbed_cases;  // open cases that climbed to the city, oldest first
  std::int64_t climbed_open = 0;
  std::int64_t went_overdue = 0;
  std::int64_t overdue_now = 0;
  std::vector<case_record> overdue_cases;
  std::optional<snow_day> snow;  // the snow response, when it was active on the day
};

// Departments need this many cases due month to date to be ranked.
inline constexpr std::int64_t ranking_min_due = 5;
inline constexpr std::size_t ranking_size = 5;
inline constexpr std::size_t climbed_listed = 30;

daily_report build_daily_report(const daily_report_input& in);

// 第N期 title: "<issuer> 每日信息〔2026〕第N期".
std::string daily_report_title(const std::string& issuer, std::int32_t year, std::uint32_t number);

}  // namespace cityops::domain
