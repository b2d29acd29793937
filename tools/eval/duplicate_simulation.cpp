#include "tools/eval/duplicate_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tools/eval/eval_rng.hpp"

namespace cityops::eval {
namespace {

constexpr double earth_radius_m = 6371008.8;  // as domain::haversine_m
constexpr double pi = 3.14159265358979323846;
constexpr double deg = pi / 180.0;
constexpr double ms_per_hour = 3600.0 * 1000;

std::int64_t offset_ms(double hours) {
  return static_cast<std::int64_t>(std::llround(hours * ms_per_hour));
}

// A report of `line` seen at GPS jitter around the anchor at `at_ms`.
simulated_report jittered(const duplicate_line& line, report_kind kind, std::size_t n,
                          double anchor_lat, double anchor_lon, double jitter_m, std::int64_t at_ms,
                          eval_rng& rng) {
  simulated_report r;
  r.id = line.group + "#" + std::to_string(n);
  r.group = line.group;
  r.incident = incident_of(line.group);
  r.kind = kind;
  r.category = line.category;
  r.text = line.text;
  r.anchor_lat = anchor_lat;
  r.anchor_lon = anchor_lon;
  r.at_ms = at_ms;
  const double north = rng.normal() * jitter_m;
  const double east = rng.normal() * jitter_m;
  destination_point(anchor_lat, anchor_lon, std::atan2(east, north), std::hypot(north, east), r.lat,
                    r.lon);
  return r;
}

}  // namespace

void destination_point(double lat, double lon, double bearing_rad, double distance_m,
                       double& out_lat, double& out_lon) {
  const double delta = distance_m / earth_radius_m;
  const double phi1 = lat * deg;
  const double lambda1 = lon * deg;
  const double sin_phi2 =
      std::sin(phi1) * std::cos(delta) + std::cos(phi1) * std::sin(delta) * std::cos(bearing_rad);
  const double phi2 = std::asin(std::max(-1.0, std::min(1.0, sin_phi2)));
  const double lambda2 =
      lambda1 + std::atan2(std::sin(bearing_rad) * std::sin(delta) * std::cos(phi1),
                           std::cos(delta) - std::sin(phi1) * sin_phi2);
  out_lat = phi2 / deg;
  out_lon = lambda2 / deg;
}

std::vector<simulated_report> simulate_reports(
    const std::vector<incident>& incidents,
    const std::vector<domain::labelled_text>& background_pool, const simulation_options& o) {
  eval_rng rng(o.seed);
  std::vector<simulated_report> out;
  const double period_hours = o.days * 24;
  const double latest_start = std::max(0.0, period_hours - o.span_hours);
  for (const auto& inc : incidents) {
    const double lat = rng.uniform(o.lat_min, o.lat_max);
    const double lon = rng.uniform(o.lon_min, o.lon_max);
    const double start_hours = rng.uniform(0, latest_start);
    auto arrival = [&] {
      return o.start_ms + offset_ms(start_hours + rng.uniform(0, o.span_hours));
    };
    std::size_t n = 0;
    for (const auto& line : inc.reports) {
      out.push_back(jittered(line, report_kind::report, ++n, lat, lon, o.jitter_m, arrival(), rng));
    }
    n = 0;
    for (const auto& line : inc.near_misses) {
      const double distance = rng.uniform(o.near_miss_min_m, o.near_miss_max_m);
      const double bearing = rng.uniform(0, 2 * pi);
      double miss_lat = 0;
      double miss_lon = 0;
      destination_point(lat, lon, bearing, distance, miss_lat, miss_lon);
      simulated_report r;
      r.id = line.group + "#" + std::to_string(++n);
      r.group = r.id;  // a near miss is an incident of its own
      r.incident = inc.id;
      r.kind = report_kind::near_miss;
      r.category = line.category;
      r.text = line.text;
      r.lat = miss_lat;
      r.lon = miss_lon;
      r.at_ms = arrival();
      r.anchor_lat = lat;
      r.anchor_lon = lon;
      out.push_back(std::move(r));
    }
  }
  // Background: a partial Fisher–Yates shuffle of the pool's indexes, reshuffled when used up.
  std::vector<std::size_t> order(background_pool.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = 0; i < o.background && !order.empty(); ++i) {
    const std::size_t k = i % order.size();
    std::swap(order[k], order[k + rng.below(order.size() - k)]);
    const auto& t = background_pool[order[k]];
    simulated_report r;
    r.id = "bg#" + std::to_string(i + 1);
    r.group = r.id;
    r.kind = report_kind::background;
    r.category = t.category;
    r.text = t.text;
    r.lat = r.anchor_lat = rng.uniform(o.lat_min, o.lat_max);
    r.lon = r.anchor_lon = rng.uniform(o.lon_min, o.lon_max);
    r.at_ms = o.start_ms + offset_ms(rng.uniform(0, period_hours));
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const simulated_report& a, const simulated_report& b) {
    return a.at_ms != b.at_ms ? a.at_ms < b.at_ms : a.id < b.id;
  });
  return out;
}

}  // namespace cityops::eval
