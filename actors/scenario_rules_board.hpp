#pragma once
// Where the deciding actors find the current rules overlay (domain/scenario_rules.hpp): one
// immutable snapshot behind a shared pointer, swapped atomically by the scenario supervisor
// whenever the active scenarios' rules change. A decision loads the snapshot once and uses
// only it, so it never sees a half-built overlay or two overlays at once; a snapshot being
// read stays alive until its readers let go. Thread-safe; no CAF.
//
// Readers: the intake shards (a new report's node, deadline, priority), case actors (the
// case machine's SLA limits, dispatch without a named department, `adjust`), tier-node
// centres (dispatch planning at a war-room node).

#include <atomic>
#include <memory>

#include "actors/domain/scenario_rules.hpp"

namespace cityops {

class scenario_rules_board {
 public:
  scenario_rules_board() : rules_(std::make_shared<const domain::scenario_rules>()) {}
  scenario_rules_board(const scenario_rules_board&) = delete;
  scenario_rules_board& operator=(const scenario_rules_board&) = delete;

  // The overlay now (never null: an empty one when no scenario contributes).
  domain::scenario_rules_ptr current() const { return std::atomic_load(&rules_); }
  // Replaces the overlay; decisions already holding the old one finish with it.
  void publish(domain::scenario_rules_ptr rules) {
    if (!rules) rules = std::make_shared<const domain::scenario_rules>();
    std::atomic_store(&rules_, std::move(rules));
  }

 private:
  domain::scenario_rules_ptr rules_;
};

using scenario_rules_board_ptr = std::shared_ptr<scenario_rules_board>;

}  // namespace cityops
