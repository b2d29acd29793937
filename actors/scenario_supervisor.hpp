#pragma once
// The scenario supervisor: activates and deactivates scenarios (actors/scenario.hpp) at run
// time, keeps the audit log durable, composes the rules overlay and publishes it, and watches
// every scenario's host.
//
// Activation: the scenario's host (a detached actor in the service) configures a fresh
// instance with the parameters — a refusal is answered as the parameter error and leaves no
// trace —, then the `activated` event is stored (synced: who, when, parameters), then the
// scenario's activate() runs; the rules it set are published before the caller is answered.
// Deactivation: the `deactivated` event is stored first, then deactivate() runs, then the
// rules are withdrawn, its actors stopped and the open-case adjustments it asked for run.
// At start the active set is read from the store and every scenario re-activated with its
// parameters and its journal (`restored`); (scenario_atom, ready_atom) is answered once that
// is done, so the runtime serves no report before the overlay is back.
//
// Failure: a handler that throws (the host reports it, or the host ends abnormally) or that
// runs past the watchdog's `budget` (checked every budget / 4) fails the scenario: its rules
// are withdrawn at once, its host and actors are stopped (a stalled host's thread ends when
// its handler returns), a `failed` event is stored and published. Cases keep flowing: no core
// actor waits on a scenario.
//
// Precedence of overlapping scenarios: the overlay orders contributions by activation
// sequence number, most recent first (domain/scenario_rules.hpp).
//
// Accepts: see actors/scenario_protocol.hpp; from hosts (rules_atom | adjust_atom |
// spawned_atom | failed_atom | deactivate_atom, name, activation, …).

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/scenario.hpp"
#include "actors/scenario_host.hpp"
#include "actors/scenario_rules_board.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"

namespace cityops {

struct scenario_supervisor_setup {
  scenario_registry_ptr registry;
  const config::city_model* city = nullptr;  // outlives the supervisor
  const wall_clock* clock = nullptr;         // outlives the supervisor
  caf::actor store;
  caf::actor directory;
  scenario_rules_board_ptr board;
  // Hosts on threads of their own (the service); false under the test coordinator.
  bool detached_hosts = true;
  // A handler running longer than this fails its scenario.
  std::chrono::milliseconds budget{10000};
};

struct scenario_entry {
  enum class phase { starting, active, stopping } state = phase::starting;
  std::uint64_t attempt = 0;            // the supervisor's own count: tells attempts apart
  domain::scenario_event activation;    // seq 0 until stored
  caf::actor host;
  std::shared_ptr<host_watch> watch;
  domain::scenario_rule_set rules;
  std::vector<caf::actor> children;
  std::optional<caf::response_promise> waiting;    // the caller of activate / deactivate
  std::vector<domain::scenario_area> adjust_after; // asked while stopping: run afterwards
  bool restoring = false;                          // re-activated at start
};

struct scenario_supervisor_state {
  scenario_supervisor_setup setup;
  std::map<std::string, scenario_entry> entries;
  std::map<std::string, domain::scenario_event> ended;  // how each last ended, since start
  std::uint64_t attempts = 0;
  bool loaded = false;  // the active set was read at start
  std::vector<caf::response_promise> ready_waiters;
  bool watchdog_armed = false;
  static inline const char* name = "scenario_supervisor";
};

caf::behavior scenario_supervisor(caf::stateful_actor<scenario_supervisor_state>* self,
                                  scenario_supervisor_setup setup);

}  // namespace cityops
