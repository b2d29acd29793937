#include "actors/domain/duplicate_detector.hpp"

#include <algorithm>
#include <cmath>

#include <boost/geometry.hpp>  // the strategies the R-tree queries instantiate
#include <boost/iterator/function_output_iterator.hpp>

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

std::uint32_t duplicate_detector::intern(const std::string& code) {
  if (auto it = category_ids_.find(code); it != category_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(categories_.size());
  category_index c;
  c.code = code;
  c.comparable.push_back(id);
  for (std::uint32_t other = 0; other < id; ++other) {
    if (!rules_.comparable(code, categories_[other].code)) continue;
    c.comparable.push_back(other);
    categories_[other].comparable.push_back(id);
  }
  categories_.push_back(std::move(c));
  category_ids_.emplace(code, id);
  return id;
}

void duplicate_detector::upsert(open_case_entry entry) {
  remove(entry.id);
  if (!valid_position(entry.lat, entry.lon)) return;
  std::uint32_t n;
  if (free_slots_.empty()) {
    n = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    n = free_slots_.back();
    free_slots_.pop_back();
  }
  slot& s = slots_[n];
  s.category = entry.category.empty() ? no_category : intern(entry.category);
  s.lat = entry.lat;
  s.lon = entry.lon;
  s.reported_ms = entry.reported_ms;
  s.text = entry.text;
  s.id = std::move(entry.id);
  if (s.category != no_category) {
    const value v{point{s.lon, s.lat}, s.reported_ms, n};
    categories_[s.category].cases.insert(v);
    for (const auto& code : entry.alternatives) {
      if (code.empty() || code == entry.category) continue;
      const std::uint32_t a = intern(code);
      if (std::find(s.alternatives.begin(), s.alternatives.end(), a) != s.alternatives.end())
        continue;
      s.alternatives.push_back(a);
      categories_[a].alternates.insert(v);
    }
  }
  slot_of_.emplace(s.id, n);
}

void duplicate_detector::remove(std::string_view id) {
  const auto h = slot_of_.find(std::string(id));
  if (h == slot_of_.end()) return;
  const std::uint32_t n = h->second;
  slot& s = slots_[n];
  if (s.category != no_category) {
    const value v{point{s.lon, s.lat}, s.reported_ms, n};
    categories_[s.category].cases.remove(v);
    for (const std::uint32_t a : s.alternatives) categories_[a].alternates.remove(v);
  }
  slot_of_.erase(h);
  s = slot{};
  free_slots_.push_back(n);
}

std::size_t duplicate_detector::size() const { return slot_of_.size(); }

bool duplicate_detector::contains(std::string_view id) const {
  return slot_of_.count(std::string(id)) > 0;
}

const std::vector<std::uint32_t>& duplicate_detector::comparable_ids(
    const std::string& code, std::uint32_t& own, std::vector<std::uint32_t>& scratch) const {
  if (const auto it = category_ids_.find(code); it != category_ids_.end()) {
    own = it->second;
    return categories_[own].comparable;
  }
  own = no_category;
  scratch.clear();
  for (std::uint32_t c = 0; c < categories_.size(); ++c)
    if (rules_.comparable(code, categories_[c].code)) scratch.push_back(c);
  return scratch;
}

std::vector<duplicate_candidate> duplicate_detector::find(const std::string& category, double lat,
                                                          double lon, std::int64_t at_ms,
                                                          const minhash_signature& text,
                                                          std::size_t max_results) const {
  return find(category, {}, lat, lon, at_ms, text, max_results);
}

std::vector<duplicate_candidate> duplicate_detector::find(
    const std::string& category, const std::vector<std::string>& alternatives, double lat,
    double lon, std::int64_t at_ms, const minhash_signature& text, std::size_t max_results) const {
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
  const box query_box{point{lon_lo, lat_lo}, point{lon_hi, lat_hi}};

  const double wt = std::max(0.0, rules_.w_text);
  const double wd = std::max(0.0, rules_.w_distance);
  const double wr = std::max(0.0, rules_.w_recency);
  const double weight_sum = wt + wd + wr;
  const double scale = rules_.distance_scale_m;  // ≤ 0 or NaN: distance within r is no evidence
  struct hit {
    double score;
    double distance_m;
    double text_similarity;
    std::uint32_t slot;
    bool same_category;
  };
  std::vector<hit> hits;
  // Box-queries one category's tree; its entries score at `factor` times their evidence.
  auto search_tree = [&](const tree& t, double factor, bool same_category) {
    auto consider = [&](const value& v) {
      const std::int64_t reported_ms = std::get<1>(v);
      if (reported_ms > at_ms) return;
      const std::int64_t dt = at_ms - reported_ms;
      if (dt > window) return;
      const point& p = std::get<0>(v);
      const double d = haversine_m(lat, lon, p.get<1>(), p.get<0>());
      if (d > radius) return;
      const std::uint32_t n = std::get<2>(v);
      const double similarity =
          estimated_containment(text, slots_[n].text, rules_.text_min_shingles);
      const double t = rules_.text_full_at > 0 ? clamp01(similarity / rules_.text_full_at)
                                               : (similarity > 0 ? 1.0 : 0.0);
      const double x = scale > 0 ? d / scale : 0.0;
      const double closeness = std::exp(-0.5 * x * x);
      const double recency =
          window > 0 ? clamp01(1 - static_cast<double>(dt) / static_cast<double>(window)) : 1.0;
      const double score =
          weight_sum > 0 ? clamp01(factor * (wt * t + wd * closeness + wr * recency) / weight_sum)
                         : 0.0;
      hits.push_back({score, d, similarity, n, same_category});
    };
    t.query(bgi::intersects(query_box), boost::make_function_output_iterator(consider));
  };
  // The query's category meets entries of comparable categories and entries that have one
  // among their alternatives; each of its alternatives meets entries of comparable categories.
  const double related = clamp01(rules_.related_factor);
  const double alternative = clamp01(rules_.alternative_factor);
  std::vector<std::uint32_t> scratch;
  std::uint32_t own = no_category;
  for (const std::uint32_t c : comparable_ids(category, own, scratch)) {
    const double base = c == own ? 1.0 : related;
    search_tree(categories_[c].cases, base, c == own);
    search_tree(categories_[c].alternates, base * alternative, false);
  }
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    const std::string& code = alternatives[i];
    if (code.empty() || code == category ||
        std::find(alternatives.begin(), alternatives.begin() + static_cast<std::ptrdiff_t>(i),
                  code) != alternatives.begin() + static_cast<std::ptrdiff_t>(i))
      continue;
    std::uint32_t alt = no_category;
    for (const std::uint32_t c : comparable_ids(code, alt, scratch))
      search_tree(categories_[c].cases, (c == alt ? 1.0 : related) * alternative, false);
  }
  // An entry met along several ways keeps its best score.
  std::sort(hits.begin(), hits.end(), [](const hit& a, const hit& b) {
    if (a.slot != b.slot) return a.slot < b.slot;
    if (a.score != b.score) return a.score > b.score;
    return a.same_category && !b.same_category;
  });
  hits.erase(std::unique(hits.begin(), hits.end(),
                         [](const hit& a, const hit& b) { return a.slot == b.slot; }),
             hits.end());
  // Best first (score, then distance, then id: a total order); only the kept ones get ids.
  const std::size_t kept = std::min(max_results, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(kept), hits.end(),
                    [this](const hit& a, const hit& b) {
                      if (a.score != b.score) return a.score > b.score;
                      if (a.distance_m != b.distance_m) return a.distance_m < b.distance_m;
                      return slots_[a.slot].id < slots_[b.slot].id;
                    });
  out.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) {
    const hit& h = hits[i];
    out.push_back({slots_[h.slot].id, h.score, h.distance_m, h.text_similarity, h.same_category});
  }
  return out;
}

}  // namespace cityops::domain
