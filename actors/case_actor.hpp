#pragma once
// One actor per active case. It holds the case's state (loaded from the store on
// activation), decides moves with the domain state machine and answers only after the store
// actor has made the resulting event durable. Requests are handled one at a time (the store
// append is awaited), so two moves of one case can never interleave.
//
// Accepts (forwarded by the case directory, which counts them):
//   (report_atom, new_case)                 -> case_record   first message of a new case
//   (act_atom, case_id, action_request)     -> case_record | error (illegal_transition, ...)
//   (fetch_atom, case_id)                   -> case_record | error (not_found)
//   (stop_atom)                             -> quits (sent by the directory to passivate it)
// Sends the directory (passivate_atom, case_id, seen) after idle_timeout without messages,
// where `seen` counts the requests it has received; at once when the case does not exist.

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
  static inline const char* name = "case";
};

// `is_new`: the case is about to be reported (no load); otherwise it is loaded from the store.
caf::behavior case_actor(caf::stateful_actor<case_actor_state>* self, case_context_ptr ctx,
                         std::string case_id, bool is_new, caf::actor directory);

}  // namespace cityops
