#pragma once
// What the risk detectors share about an episode's alert: starting it from its first
// observation, adding a case to its evidence, its level by how far the count exceeds the
// threshold, and the scope of an area alert. Pure: no CAF, no I/O.
//
// An episode (a caller's run of calls, a building's callers, a category rising in an area, a
// burst in one place) is one alert whose id the detector derives from the input stream only
// (its area, category, first case or first hour), so the same stream replayed after a restart
// names the same alerts and the store's insert-if-absent keeps them single.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/risk_observation.hpp"

namespace cityops::domain {

// A new open alert of `kind` with id `id` about `node`, seen in `scope` (the node and its
// ancestors, city first), first found at `at_ms`; category from `first`, no cases yet.
alert start_episode_alert(alert_kind kind, std::string id, const risk_observation& first,
                          std::string node, std::vector<std::string> scope, std::int64_t at_ms);

// Appends `case_id` to the evidence while it holds fewer than alert_evidence_max_cases (the
// oldest are the ones kept); `count` is the caller's to keep.
void add_evidence_case(alert& a, const std::string& case_id);

// yellow below orange_at, orange below red_at, red from red_at on.
alert_level level_for(std::uint64_t count, std::uint64_t orange_at, std::uint64_t red_at);

// The scope of an alert about `area` (a node on the observation's path): the path's prefix
// up to and including it, i.e. the area and its ancestors. The whole path when absent.
std::vector<std::string> scope_up_to(const risk_observation& o, std::string_view area);

// The report node of an observation: the last node of its path, "" when it has none.
std::string report_node(const risk_observation& o);

// The scopes of the report nodes seen, each kept once: a detector holding many recent cases
// keeps a pointer to its report node's scope instead of a copy of the path. Bounded by the
// city's nodes; the pointers stay valid for the table's life.
class scope_table {
 public:
  // The observation's scope_nodes, stored under its report node.
  const std::vector<std::string>* intern(const risk_observation& o);

 private:
  std::unordered_map<std::string, std::vector<std::string>> by_node_;
};

// 16 hex digits of a 64-bit FNV-1a hash: a short id-safe name for a text (an address key).
std::string hex_digest(std::string_view text);

}  // namespace cityops::domain
