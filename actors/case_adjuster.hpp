#pragma once
// Brings the open cases of an area in line with the rules overlay in force
// (scenario_context::adjust_open_cases): pages through the open cases not yet worked on
// (reported, verified, accepted, returned, escalated, dispatched) of the area — by the
// store's listing of the node's subtree, or of the whole city filtered by the polygon — and
// asks each case's actor, through the directory, for the `adjust` move
// (domain::adjustment_for decides it there, with the overlay of that moment, so a case moved
// meanwhile is judged as it is then; nothing to adjust is a refusal, not counted). One page of
// 200 at a time; when done it publishes `cases_adjusted` {examined, adjusted} on the scenario
// stream and ends.
//
// Every move goes through the case actor like any other: durable, on the committed stream,
// seen by the centres (the new one plans and dispatches it), never applied twice.

#include <cstdint>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/domain/scenario_rules.hpp"

namespace cityops {

struct case_adjuster_setup {
  std::string scenario;  // moves are made by "scenario:<name>"
  domain::scenario_area area;
  caf::actor store;
  caf::actor directory;
};

struct case_adjuster_state {
  case_adjuster_setup setup;
  std::size_t status_index = 0;  // which of the adjustable statuses is being listed
  std::string cursor;
  std::uint64_t examined = 0;
  std::uint64_t adjusted = 0;
  std::size_t in_flight = 0;
  static inline const char* name = "case_adjuster";
};

caf::behavior case_adjuster(caf::stateful_actor<case_adjuster_state>* self,
                            case_adjuster_setup setup);

}  // namespace cityops
