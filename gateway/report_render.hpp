#pragma once
// The 每日信息 as published (runtime/daily_reporter.hpp stores both, docs/api.md "Daily
// report"): JSON
//   {"date","title","number","issuer","provisional","generated_at",
//    "summary":{kpi… of the city that day},
//    "total":{volume}, "by_source":[volume], "by_category":[volume], "by_district":[volume],
//    "hot_streets":[volume], "rising_categories":[volume],
//    "risk_alerts":[alert], "indicator_alerts":[alert], "oversight_alerts":[alert],
//    "letters":[{"id","title","department","alert_kind","status"}],
//    "leaders":[dept], "laggards":[dept], "escalated_to_city", "climbed_open",
//    "climbed_cases":[{"id","category","node","department","status"}], "went_overdue", "overdue_now",
//    "overdue_cases":[{"id","category","node","department","deadline"}],
//    "snow_response": null | {…} (report_render_snow.hpp)}
// with volume = {"key","name","count","previous_day","week_before","vs_previous_day",
// "vs_week_before"} (changes as fractions, null without a base) and dept = {"id","name",
// "on_time_rate","due","returned","dispatched"}; and a printable Chinese HTML page of the same.
// Pure and thread-safe.

#include <cstdint>
#include <string>

#include "actors/domain/daily_report.hpp"
#include "config/city_model.hpp"

namespace cityops::gateway {

struct report_heading {
  std::string title;  // "<issuer> 每日信息〔2026〕第N期", or a provisional title
  std::string issuer;
  std::uint32_t number = 0;  // 0 while provisional
  bool provisional = false;  // the day is not over: not numbered, not stored
  std::int64_t generated_ms = 0;
};

std::string daily_report_json(const domain::daily_report& r, const report_heading& h,
                              const config::city_model& city);
std::string daily_report_html(const domain::daily_report& r, const report_heading& h,
                              const config::city_model& city);

}  // namespace cityops::gateway
