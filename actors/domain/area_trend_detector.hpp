#pragma once
// 新发高发: per category × area (each district, and each street when settings.streets), a
// category far above the area's own baseline (高发) and a category new to the area (新发).
// Pure: no CAF, no I/O; deterministic.
//
// Counts are kept per hour (hour = floor(report ms / 3,600,000); a week is 168 such hours,
// so shifting by whole weeks keeps the hour of the week in any time zone).
//
// 高发 (kind high_frequency), tested on every observation of a category in an area, at the
// observation's hour h with w = window_hours and B = baseline_weeks:
//   count  = cases of the category in the area in hours (h − w, h]  (the observation included)
//   λ      = max(baseline_floor, (1/B) · Σ_{k=1..B} cases in hours (h − 168k − w, h − 168k]),
//            the same hours of the week in each of the last B weeks
//   p      = P(X ≥ count | X ~ Poisson(λ)) = P(count, λ), the regularised lower incomplete
//            gamma function (boost::math::gamma_p, Boost.Math, header-only): exact for every
//            count, no summing of terms, no cancellation in 1 − CDF
//   fires  when count ≥ min_count and p < p_value, but only once the watch covers all B
//          baseline windows (the oldest starts after the hour of the first observation the
//          detector was given): a baseline of fewer weeks is too noisy to test at 0.001, and
//          weeks before the watch began are not zeros but unknown.
//   level  yellow; orange when p < p_value/100; red when p < p_value/10,000.
//   An episode lasts while the test keeps holding on the area's observations, each within w
//   hours of the episode's last finding; a failed test or a gap of more than w ends it. Id
//   "hf-<area>-<category>-<yyyymmddhh>" (UTC+8 hour of its first finding). Evidence: count,
//   baseline λ, p, the window's cases at the first finding and every case after it (oldest
//   first, bounded), subject = the category, from/to = the window of the latest finding.
//
// 新发 (kind new_issue, level blue): a case is the first of its category in the area for
// new_days days (or ever), and the detector has watched for new_days (its first observation
// lies that far back) — before that every category would look new and a fresh system would
// flood. Its episode is that case and the category's further cases in the area within
// window_hours of it; id "ni-<area>-<case id>".
//
// Memory: per (category, area) the non-empty hours of the last 168·B + w hours (a sparse
// ring: most pairs see a few cases a week) and the case ids of the last w hours; a pair with
// nothing left in that span nor within new_days is forgotten. Pruned as the stream's time
// advances: a pair when it is observed, all pairs once per day of report time. Observations
// are expected in report-time order.

#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/risk_observation.hpp"
#include "config/risk_settings.hpp"

namespace cityops::domain {

// P(X ≥ count) for X ~ Poisson(lambda): 1 for count 0, else gamma_p(count, lambda).
double poisson_upper_tail(std::uint32_t count, double lambda);

class area_trend_detector {
 public:
  explicit area_trend_detector(config::trend_settings settings);

  // The watch began at since_ms: what happened before is unknown, from then on the detector
  // is given every case (a replay from the store starting there). Without it the watch
  // begins at the first observation.
  void watch_since(std::int64_t since_ms) { first_ms_ = since_ms; }

  // Alerts to raise or grow because of `o`: per area (district, street) a 新发 and a 高发.
  std::vector<alert> observe(const risk_observation& o);
  // The current alert of every episode still running at now_ms, ordered by id: 高发 episodes
  // whose test still holds at now_ms (and whose last finding is within the window), 新发
  // episodes within the window of their case.
  std::vector<alert> active_episodes(std::int64_t now_ms) const;
  // (category, area) pairs held (the memory bound).
  std::size_t tracked() const { return pairs_.size(); }
  // How far before now a replay must begin for the detector to hold what it would have held
  // had it watched all along: the baseline span (168·B + w hours) or new_days, the longer.
  std::int64_t replay_span_ms() const;

  // The 高发 test of one window.
  struct finding {
    bool tested = false;  // the watch covers all baseline windows
    std::uint32_t count = 0;
    double baseline = 0;
    double p_value = 1;   // computed only when count ≥ min_count
  };
  // The test of `category` in `area` for the window ending in the hour of at_ms, on what the
  // detector holds (for the desk's "why not" and for tests).
  finding evaluate(const std::string& area, const std::string& category,
                   std::int64_t at_ms) const;

 private:
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();
  struct hour_count {
    std::int64_t hour;
    std::uint32_t count;
  };
  struct pair_state {
    std::deque<hour_count> hours;                            // non-empty, oldest first
    std::deque<std::pair<std::int64_t, std::string>> cases;  // (hour, case id) of the window
    std::int64_t last_seen_ms = never;
    bool high = false;
    std::int64_t high_last_ms = 0;
    alert high_alert;
    bool fresh = false;
    alert new_alert;
  };

  void observe_area(const std::string& area, const risk_observation& o, std::vector<alert>& out);
  void check_new(pair_state& s, const std::string& area, const risk_observation& o,
                 std::vector<alert>& out) const;
  void check_high(pair_state& s, const std::string& area, const risk_observation& o,
                  std::vector<alert>& out) const;
  void record(pair_state& s, const risk_observation& o) const;
  finding test_at(const pair_state& s, std::int64_t hour) const;
  bool fires(const finding& f) const;
  std::uint32_t count_in(const pair_state& s, std::int64_t first_hour, std::int64_t last_hour) const;
  void trim(pair_state& s, std::int64_t hour) const;
  void sweep();

  config::trend_settings settings_;
  std::int64_t window_ms_;
  std::int64_t new_ms_;
  std::int64_t span_hours_;  // 168·B + w
  std::unordered_map<std::string, pair_state> pairs_;  // "<area>/<category>"
  std::int64_t first_ms_ = never;
  std::int64_t now_ms_ = never;
  std::int64_t swept_hour_ = never;
};

}  // namespace cityops::domain
