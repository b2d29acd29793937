#pragma once
// A seeded stream of reports for the duplicate detector: each incident of the duplicate test
// set happens at a uniform point of the area at a uniform time of the period; its reports
// lie at Gaussian GPS jitter around that point and arrive within `span_hours` of its start;
// each near miss lies at a uniform distance in [near_miss_min_m, near_miss_max_m] and a
// uniform bearing from the point, within the same span; background cases (held-out texts
// with their true categories) are scattered uniformly over the area and the period.
// Pure: the same inputs and seed give the same stream.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/domain/training_corpus.hpp"
#include "tools/eval/duplicate_corpus.hpp"

namespace cityops::eval {

struct simulation_options {
  std::uint64_t seed = 20261207;
  // Yantai's urban area (芝罘, 莱山, 开发区, 福山 south-east).
  double lat_min = 37.40;
  double lat_max = 37.55;
  double lon_min = 121.25;
  double lon_max = 121.50;
  double jitter_m = 25;  // σ of each report's GPS error, north and east
  double near_miss_min_m = 60;
  double near_miss_max_m = 300;
  double span_hours = 4;         // an incident's reports and near misses arrive within this
  double days = 3;               // the simulated period
  std::size_t background = 600;  // unrelated cases
  std::int64_t start_ms = 1772409600000;  // 2026-03-02T00:00:00Z
};

enum class report_kind { report, near_miss, background };

struct simulated_report {
  std::string id;        // "0101-g1#2", "0101-g1-miss#1", "bg#17"
  std::string group;     // reports of one group describe one incident; a near miss or a
                         // background case is alone in its group (its id)
  std::string incident;  // the incident of a report or near miss; "" for background
  report_kind kind = report_kind::report;
  std::string category;  // the true minor code
  std::string text;
  double lat = 0;
  double lon = 0;
  std::int64_t at_ms = 0;
  double anchor_lat = 0;  // where the incident happened (background: the case's own point)
  double anchor_lon = 0;
};

// The point `distance_m` from (lat, lon) at `bearing_rad` (0 = north, clockwise) on the
// sphere of domain::haversine_m.
void destination_point(double lat, double lon, double bearing_rad, double distance_m,
                       double& out_lat, double& out_lon);

// Every report of `incidents` plus `options.background` cases drawn from `background_pool`
// (without repetition while the pool lasts), sorted by time, then id.
std::vector<simulated_report> simulate_reports(
    const std::vector<incident>& incidents,
    const std::vector<domain::labelled_text>& background_pool, const simulation_options& options);

}  // namespace cityops::eval
