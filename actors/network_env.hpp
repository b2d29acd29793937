#pragma once
// What every department and tier-node actor shares: the city model, the dispatch policy,
// and the handles they act through. Built once by the city network; immutable.

#include <memory>

#include <caf/actor.hpp>

#include "actors/domain/dispatch_planner.hpp"
#include "actors/scenario_rules_board.hpp"
#include "config/city_model.hpp"

namespace cityops {

struct network_env {
  const config::city_model* city = nullptr;  // outlives every actor
  domain::dispatch_policy policy;
  caf::actor directory;  // case moves go through it (protocol.hpp)
  caf::actor store;      // queue rebuilds read through it
  caf::actor network;    // escalations to a parent node go through it
  scenario_rules_board_ptr rules;  // the active scenarios' overlay; null: none
};

using network_env_ptr = std::shared_ptr<const network_env>;

}  // namespace cityops
