#pragma once
// The risk watch's statistical detectors together: 一人多诉 (repeat_caller_detector), 新发高发
// (area_trend_detector) and 集中爆发 (cluster_detector), fed the same observations. Pure: no
// CAF, no I/O; deterministic.
//
// Restart: the owner rebuilds the detectors by calling watch_since(now − replay_span_ms()) and
// feeding observe() the stored cases from then on in report-time order, discarding what it returns, then
// raises active_episodes(now): the alerts of the episodes still running. Since every
// episode id is a function of the observations alone, the alerts raised before the restart
// come back with the same ids (insert-if-absent keeps them single) and the episodes go on
// growing them.

#include <cstdint>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/area_trend_detector.hpp"
#include "actors/domain/cluster_detector.hpp"
#include "actors/domain/repeat_caller_detector.hpp"
#include "actors/domain/risk_observation.hpp"
#include "config/risk_settings.hpp"

namespace cityops::domain {

class risk_detectors {
 public:
  risk_detectors(const config::repeat_settings& repeat, const config::trend_settings& trend,
                 const config::cluster_settings& cluster);
  explicit risk_detectors(const config::risk_settings& settings);

  // The watch began at since_ms (area_trend_detector::watch_since): a replay from the store
  // starting there calls this first.
  void watch_since(std::int64_t since_ms) { trend_.watch_since(since_ms); }
  // Every alert `o` raises or grows: callers and addresses, then areas, then clusters.
  std::vector<alert> observe(const risk_observation& o);
  // The running episodes of all three detectors at now_ms, ordered by id.
  std::vector<alert> active_episodes(std::int64_t now_ms) const;
  // How far back a replay reaches: the longest span a detector's state covers (the trend
  // detector's baseline span in practice) plus a week, so that an episode running at the
  // restart is replayed from its start (its first case, or the first hour its test held,
  // and the span before it) and keeps its id. An episode that began earlier still is found
  // again from the replay's start under a new id; its old alert stays on the board.
  std::int64_t replay_span_ms() const;

  const repeat_caller_detector& callers() const { return repeat_; }
  const area_trend_detector& areas() const { return trend_; }
  const cluster_detector& clusters() const { return cluster_; }

 private:
  repeat_caller_detector repeat_;
  area_trend_detector trend_;
  cluster_detector cluster_;
};

}  // namespace cityops::domain
