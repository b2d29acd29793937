#pragma once
// The KPIs of one scope over one period, from the summed counters of its days and the scope's
// gauges (kpi_counters.hpp): counts, rates with their numerator and denominator, handling
// times (mean and p90), satisfaction, open and overdue now. Definitions: docs/kpi.md. Also
// the periods a range is cut into (day, ISO week from Monday, calendar month) and the KPIs a
// ranking (红黑榜) may order by. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/domain/kpi_counters.hpp"

namespace cityops::domain {

struct kpi_rate {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::optional<double> value() const;  // nullopt when the denominator is 0
};

struct kpi_duration {
  std::int64_t count = 0;
  std::optional<double> mean_hours;
  std::optional<double> p90_hours;  // upper edge of the histogram bucket (≤ 12.5 % above)
};

struct kpi_summary {
  std::int64_t reported = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_source;    // source name, count
  std::vector<std::pair<std::string, std::int64_t>> by_category;  // minor code, count
  std::int64_t accepted = 0, rejected = 0, dispatched = 0, returned = 0, handled = 0,
               reworked = 0, closed = 0, closed_on_time = 0, went_overdue = 0, extended = 0,
               supervised = 0, escalated = 0, escalated_to_city = 0, reopened = 0, merged = 0,
               followed_up = 0, satisfied = 0;
  // Urgent cases (紧急): became urgent (at intake or later), closed, closed on time, overdue.
  std::int64_t urgent = 0, urgent_closed = 0, urgent_closed_on_time = 0,
               urgent_went_overdue = 0;
  kpi_rate acceptance_rate;     // 受理率
  kpi_rate closure_rate;        // 结案率
  kpi_rate on_time_rate;        // 按期结案率
  kpi_rate urgent_on_time_rate; // 紧急工单按期结案率
  kpi_rate return_rate;         // 退单率
  kpi_rate rework_rate;         // 返工率
  kpi_rate extension_rate;      // 延期率
  kpi_rate satisfaction_rate;   // 满意率
  std::optional<double> mean_satisfaction;
  kpi_duration report_to_handled;
  kpi_duration dispatch_to_handled;
  std::int64_t open_now = 0, overdue_now = 0;
};

// `period` is the sum of the scope's days, `now` its gauges. A department's 结案率 is over the
// cases dispatched to it (it accepts none); a node's over the cases accepted there.
kpi_summary summarize(const kpi_counters& period, const kpi_counters& now, bool department);

// The KPIs a ranking can order by, and whether more is better (按期结案率 yes, 退单率 no).
struct kpi_metric {
  std::string_view name;
  bool higher_is_better;
};
const std::vector<kpi_metric>& kpi_metrics();
const kpi_metric* find_kpi_metric(std::string_view name);
std::optional<double> metric_value(const kpi_summary& s, std::string_view name);
// The rate behind a metric (its numerator and denominator); nullptr for counts and times.
const kpi_rate* metric_rate(const kpi_summary& s, std::string_view name);

enum class kpi_period { day, week, month };
std::optional<kpi_period> parse_kpi_period(std::string_view s);
std::string_view to_string(kpi_period p);
// The first day of the period that holds `day` (days since 1970-01-01) and its label:
// "2026-12-07", the week's Monday "2026-12-07", the month "2026-12".
std::int64_t period_start(kpi_period p, std::int64_t day);
std::string period_label(kpi_period p, std::int64_t day);

}  // namespace cityops::domain
