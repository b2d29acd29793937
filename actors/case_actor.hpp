#pragma once
// One actor per active case. It holds the case's state (loaded from the store on
// activation), decides moves with the domain state machine and answers only after the store
// actor has made the resulting event durable. Requests are handled one at a time (the store
// append is awaited), so two moves of one case can never interleave.
//
// A case's first commit comes from an intake shard (runtime/intake_shard.hpp); its actor is
// activated by the second message, seeded with the committed state when the directory still
// holds it, else loading it from the store.
//
// Accepts (forwarded by the case directory, which counts them):
//   (act_atom, case_id, action_request)     -> case_record | error (illegal_transition, ...)
//   (act_atom, case_id, action_request, access_scope) -> the same, or forbidden when the
//                                              case lies outside the scope (checked in the
//                                              same step as the move)
//   (fetch_atom, case_id)                   -> case_record | error (not_found), with the
//                                              caller's history from the insight actor
//   (sla_atom, case_id)                     -> nothing: runs the SLA check (a wake-up from
//                                              the SLA watcher)
// Accepts (not counted):
//   (passivate_atom)                        -> the directory's sweep found it idle: it asks
//                                              to passivate unless a write is awaited
//   (stop_atom)                             -> quits (sent by the directory to passivate it)
//   (sla_atom, uint64 generation)           -> nothing; its own SLA timer (sent to itself)
// Sends the directory (passivate_atom, case_id, seen) when asked, where `seen` counts the
// requests it has received; at once when the case does not exist.
//
// SLA clock (see docs/architecture.md "SLA clocks"): after loading and after every commit the
// actor looks at domain::next_sla_due. When it has passed, it decides the system actions
// (`remind`, then `mark_overdue`, by "sla") and commits them through the same path as a
// client's action: when both are due at once (the case slept through its deadline) both
// events go in one commit, reminder first. When it lies in the future but within
// idle_timeout, one delayed message to itself is armed for it (tagged with a generation, so
// a superseded timer is ignored); a point further away is left to the SLA watcher, because
// the actor will have passivated by then and a pending timer would pin a dead actor in
// memory. The check never starts a write while a passivation request is outstanding, so a
// passivated actor has nothing in flight.

#include <cstdint>
#include <optional>
#include <string>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/case_context.hpp"
#include "actors/domain/case_record.hpp"

namespace cityops {

struct case_actor_state {
  domain::case_record record;
  bool exists = false;     // false until reported or loaded
  std::uint64_t seen = 0;  // requests received, echoed in passivation requests
  bool passivating = false;      // asked the directory to passivate; no forwarded request since
  bool committing = false;       // an append is awaited
  std::int64_t timer_due = 0;    // the SLA point the armed timer is for, 0 when none is armed
  std::uint64_t timer_generation = 0;  // tags the armed timer; older ones are stale
  static inline const char* name = "case";
};

// `seed`: the case's committed state with its history, when the caller has it; otherwise the
// actor loads it from the store before taking any request.
caf::behavior case_actor(caf::stateful_actor<case_actor_state>* self, case_context_ptr ctx,
                         std::string case_id, std::optional<domain::case_record> seed,
                         caf::actor directory);

}  // namespace cityops
