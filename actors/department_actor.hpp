#pragma once
// One actor per department: it holds the queue of cases dispatched to it or in progress
// there, the cases it assists (协办), and is the door through which department staff act on
// their cases — a department may act only on cases in its own queue (or, for
// assist_report, cases it assists). Moves are recorded with `by` = "<department>/<staff>".
//
// Accepts:
//   (assigned_atom, case_record)                  -> nothing  the case waits on it
//   (released_atom, case_id)                      -> nothing
//   (assist_atom, case_id, bool assisting)        -> nothing  named / no longer an assistant
//   (dept_act_atom, case_id, action_request)      -> case_record | error (not_found when the
//        case is not its own; invalid_field when the action is not a department's)
//   (queue_atom)                                  -> queue_view
// With `rebuild`, it first refills its queue from storage (after a crash).

#include <string>
#include <unordered_set>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_queue.hpp"
#include "actors/network_env.hpp"

namespace cityops {

struct department_state {
  std::string department;
  domain::case_queue queue;
  std::unordered_set<std::string> assisting;
  static inline const char* name = "department";
};

// Actions department staff take through their department: 签收 (start), 退单 (return),
// 转派 (transfer), handle, extend (a request), assist_report.
bool is_department_action(domain::case_action a);

caf::behavior department_actor(caf::stateful_actor<department_state>* self,
                               std::string department_id, network_env_ptr env, bool rebuild);

}  // namespace cityops
