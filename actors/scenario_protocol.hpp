#pragma once
// The scenarios' vocabulary (actors/scenario.hpp): the supervisor's answers to the gateway,
// what a scenario's host and the supervisor tell each other, the store actor's scenario
// requests and the feed's scenario notices.
//
//   scenario supervisor
//     (scenario_atom, list_atom)                         -> std::vector<scenario_view>
//     (scenario_atom, get_atom, name)                    -> scenario_view | not_found
//     (scenario_atom, activate_atom, scenario_call)      -> scenario_view (active) |
//          not_found (unknown) | conflict (active, starting or stopping) | invalid_field /
//          missing_field naming the parameter | internal (it failed while starting) |
//          storage_failure
//     (scenario_atom, deactivate_atom, scenario_call)    -> scenario_view (inactive) |
//          not_found | conflict (not active) | storage_failure
//     (scenario_atom, history_atom, history_request)     -> scenario_history | not_found
//     (scenario_atom, call_atom, name, scenario_request) -> scenario_reply | not_found
//          (unknown, or not active)
//     (scenario_atom, ready_atom)                        -> bool, once the active set is
//          restored at start
//   scenario host: actors/scenario_host.hpp
//   store actor
//     (scenario_atom, put_atom, std::vector<scenario_event>) -> the events as stored
//          (numbered), one synced write | storage_failure
//     (scenario_atom, load_atom)                          -> std::vector<scenario_event>:
//          the activation events of the active set
//     (scenario_atom, history_atom, history_request)      -> std::vector<scenario_event>
//     (scenario_atom, journal_atom, name, uint64 activation) -> std::vector<scenario_event>
//   published on the scenario stream (scenario_stream_name):
//     (scenario_atom, scenario_notice)  activations, deactivations, failures, what active
//          scenarios publish; the feed hub relays them as `kind: "scenario"`
//   published on the sample stream (sample_stream_name) by the vital-signs watch:
//     (indicator_atom, std::vector<indicator_sample>) each batch once stored

#include <cstdint>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/domain/scenario_event.hpp"
#include "actors/domain/scenario_rules.hpp"
#include "actors/indicator_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/scenario.hpp"

namespace cityops::domain {

// In the domain's namespace, for argument-dependent lookup (like actors/domain_inspect.hpp).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, scenario_event& x) {
  return f(caf::meta::type_name("scenario_event"), x.seq, x.scenario, x.kind, x.at_ms, x.by,
           x.parameters, x.detail, x.activation);
}

}  // namespace cityops::domain

namespace cityops {

using get_atom = caf::get_atom;
using scenario_atom = caf::atom_constant<caf::atom("scenario")>;
using activate_atom = caf::atom_constant<caf::atom("activate")>;
using deactivate_atom = caf::atom_constant<caf::atom("deactivate")>;
using configure_atom = caf::atom_constant<caf::atom("configure")>;
using rules_atom = caf::atom_constant<caf::atom("rules")>;
using adjust_atom = caf::atom_constant<caf::atom("adjust")>;
using journal_atom = caf::atom_constant<caf::atom("journal")>;
using call_atom = caf::atom_constant<caf::atom("call")>;
using ready_atom = caf::atom_constant<caf::atom("ready")>;
using failed_atom = caf::atom_constant<caf::atom("failed")>;
using spawned_atom = caf::atom_constant<caf::atom("spawned")>;
using timer_atom = caf::atom_constant<caf::atom("scntimer")>;
using watchdog_atom = caf::atom_constant<caf::atom("watchdog")>;

// Activations, deactivations, failures and what active scenarios publish.
constexpr const char* scenario_stream_name = "cityops.scenarios";

// An activation or deactivation asked through the API.
struct scenario_call {
  std::string name;
  std::string parameters;  // activation: the JSON object as given
  std::string by;          // the principal
  std::string reason;      // deactivation: why (optional)
};

// A scenario as GET /api/v1/scenarios shows it.
struct scenario_view {
  const scenario_description* description = nullptr;  // lives in the registry
  std::string state;  // "inactive", "starting", "active", "stopping"
  domain::scenario_event activation;  // the current (or last) `activated` event; seq 0: never
  domain::scenario_event ended;       // how the last activation ended (deactivated/failed)
};

// One page of a scenario's audit log, newest first; `before` of the next page (0: no more).
struct history_request {
  std::string name;
  std::uint64_t before = 0;  // 0: from the newest
  std::uint32_t limit = 50;
};
struct scenario_history {
  std::vector<domain::scenario_event> items;
  std::uint64_t next_before = 0;
};

// A notice on the feed.
struct scenario_notice {
  std::string scenario;
  std::string event;  // activated, deactivated, failed, cases_adjusted, or the scenario's own
  std::int64_t at_ms = 0;
  std::string node;   // what it concerns ("" = the whole city)
  std::string data;   // JSON
};

// What the supervisor hands a host to start its scenario.
struct host_start {
  std::uint64_t activation = 0;
  bool restoring = false;
  std::vector<domain::scenario_event> journal;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, scenario_call& x) {
  return f(caf::meta::type_name("scenario_call"), x.name, x.parameters, x.by, x.reason);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_request& x) {
  return f(caf::meta::type_name("history_request"), x.name, x.before, x.limit);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, scenario_history& x) {
  return f(caf::meta::type_name("scenario_history"), x.items, x.next_before);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, scenario_notice& x) {
  return f(caf::meta::type_name("scenario_notice"), x.scenario, x.event, x.at_ms, x.node,
           x.data);
}

}  // namespace cityops

// Local messages only (the registry's descriptions, rule sets with their areas, HTTP-shaped
// requests): never serialized.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::scenario_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<cityops::scenario_view>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::host_start)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::scenario_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::scenario_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::domain::scenario_rule_set)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::domain::scenario_area)
