#pragma once
// What the centre of a tier node does with a case that waits on it: dispatch it to a
// department of this tier, escalate it to the parent node (the three rings), or leave it to
// an operator. Pure: the tier-node actors carry the decision out.
//
// Rules (docs/design.md): an accepted case escalates by itself when no department at
// this tier handles its category, and is dispatched at once when dispatch_on_accept is set
// or it came from an automatic source (intake_triage.hpp: dispatch_without_operator); a returned case goes to the next candidate at this tier
// that has not returned it, or escalates when none is left or it was returned more than
// `max_returns` times; an escalated case is dispatched at its new tier when a department
// there handles it, and climbs again otherwise (the city waits for an operator).
// With the active scenarios' overlay (scenario_rules.hpp), a case of a war room's area
// waiting at the war-room node is dispatched among the departments stationed there (at once
// when the override says so); a category none of them handles follows the rules above.

#include <cstdint>
#include <string>

#include "actors/domain/case_record.hpp"
#include "actors/domain/scenario_rules.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

struct dispatch_policy {
  std::uint32_t max_returns = 3;      // more returns than this escalate by themselves
  bool dispatch_on_accept = false;    // true: every accepted case is dispatched without an operator
};

struct dispatch_plan {
  enum class kind { wait, dispatch, escalate } what = kind::wait;
  std::string department;  // dispatch: the chosen department
  std::string reason;      // for the history: why this happened
};

dispatch_plan plan_dispatch(const case_record& record, const config::city_model& city,
                            const dispatch_policy& policy,
                            const scenario_rules* rules = nullptr);

}  // namespace cityops::domain
