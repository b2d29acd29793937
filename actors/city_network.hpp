#pragma once
// The city network: spawns one department actor per configured department and one tier-node
// actor per node, subscribes to the committed-event stream, and tells each holder when a case
// starts or stops waiting on it. A case waits on its department while dispatched or in
// progress, and on the centre of its current tier node in every other open status.
//
// Accepts:
//   (committed_atom, case_commit)            -> nothing (from the stream)
//   (queue_atom, "department"|"node", id)    -> queue_view | error (unknown_department/node)

#include <string>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "config/city_model.hpp"

namespace cityops {

struct city_network_state {
  std::unordered_map<std::string, caf::actor> departments;
  std::unordered_map<std::string, caf::actor> nodes;
  static inline const char* name = "city_network";
};

// `city` must outlive the actor.
caf::behavior city_network(caf::stateful_actor<city_network_state>* self,
                           const config::city_model* city);

}  // namespace cityops
