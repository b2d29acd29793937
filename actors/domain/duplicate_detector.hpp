#pragma once
// The open-case duplicate index: open cases with their place, report time, category and text
// sketch; find() lists the open cases a new report may duplicate, best first, each with a
// score in [0, 1]. The caller decides: score ≥ link_score → duplicate_of, ≥ flag_score →
// possible_duplicate_of. Pure and deterministic; thread-compatible (const calls may run
// concurrently, a mutation needs exclusive access).
//
// A candidate must be:
//   comparable   same category, or categories named related by `related` (symmetric; a major
//                "01" stands for all its minors "01xx"); an empty category matches nothing;
//   near         great-circle (haversine) distance d ≤ r, r = radius for the QUERY's category;
//   recent       reported at or before at_ms, dt = at_ms − reported_ms ≤ w (the query's window).
// Radius and window for a category: its own entry, else its major's (first two digits), else
// the default.
//
// Score (weights normalised by their sum W = w_text + w_distance + w_recency):
//   t     = min(1, J / text_full_at)   J = estimated Jaccard of the MinHash sketches
//   score = factor · (w_text·t + w_distance·(1 − d/r) + w_recency·(1 − dt/w)) / W
//   factor = 1 for the same category, related_factor (0.85) for related-but-different.
// Defaults 0.6 / 0.25 / 0.15, text_full_at 0.6: the text dominates; the same place and hour
// without similar text stays below flag_score (≤ 0.4).
//
// Cost: an R-tree box query (the box covering r at the query's latitude) plus one haversine
// and a 64-slot compare per entry in the box; upsert/remove O(log n). Coordinates are WGS84
// degrees; boxes do not wrap the antimeridian (a city never straddles it).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "actors/domain/text_signature.hpp"

namespace cityops::domain {

struct duplicate_rules {
  double radius_m = 150;
  std::int64_t window_ms = 72LL * 3600 * 1000;  // 72 h
  double link_score = 0.75;
  double flag_score = 0.5;
  // Keys: a minor ("0101") or a major ("01") category code.
  std::map<std::string, double> radius_by_category;
  std::map<std::string, std::int64_t> window_by_category;
  // Symmetric pairs of minors or majors whose cases may duplicate each other.
  std::vector<std::pair<std::string, std::string>> related;
  // Score weights (see the header comment); tuned by calibration.
  double w_text = 0.6;
  double w_distance = 0.25;
  double w_recency = 0.15;
  double text_full_at = 0.6;      // estimated Jaccard that counts as the same text
  double related_factor = 0.85;   // related-but-different categories

  double radius_for(const std::string& category) const;
  std::int64_t window_for(const std::string& category) const;
  // Equal non-empty categories, or related ones.
  bool comparable(const std::string& a, const std::string& b) const;
};

struct open_case_entry {
  std::string id;
  std::string category;
  double lat = 0;
  double lon = 0;
  std::int64_t reported_ms = 0;
  minhash_signature text;
};

struct duplicate_candidate {
  std::string id;
  double score = 0;
  double distance_m = 0;
  double text_similarity = 0;  // estimated Jaccard of the text sketches
  bool same_category = false;
};

// Great-circle distance in metres (mean Earth radius 6,371,008.8 m).
double haversine_m(double lat1, double lon1, double lat2, double lon2);

class duplicate_detector {
 public:
  explicit duplicate_detector(duplicate_rules rules);

  // Adds or replaces the entry with this id. An entry whose coordinates are not finite or
  // out of range is not kept (a previous entry with the id is removed).
  void upsert(open_case_entry entry);
  // Removes the entry (no-op when absent).
  void remove(std::string_view id);
  std::size_t size() const;
  bool contains(std::string_view id) const;
  const duplicate_rules& rules() const { return rules_; }

  // Candidates for a report of `category` at (lat, lon) at `at_ms` with sketch `text`, best
  // first (score, then distance, then id), at most max_results.
  std::vector<duplicate_candidate> find(const std::string& category, double lat, double lon,
                                        std::int64_t at_ms, const minhash_signature& text,
                                        std::size_t max_results = 5) const;

 private:
  using point = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
  using box = boost::geometry::model::box<point>;
  using value = std::pair<point, std::uint64_t>;  // (lon, lat), handle
  using tree = boost::geometry::index::rtree<value, boost::geometry::index::quadratic<16>>;

  duplicate_rules rules_;
  tree tree_;
  std::unordered_map<std::uint64_t, open_case_entry> entries_;  // by handle
  std::unordered_map<std::string, std::uint64_t> handles_;      // id → handle
  std::uint64_t next_handle_ = 1;
};

}  // namespace cityops::domain
