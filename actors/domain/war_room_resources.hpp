#pragma once
// The festival war room's resources and their runs (actors/scenarios/war_room.hpp): a shuttle
// bus is dispatched (to a gate, optionally for a case), then its run is recorded with the
// people it moved, which ends the dispatch; a run may also be recorded without a dispatch
// (the driver reports a trip made on standing orders). Pure: the scenario checks a request
// here, journals it, then applies it — and replays the journal through the same apply calls
// after a restart, so the ledger is what the journal says.
//
// Checks (the field named, as the API answers them):
//   resource  unknown: not_found; dispatched while out, released while not out: conflict
//   people    0..capacity
//   at        within the window: not before it opened, not after it closes, not more than
//             five minutes ahead of the clock (a run is reported once made)
// A run may carry the client's `ref`: the same ref again for the same resource is the same
// run (a retried request records nothing twice).

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/domain/domain_error.hpp"
#include "actors/domain/war_room_profile.hpp"

namespace cityops::domain {

struct resource_dispatch {
  std::string to;       // where it goes (a gate, a stop)
  std::string case_id;  // the case it serves ("" none)
  std::int64_t at_ms = 0;
  std::string by;
};

struct resource_run {
  std::uint64_t number = 0;  // 1, 2, … across the war room, in recording order
  std::string resource;
  std::uint32_t people = 0;
  std::string from;
  std::string to;
  std::string case_id;
  std::int64_t at_ms = 0;  // when it was made
  std::string by;
  std::string ref;  // the client's idempotency reference ("" none)
};

struct resource_state {
  const war_room_resource* resource = nullptr;
  std::optional<resource_dispatch> out;  // dispatched and not back yet
  std::uint64_t runs = 0;
  std::uint64_t people = 0;
  std::int64_t last_run_ms = 0;
};

struct run_totals {
  std::uint64_t runs = 0;
  std::uint64_t people = 0;
};

class resource_ledger {
 public:
  static constexpr std::int64_t clock_skew_ms = 5 * 60 * 1000;

  resource_ledger() = default;
  resource_ledger(const std::vector<war_room_resource>& resources, std::int64_t from_ms,
                  std::int64_t until_ms);
  // Its states point into its own resources: movable, not copyable.
  resource_ledger(resource_ledger&&) = default;
  resource_ledger& operator=(resource_ledger&&) = default;
  resource_ledger(const resource_ledger&) = delete;
  resource_ledger& operator=(const resource_ledger&) = delete;

  const resource_state* find(const std::string& id) const;
  // Every resource, in profile order.
  const std::vector<resource_state>& all() const { return states_; }

  std::optional<domain_error> check_dispatch(const std::string& id) const;
  void dispatch(const std::string& id, resource_dispatch d);
  std::optional<domain_error> check_release(const std::string& id) const;
  void release(const std::string& id);

  // The run as it will be recorded (number, and the open dispatch's destination and case
  // when the run names none), or why it is refused.
  result<resource_run> prepare_run(resource_run r, std::int64_t now_ms) const;
  // Records a prepared (or journaled) run and ends its resource's dispatch.
  const resource_run& add_run(resource_run r);
  // The run recorded with `ref` for `resource`, if any.
  const resource_run* by_ref(const std::string& resource, const std::string& ref) const;
  // A resource's runs, newest first, at most `limit`.
  std::vector<const resource_run*> runs_of(const std::string& id, std::size_t limit) const;

  run_totals totals() const { return totals_; }
  run_totals after(std::int64_t from_ms) const;  // runs made after from_ms

 private:
  resource_state* state(const std::string& id);

  std::vector<war_room_resource> resources_;
  std::vector<resource_state> states_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<resource_run> runs_;
  std::int64_t from_ms_ = 0;
  std::int64_t until_ms_ = 0;
  run_totals totals_;
};

}  // namespace cityops::domain
