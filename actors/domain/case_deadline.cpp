#include "actors/domain/case_deadline.hpp"

#include <algorithm>

namespace cityops::domain {

std::int64_t case_deadline(const scenario_rules* rules, const config::city_model& city,
                           const sla_calendar& calendar, const std::string& category,
                           const case_place& place, case_priority priority,
                           std::int64_t start_ms) {
  const auto* cat = city.find_category(category);
  if (!cat) return 0;
  const auto in_force = sla_limit_for(rules, city, category, place).value_or(cat->sla);
  auto due = calendar.deadline(start_ms, in_force);
  if (priority != case_priority::urgent) return due;
  due = std::min(due, calendar.deadline(start_ms, cat->sla));
  if (const auto urgent = city.urgent_sla(category))
    due = std::min(due, calendar.deadline(start_ms, *urgent));
  return due;
}

void settle_deadline(case_event& ev, const scenario_rules* rules, const config::city_model& city,
                     const sla_calendar& calendar) {
  if (ev.category.empty()) return;
  ev.deadline_ms = case_deadline(rules, city, calendar, ev.category, place_of(ev),
                                 ev.report.priority, ev.at_ms);
}

}  // namespace cityops::domain
