#pragma once
// The store actor's scenario requests (actors/scenario_protocol.hpp), as plain functions over
// the scenario store: the store actor stays the single writer and calls these from its
// handlers. A null store answers storage_failure.

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/scenario_protocol.hpp"
#include "storage/scenario_store.hpp"

namespace cityops {

// One synced write: the events numbered, with the active-set changes they make.
caf::result<std::vector<domain::scenario_event>> write_scenario_events(
    storage::scenario_store* store, std::vector<domain::scenario_event> events);

// The activation events of the scenarios active now.
caf::result<std::vector<domain::scenario_event>> load_active_scenarios(
    const storage::scenario_store* store);

// One page of a scenario's audit log, newest first (limit 1..1000, else invalid_field).
caf::result<std::vector<domain::scenario_event>> read_scenario_history(
    const storage::scenario_store* store, const history_request& q);

// The journal entries of one activation, oldest first.
caf::result<std::vector<domain::scenario_event>> read_scenario_journal(
    const storage::scenario_store* store, const std::string& name, std::uint64_t activation);

}  // namespace cityops
