#include "actors/domain/duplicate_detector.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <boost/geometry.hpp>  // the strategies the R-tree queries instantiate

namespace cityops::domain {
namespace {

namespace bgi = boost::geometry::index;

constexpr double earth_radius_m = 6371008.8;
constexpr double pi = 3.14159265358979323846;
constexpr double deg = pi / 180.0;

// Does category code `code` (a minor, or a major standing for its minors) cover `category`?
bool covers(const std::string& code, const std::string& category) {
  if (code == category) return true;
  return code.size() == 2 && category.size() > 2 && category.compare(0, 2, code) == 0;
}

template <typename V>
V lookup(const std::map<std::string, V>& by_category, const std::string& category, V fallback) {
  if (auto it = by_category.find(category); it != by_category.end()) return it->second;
  if (category.size() > 2) {
    if (auto it = by_category.find(category.substr(0, 2)); it != by_category.end()) {
      return it->second;
    }
  }
  return fallback;
}

bool valid_position(double lat, double lon) {
  return std::isfinite(lat) && std::isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 &&
         lon <= 180;
}

double clamp01(double x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }

}  // namespace

double duplicate_rules::radius_for(const std::string& category) const {
  return lookup(radius_by_category, category, radius_m);
}

std::int64_t duplicate_rules::window_for(const std::string& category) const {
  return lookup(window_by_category, category, window_ms);
}

bool duplicate_rules::comparable(const std::string& a, const std::string& b) const {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  for (const auto& [x, y] : related) {
    if ((covers(x, a) && covers(y, b)) || (covers(y, a) && covers(x, b))) return true;
  }
  return false;
}

double haversine_m(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = (lat2 - lat1) * deg;
  const double dlon = (lon2 - lon1) * deg;
  const double s1 = std::sin(dlat / 2);
  const double s2 = std::sin(dlon / 2);
  const double a = s1 * s1 + std::cos(lat1 * deg) * std::cos(lat2 * deg) * s2 * s2;
  return 2 * earth_radius_m * std::asin(std::min(1.0, std::sqrt(a)));
}

duplicate_detector::duplicate_detector(duplicate_rules rules) : rules_(std::move(rules)) {}

void duplicate_detector::upsert(open_case_entry entry) {
  remove(entry.id);
  if (!valid_position(entry.lat, entry.lon)) return;
  const std::uint64_t handle = next_handle_++;
  tree_.insert(value{point{entry.lon, entry.lat}, handle});
  handles_.emplace(entry.id, handle);
  entries_.emplace(handle, std::move(entry));
}

void duplicate_detector::remove(std::string_view id) {
  const auto h = handles_.find(std::string(id));
  if (h == handles_.end()) return;
  const auto e = entries_.find(h->second);
  if (e != entries_.end()) {
    tree_.remove(value{point{e->second.lon, e->second.lat}, h->second});
    entries_.erase(e);
  }
  handles_.erase(h);
}

std::size_t duplicate_detector::size() const { return handles_.size(); }

bool duplicate_detector::contains(std::string_view id) const {
  return handles_.count(std::string(id)) > 0;
}

std::vector<duplicate_candidate> duplicate_detector::find(const std::string& category, double lat,
                                                          double lon, std::int64_t at_ms,
                                                          const minhash_signature& text,
                                                          std::size_t max_results) const {
  std::vector<duplicate_candidate> out;
  if (category.empty() || max_results == 0 || !valid_position(lat, lon)) return out;
  const double radius = rules_.radius_for(category);
  const std::int64_t window = rules_.window_for(category);
  if (!(radius > 0) || window < 0) return out;

  // The box covering the radius: degrees of latitude, widened by 1/cos(lat) for longitude.
  const double dlat = radius / earth_radius_m / deg * 1.001 + 1e-9;
  const double lat_lo = std::max(-90.0, lat - dlat);
  const double lat_hi = std::min(90.0, lat + dlat);
  double lon_lo = -180;
  double lon_hi = 180;
  const double cos_lat = std::cos(std::max(std::abs(lat_lo), std::abs(lat_hi)) * deg);
  if (lat_hi < 90 && lat_lo > -90 && cos_lat > 1e-9) {
    const double dlon = dlat / cos_lat;
    if (dlon < 180) {
      lon_lo = std::max(-180.0, lon - dlon);
      lon_hi = std::min(180.0, lon + dlon);
    }
  }
  std::vector<value> in_box;
  tree_.query(bgi::intersects(box{point{lon_lo, lat_lo}, point{lon_hi, lat_hi}}),
              std::back_inserter(in_box));

  const double wt = std::max(0.0, rules_.w_text);
  const double wd = std::max(0.0, rules_.w_distance);
  const double wr = std::max(0.0, rules_.w_recency);
  const double weight_sum = wt + wd + wr;
  const double scale = rules_.distance_scale_m;  // ≤ 0 or NaN: distance within r is no evidence
  for (const value& v : in_box) {
    const auto it = entries_.find(v.second);
    if (it == entries_.end()) continue;
    const open_case_entry& e = it->second;
    if (!rules_.comparable(category, e.category)) continue;
    if (e.reported_ms > at_ms) continue;
    const std::int64_t dt = at_ms - e.reported_ms;
    if (dt > window) continue;
    const double d = haversine_m(lat, lon, e.lat, e.lon);
    if (d > radius) continue;

    duplicate_candidate c;
    c.id = e.id;
    c.distance_m = d;
    c.text_similarity = estimated_containment(text, e.text, rules_.text_min_shingles);
    c.same_category = e.category == category;
    const double t = rules_.text_full_at > 0 ? clamp01(c.text_similarity / rules_.text_full_at)
                                             : (c.text_similarity > 0 ? 1.0 : 0.0);
    const double x = scale > 0 ? d / scale : 0.0;
    const double closeness = std::exp(-0.5 * x * x);
    const double recency =
        window > 0 ? clamp01(1 - static_cast<double>(dt) / static_cast<double>(window)) : 1.0;
    const double factor = c.same_category ? 1.0 : clamp01(rules_.related_factor);
    c.score = weight_sum > 0
                  ? clamp01(factor * (wt * t + wd * closeness + wr * recency) / weight_sum)
                  : 0.0;
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const duplicate_candidate& a, const duplicate_candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.distance_m != b.distance_m) return a.distance_m < b.distance_m;
    return a.id < b.id;
  });
  if (out.size() > max_results) out.resize(max_results);
  return out;
}

}  // namespace cityops::domain
