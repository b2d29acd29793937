#pragma once
// 一人多诉: callers and addresses that keep reporting. Pure: no CAF, no I/O; deterministic
// (the same observations in the same order give the same alerts with the same ids).
//
// Two tests (config::repeat_settings), each over its own sliding window of report times:
//   repeat_caller   one reporter_hash with ≥ min_cases cases (any categories) within
//                   window_hours. Level by the episode's case count n: yellow, orange from
//                   2·min_cases, red from 3·min_cases. Subject: the hash.
//   repeat_address  one address_key with cases from ≥ address_min_callers different callers
//                   within address_window_hours (only cases with a caller hash count). Level
//                   by the distinct callers in the window c: yellow, orange from
//                   2·address_min_callers, red from 3·. Subject: the address key.
// Episodes: the first case that meets a test starts an episode (its first case is the oldest
// case of the window then); every later case of the caller (the address) joins it while it
// comes within the window of the episode's last case, and observe() returns the grown alert
// with the same id. When a window passes with no case the episode is over; a later run is a
// new episode with a new id. Ids: "rc-<first 12 of the hash>-<first case id>",
// "ra-<12 hex of the address key's FNV-1a>-<first case id>". Evidence: the episode's cases
// (oldest first, at most alert_evidence_max_cases), count = its cases, from/to = the first
// and last case's report times. Node: the report node of the episode's first case; scope: it
// and its ancestors.
//
// Memory: the cases within the window per caller and per address; a caller or address with
// no case within its window is forgotten (pruned as the stream's time advances).
// Observations are expected in report-time order; time never runs backwards for pruning
// (the latest report time seen is "now").

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/risk_episode.hpp"
#include "actors/domain/risk_observation.hpp"
#include "config/risk_settings.hpp"

namespace cityops::domain {

class repeat_caller_detector {
 public:
  explicit repeat_caller_detector(config::repeat_settings settings);

  // Alerts to raise or grow because of `o` (at most one per test).
  std::vector<alert> observe(const risk_observation& o);
  // The current alert of every episode still running at now_ms, ordered by id.
  std::vector<alert> active_episodes(std::int64_t now_ms) const;
  // Callers and addresses held (the memory bound).
  std::size_t tracked() const { return callers_.size() + addresses_.size(); }
  const config::repeat_settings& settings() const { return settings_; }

 private:
  struct call {
    std::int64_t at_ms;
    std::string case_id;
    std::string caller;
    const std::vector<std::string>* scope;
  };
  struct run {
    std::deque<call> recent;                       // within the window, oldest first
    std::map<std::string, std::uint32_t> callers;  // distinct callers of `recent` (addresses)
    std::int64_t last_ms = 0;
    bool in_episode = false;
    alert episode;
  };
  using runs = std::unordered_map<std::string, run>;
  struct test {
    alert_kind kind;
    std::int64_t window_ms;
    std::uint32_t threshold;  // cases (callers) or distinct callers (addresses)
    runs* held;
    std::deque<std::pair<std::int64_t, std::string>>* arrivals;  // (report time, key)
  };

  std::vector<alert> track(const test& t, const std::string& key, const risk_observation& o,
                           const std::vector<std::string>* scope);
  void start(const test& t, const std::string& key, run& r, const risk_observation& o) const;
  void describe(const test& t, const std::string& key, run& r) const;
  void prune(const test& t);
  test caller_test();
  test address_test();

  config::repeat_settings settings_;
  runs callers_;
  runs addresses_;
  std::deque<std::pair<std::int64_t, std::string>> caller_arrivals_;
  std::deque<std::pair<std::int64_t, std::string>> address_arrivals_;
  scope_table scopes_;
  std::int64_t now_ms_ = 0;
};

}  // namespace cityops::domain
