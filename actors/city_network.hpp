#pragma once
// The city network: spawns one department actor per configured department and one
// tier-node actor per node, feeds them from the committed-event stream, relays escalations
// from a node to its parent, and supervises them. A case waits on its department while
// dispatched or in progress, and on the centre of its current tier node in every other open
// status (domain::waiting_on).
//
// At start every queue is filled from one scan of the waiting index (store actor,
// rebuild_atom) before the network serves anything; tier nodes plan their waiting cases again.
//
// Supervision (CAF 0.17 has no supervisor): children are linked and their exits trapped. A
// child that fails is restarted with `rebuild` (it refills its queue from storage); more than
// `max_restarts` restarts within `restart_period` is a crash loop: the network logs it and
// quits with the child's error, which the runtime turns into a clean shutdown.
//
// Accepts:
//   (committed_atom, committed_batch)                     -> nothing (from the stream)
//   (escalate_atom, parent_id, case_record, reason)   -> nothing (from a child node actor)
//   (queue_atom, "department"|"node", id)             -> queue_view | error
//   (dept_act_atom, department, case_id, action_request) -> case_record | error
//   (lookup_atom, "department"|"node", id)            -> actor | error (tests, diagnostics)

#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/actor_clock.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/network_env.hpp"

namespace cityops {

struct network_settings {
  domain::dispatch_policy dispatch;
  std::uint32_t max_restarts = 5;
  std::chrono::seconds restart_period{60};
  // Called once, from the network's thread, when a crash loop makes it stop; the runtime
  // turns it into a clean shutdown of the service.
  std::function<void(std::string)> on_fatal;
  // The active scenarios' overlay the centres plan with (null: none).
  scenario_rules_board_ptr rules;
};

struct city_network_state {
  std::unordered_map<std::string, caf::actor> departments;
  std::unordered_map<std::string, caf::actor> nodes;
  network_env_ptr env;
  network_settings settings;
  std::deque<caf::actor_clock::time_point> restarts;  // within the current period
  static inline const char* name = "city_network";
};

// `city` must outlive the actor; `directory` and `store` are the case directory and store
// actor of the same runtime.
caf::behavior city_network(caf::stateful_actor<city_network_state>* self,
                           const config::city_model* city, caf::actor directory,
                           caf::actor store, network_settings settings);

}  // namespace cityops
