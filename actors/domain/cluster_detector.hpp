#pragma once
// 集中爆发: many reports, any category, in one place within minutes. Pure: no CAF, no I/O;
// deterministic.
//
// Test (config::cluster_settings): a located report r at time t forms a cluster with the
// recent reports not yet in one that lie within radius_m of r (great-circle distance,
// haversine on the mean Earth radius: exact at Yantai's 37.5° where a degree of longitude is
// only 0.79 of one of latitude) and were reported within window_minutes before t, when they
// are at least min_reports with r.
// Growth: a later report within radius_m of an open cluster's centre (the mean of its
// members' positions, recomputed as members join) and within window_minutes of its last
// member joins it — the nearest such centre when several qualify — and observe() returns
// the cluster's grown alert with the same id: a burst of 200 reports is one alert. A cluster
// with no member for window_minutes is over.
// Alert: kind cluster, id "cl-<first member's case id>", level yellow, orange from
// 3·min_reports members, red from 10·min_reports. Evidence: members' case ids (oldest first,
// bounded), count = members, lat/lon = the centre, radius_m = the counting radius, from/to =
// the first and the latest member's report time. Node: the first member's report node;
// scope: it and its ancestors.
//
// Spatial index: two Boost.Geometry R-trees over (lon, lat) — the free recent reports and the
// open clusters' centres; a query takes the lat/lon box that holds the radius (longitude
// widened by 1/cos(lat)) and keeps what haversine puts within it. Reports older than the
// window and clusters that are over leave their trees as the stream's time advances.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "actors/domain/alert.hpp"
#include "actors/domain/risk_episode.hpp"
#include "actors/domain/risk_observation.hpp"
#include "config/risk_settings.hpp"

namespace cityops::domain {

class cluster_detector {
 public:
  explicit cluster_detector(config::cluster_settings settings);

  // The alert `o` raises or grows, if any (reports without a valid position are ignored).
  std::vector<alert> observe(const risk_observation& o);
  // The current alert of every cluster still open at now_ms, ordered by id.
  std::vector<alert> active_episodes(std::int64_t now_ms) const;
  // Recent reports in no cluster, and open clusters (the memory bound).
  std::size_t free_reports() const { return free_.size(); }
  std::size_t open_clusters() const { return clusters_.size(); }

 private:
  using point = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
  using box = boost::geometry::model::box<point>;
  using value = std::pair<point, std::uint64_t>;  // (lon, lat), report or cluster number
  using tree = boost::geometry::index::rtree<value, boost::geometry::index::quadratic<16>>;

  struct report {
    std::int64_t at_ms;
    std::string case_id;
    double lat;
    double lon;
    const std::vector<std::string>* scope;
  };
  struct cluster {
    alert episode;
    double sum_lat = 0;
    double sum_lon = 0;
    std::int64_t last_ms = 0;
  };

  void expire();
  bool join(const risk_observation& o, std::vector<alert>& out);
  bool form(const risk_observation& o, std::uint64_t number, std::vector<alert>& out);
  void describe(cluster& c) const;
  box box_around(double lat, double lon) const;

  config::cluster_settings settings_;
  std::int64_t window_ms_;
  std::map<std::uint64_t, report> free_;  // by arrival number, i.e. oldest first
  tree free_tree_;
  std::map<std::uint64_t, cluster> clusters_;  // by the number of their forming report
  tree centre_tree_;
  scope_table scopes_;
  std::uint64_t next_number_ = 0;
  std::int64_t now_ms_ = 0;
};

}  // namespace cityops::domain
