#pragma once
// A case's SLA deadline from its category, place and priority. A normal case runs against
// the limit in force: an active scenario's for the place, else the catalogue's. An urgent case
// runs against its category's shortest limit: the earliest deadline of the limit in force, the
// catalogue's and the configured urgent limit (config::city_model::urgent_sla: the category's
// or its major's `urgent_limit`). Limits in hours and in working days compare by the deadline
// they give from the same start. Pure: no clock, no I/O.

#include <cstdint>
#include <string>

#include "actors/domain/case_event.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/scenario_rules.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

// The deadline of a case of `category` at `place` whose SLA window opens at `start_ms`;
// 0 for an unknown category. `rules`: the active scenarios' overlay (null = none).
std::int64_t case_deadline(const scenario_rules* rules, const config::city_model& city,
                           const sla_calendar& calendar, const std::string& category,
                           const case_place& place, case_priority priority,
                           std::int64_t start_ms);

// Sets a new case's deadline (its `reported` event) once intake has decided its category,
// place and priority; an unclassified report keeps none.
void settle_deadline(case_event& reported, const scenario_rules* rules,
                     const config::city_model& city, const sla_calendar& calendar);

// Whether the case is urgent (set at intake, by a scenario's rule or by the risk lexicon).
inline bool is_urgent(const case_record& r) {
  return r.report.priority == case_priority::urgent;
}

}  // namespace cityops::domain
