#pragma once
// Department and tier-node actors: each holds the queue of open cases waiting on it.
// Both are fed by the city network from the committed-event stream (never from uncommitted
// state). Later issues add accept/return/transfer and escalation handling here.
//
// Accepts:
//   (assigned_atom, case_id, since_ms)  -> nothing   the case now waits on this holder
//   (released_atom, case_id)            -> nothing   it no longer does
//   (queue_atom)                        -> queue_view

#include <string>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/case_queue.hpp"

namespace cityops {

struct queue_holder_state {
  std::string owner;  // department or node id
  case_queue queue;
  static inline const char* name = "queue_holder";
};

caf::behavior department_actor(caf::stateful_actor<queue_holder_state>* self,
                               std::string department_id);
caf::behavior tier_node_actor(caf::stateful_actor<queue_holder_state>* self, std::string node_id);

}  // namespace cityops
