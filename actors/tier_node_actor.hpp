#pragma once
// One actor per tier node (city, district, street, community): the centre of that node. It
// holds the open cases waiting on it and carries out the dispatch plan
// (domain/dispatch_planner.hpp): dispatch to a department at its tier, or escalate to its
// parent — an escalation is a message to the parent node's actor (through the city
// network), which moves the case up and then plans again at its own tier.
//
// Accepts:
//   (assigned_atom, case_record)            -> nothing  the case (now) waits here; plans once
//                                                       per case version
//   (released_atom, case_id)                -> nothing  it no longer waits here
//   (escalate_atom, case_record, reason)    -> nothing  from a child node: take the case up
//   (queue_atom)                            -> queue_view
// With `rebuild`, it first refills its queue from storage (after a crash).

#include <string>
#include <unordered_map>

#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/domain/case_queue.hpp"
#include "actors/network_env.hpp"

namespace cityops {

struct tier_node_state {
  std::string node;
  domain::case_queue queue;
  std::unordered_map<std::string, std::uint32_t> planned;  // case id -> version planned
  static inline const char* name = "tier_node";
};

caf::behavior tier_node_actor(caf::stateful_actor<tier_node_state>* self, std::string node_id,
                              network_env_ptr env, bool rebuild);

}  // namespace cityops
