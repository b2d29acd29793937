#include "actors/domain/cluster_detector.hpp"

#include <algorithm>
#include <cmath>

#include <boost/geometry.hpp>  // the strategies the R-tree queries instantiate
#include <boost/iterator/function_output_iterator.hpp>

#include "actors/domain/duplicate_detector.hpp"  // haversine_m

namespace cityops::domain {
namespace {

namespace bgi = boost::geometry::index;

constexpr double earth_radius_m = 6371008.8;
constexpr double deg = 3.14159265358979323846 / 180.0;
constexpr std::int64_t ms_per_minute = 60'000;

bool valid_position(const risk_observation& o) {
  return o.has_location && std::isfinite(o.lat) && std::isfinite(o.lon) && o.lat >= -90 &&
         o.lat <= 90 && o.lon >= -180 && o.lon <= 180;
}

}  // namespace

cluster_detector::cluster_detector(config::cluster_settings settings)
    : settings_(settings), window_ms_(settings.window_minutes * ms_per_minute) {}

cluster_detector::box cluster_detector::box_around(double lat, double lon) const {
  const double dlat = settings_.radius_m / earth_radius_m / deg * 1.001 + 1e-9;
  const double lat_lo = std::max(-90.0, lat - dlat);
  const double lat_hi = std::min(90.0, lat + dlat);
  const double cos_lat = std::cos(std::max(std::abs(lat_lo), std::abs(lat_hi)) * deg);
  const double dlon = cos_lat > 1e-9 ? std::min(180.0, dlat / cos_lat) : 180.0;
  return box{point{std::max(-180.0, lon - dlon), lat_lo},
             point{std::min(180.0, lon + dlon), lat_hi}};
}

std::vector<alert> cluster_detector::observe(const risk_observation& o) {
  std::vector<alert> out;
  now_ms_ = std::max(now_ms_, o.at_ms);
  expire();
  if (!valid_position(o) || !(settings_.radius_m > 0)) return out;
  if (join(o, out)) return out;
  const std::uint64_t number = next_number_++;
  if (form(o, number, out)) return out;
  free_.emplace(number, report{o.at_ms, o.case_id, o.lat, o.lon, scopes_.intern(o)});
  free_tree_.insert(value{point{o.lon, o.lat}, number});
  return out;
}

void cluster_detector::expire() {
  const std::int64_t horizon = now_ms_ - window_ms_;
  while (!free_.empty() && free_.begin()->second.at_ms < horizon) {
    const auto& [number, r] = *free_.begin();
    free_tree_.remove(value{point{r.lon, r.lat}, number});
    free_.erase(free_.begin());
  }
  for (auto it = clusters_.begin(); it != clusters_.end();) {
    if (it->second.last_ms >= horizon) {
      ++it;
      continue;
    }
    const alert& a = it->second.episode;
    centre_tree_.remove(value{point{a.evidence.lon, a.evidence.lat}, it->first});
    it = clusters_.erase(it);
  }
}

bool cluster_detector::join(const risk_observation& o, std::vector<alert>& out) {
  std::uint64_t best = 0;
  double best_d = 0;
  bool found = false;
  auto consider = [&](const value& v) {
    const cluster& c = clusters_.at(v.second);
    if (o.at_ms - c.last_ms > window_ms_) return;
    const double d = haversine_m(o.lat, o.lon, v.first.get<1>(), v.first.get<0>());
    if (d > settings_.radius_m) return;
    if (!found || d < best_d || (d == best_d && v.second < best)) {
      best = v.second;
      best_d = d;
      found = true;
    }
  };
  centre_tree_.query(bgi::intersects(box_around(o.lat, o.lon)),
                     boost::make_function_output_iterator(consider));
  if (!found) return false;
  cluster& c = clusters_.at(best);
  centre_tree_.remove(value{point{c.episode.evidence.lon, c.episode.evidence.lat}, best});
  c.sum_lat += o.lat;
  c.sum_lon += o.lon;
  c.last_ms = std::max(c.last_ms, o.at_ms);
  ++c.episode.evidence.count;
  add_evidence_case(c.episode, o.case_id);
  c.episode.updated_ms = o.at_ms;
  describe(c);
  centre_tree_.insert(value{point{c.episode.evidence.lon, c.episode.evidence.lat}, best});
  out.push_back(c.episode);
  return true;
}

bool cluster_detector::form(const risk_observation& o, std::uint64_t number,
                            std::vector<alert>& out) {
  std::vector<std::uint64_t> near;
  auto consider = [&](const value& v) {
    const report& r = free_.at(v.second);
    if (o.at_ms - r.at_ms > window_ms_) return;
    if (haversine_m(o.lat, o.lon, r.lat, r.lon) <= settings_.radius_m) near.push_back(v.second);
  };
  free_tree_.query(bgi::intersects(box_around(o.lat, o.lon)),
                   boost::make_function_output_iterator(consider));
  if (near.size() + 1 < std::max<std::uint32_t>(1, settings_.min_reports)) return false;
  std::sort(near.begin(), near.end());  // arrival order: oldest first

  const report& first = free_.at(near.front());
  const std::vector<std::string>& scope = *first.scope;
  cluster c;
  c.episode = start_episode_alert(alert_kind::cluster, "cl-" + first.case_id, o,
                                  scope.empty() ? std::string() : scope.back(), scope, o.at_ms);
  c.episode.category.clear();  // any category
  c.episode.evidence.from_ms = first.at_ms;
  c.episode.evidence.radius_m = settings_.radius_m;
  for (const std::uint64_t n : near) {
    const report& r = free_.at(n);
    c.sum_lat += r.lat;
    c.sum_lon += r.lon;
    add_evidence_case(c.episode, r.case_id);
    free_tree_.remove(value{point{r.lon, r.lat}, n});
    free_.erase(n);
  }
  c.sum_lat += o.lat;
  c.sum_lon += o.lon;
  add_evidence_case(c.episode, o.case_id);
  c.episode.evidence.count = static_cast<std::uint32_t>(near.size() + 1);
  c.last_ms = o.at_ms;
  describe(c);
  centre_tree_.insert(value{point{c.episode.evidence.lon, c.episode.evidence.lat}, number});
  out.push_back(c.episode);
  clusters_.emplace(number, std::move(c));
  return true;
}

void cluster_detector::describe(cluster& c) const {
  alert& a = c.episode;
  const double n = a.evidence.count;
  a.evidence.lat = c.sum_lat / n;
  a.evidence.lon = c.sum_lon / n;
  a.evidence.to_ms = c.last_ms;
  const std::uint64_t min = std::max<std::uint32_t>(1, settings_.min_reports);
  a.level = std::max(a.level, level_for(a.evidence.count, 3 * min, 10 * min));
  a.message = "集中爆发: " + std::to_string(a.evidence.count) + " reports within " +
              std::to_string(static_cast<long>(settings_.radius_m)) + " m, each within " +
              std::to_string(settings_.window_minutes) + " min of the one before";
}

std::vector<alert> cluster_detector::active_episodes(std::int64_t now_ms) const {
  std::vector<alert> out;
  for (const auto& [number, c] : clusters_)
    if (now_ms - c.last_ms <= window_ms_) out.push_back(c.episode);
  std::sort(out.begin(), out.end(), [](const alert& a, const alert& b) { return a.id < b.id; });
  return out;
}

}  // namespace cityops::domain
