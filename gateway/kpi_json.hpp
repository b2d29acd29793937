#pragma once
// JSON of the KPI board (docs/kpi.md, docs/api.md "KPIs"): one scope's KPIs over a period,
// shared by GET /api/v1/kpi, the ranking and the feed's `kpi` messages.
//
//   {"reported", "by_source":{source:n}, "by_category":[{"code","name","count"}],
//    "accepted", "rejected", "dispatched", "returned", "handled", "reworked", "closed",
//    "closed_on_time", "went_overdue", "extended", "supervised", "escalated",
//    "escalated_to_city", "reopened", "merged", "followed_up", "satisfied", "urgent",
//    "urgent_closed", "urgent_closed_on_time", "urgent_went_overdue",
//    "rates":{"acceptance_rate":{"value":0.95|null,"numerator","denominator"}, …},
//    "mean_satisfaction", "report_to_handled":{"count","mean_hours","p90_hours"},
//    "dispatch_to_handled":{…}, "open_now", "overdue_now"}
//
// Pure and thread-safe.

#include <cstdint>
#include <string>

#include "actors/domain/kpi_summary.hpp"
#include "actors/kpi_protocol.hpp"
#include "config/city_model.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

// `category_limit`: at most this many categories, most frequent first (0 = all);
// `with_gauges`: open_now and overdue_now (not for one period of a series: they are now).
void write_kpi_summary(json_writer& w, const domain::kpi_summary& s,
                       const config::city_model& city, std::size_t category_limit = 0,
                       bool with_gauges = true);

// "YYYY-MM-DD" of a local day number.
std::string day_text(std::int64_t day);

// {"kind":"kpi","scope","node","name","date","kpi":{summary, 10 categories}}: today's KPIs of
// the city or a district.
std::string feed_kpi_json(const config::city_model& city, std::int64_t day, const kpi_table& t);

}  // namespace cityops::gateway
