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
//                or, at alternative_factor, a category of one side is the same as or related
//                to one of the other side's alternatives (the other categories the classifier
//                ranked high for its text; never two alternatives with each other);
//   near         great-circle (haversine) distance d ≤ r, r = radius for the QUERY's category;
//   recent       reported at or before at_ms, dt = at_ms − reported_ms ≤ w (the query's window).
// Radius and window for a category: its own entry, else its major's (first two digits), else
// the default.
//
// Score (weights normalised by their sum W = w_text + w_distance + w_recency):
//   score  = factor · (w_text·t + w_distance·k + w_recency·u) / W
//   t      = min(1, C / text_full_at)
//   C      = estimated containment of the shorter text's shingles in the longer's,
//            J·(|A| + |B|) / ((1 + J)·max(min(|A|, |B|), text_min_shingles)), at most 1;
//            J = estimated Jaccard of the MinHash sketches, |A|, |B| their shingle counts
//   k      = exp(−½·(d / distance_scale_m)²)        closeness
//   u      = 1 − dt/w                               recency
//   factor = 1 for the same category, related_factor (0.85) for related-but-different, times
//            alternative_factor (0.85) when the match goes through an alternative (the best
//            of the ways two entries match counts).
// Defaults: w 0.35 / 0.55 / 0.10, text_full_at 0.6, text_min_shingles 8, distance_scale_m 50.
//
// Why containment: reports of one incident are written by different people at different
// lengths (a hotline record with district, street and crossing; a one-line grid note), and
// Jaccard divides the shared part by the union, so a short note wholly repeated in a long
// record scores low. Containment asks how much of the shorter text the longer one says. A
// text of fewer than text_min_shingles bigrams (≈ 9 characters) counts as that long, so
// "井盖坏了" inside every manhole report is not full agreement. text_full_at 0.6: when
// 60 % of the shorter text recurs, the texts agree as far as text can tell.
//
// Why a Gaussian in distance: two reports of one point-like incident (a manhole, a pole, a
// stall) differ by the position error of both. A phone fix among buildings is off by some
// 10–30 m, a pin an operator sets from a spoken address or landmark by a few tens of metres;
// the difference of two such positions has a spread of ≈ 30–50 m. So within ~50 m distance
// says little (k ≥ 0.6), and every further 50 m makes "the same incident" much less likely
// than "another one of the same kind nearby": k = 0.14 at 100 m, 0.01 at 150 m. (For
// reports scattered as a 2-D Gaussian of spread s about each other, and other incidents
// spread evenly, the likelihood ratio of d is exp(−d²/2s²), which is k.) The old linear
// 1 − d/r gave a case 100 m away 1/3 of the credit of one next door; the Gaussian gives
// 1/7. The kernel does not widen with the radius: position error does not depend on the
// category. A wide radius (a blackout, a smell) still admits far reports, but they rest on
// text and time and reach flag_score rather than link_score.
//
// Recency stays modest (0.10): reports of one incident come within hours, but so do
// different incidents nearby; recency mostly ranks an old open case below a fresh one.
//
// Why alternatives: a classifier puts some reports of one incident under a neighbouring
// category (道路破损 for one caller's 道路塌陷, 供水设施损坏 for 供水管道爆裂), and then
// the repeat report would never meet its original. The classifier's other top categories
// (case_insight keeps those scoring at least alternative_min_score) let such a pair meet,
// at the factor of a related category, so that place and text must still agree: on place
// alone within ~25 m a match through an alternative reaches link_score, beyond that it
// needs shared text.
//
// What the thresholds (config [intake.duplicates]) mean with these weights, for a report
// within hours of the same category: link_score 0.5 is reached on place alone within ~40 m,
// at 50 m with a little shared text (C ≳ 0.1), at 100 m only with nearly the same text
// (C ≳ 0.55), beyond ~110 m not at all; flag_score 0.35 on place alone within ~60 m, farther
// with shared text (C ≳ 0.45 at any distance within the radius). Calibrated with
// tools/eval (docs/intelligence.md, "Duplicates").
//
// Cost: categories are interned to small ids as entries arrive, and each id keeps the ids
// comparable with it (computed once, when a category is first seen). Every category has its
// own R-tree whose values carry the place, the report time and the entry's slot, so find()
// box-queries only the trees of the query's comparable categories (for 0807 with r = 2,000 m:
// the 0807 and 0106 cases in the box, not every open case in it), rejects a hit outside the
// window on the value alone, computes one haversine per remaining hit, and reads the entry's
// sketch (a 64-slot compare) only within r; ids are copied for the returned candidates only.
// A query category that no entry has had is compared with each known category per call.
// An entry also sits in a second tree (`alternates`) of each of its alternatives; a query
// searches, for its category, both trees of the comparable categories and, for each of its
// alternatives, their `cases` trees — at most three categories' worth of box queries, an
// entry met twice keeping its best score. upsert/remove O(log n) per category. Coordinates are WGS84 degrees; boxes do not wrap the antimeridian
// (a city never straddles it).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
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
  double link_score = 0.5;
  double flag_score = 0.35;
  // Keys: a minor ("0101") or a major ("01") category code.
  std::map<std::string, double> radius_by_category;
  std::map<std::string, std::int64_t> window_by_category;
  // Symmetric pairs of minors or majors whose cases may duplicate each other.
  std::vector<std::pair<std::string, std::string>> related;
  // Score weights and shapes (see the header comment); not settings: calibrated constants.
  double w_text = 0.35;
  double w_distance = 0.55;
  double w_recency = 0.10;
  double text_full_at = 0.6;          // containment that counts as the same text
  std::size_t text_min_shingles = 8;  // a shorter text counts as this many shingles
  double distance_scale_m = 50;       // spread of two reports' positions (≤ 0: closeness 1)
  double related_factor = 0.85;       // related-but-different categories
  double alternative_factor = 0.85;   // a match through a classifier's alternative category
  double alternative_min_score = 0.05;  // a classifier's category counts as an alternative

  // What a candidate's score means: linked (≥ link_score: duplicate_of), flagged
  // (≥ flag_score: possible_duplicate_of) or unrelated.
  enum verdict_t { unrelated, flagged, linked };
  verdict_t verdict(double score) const {
    return score >= link_score ? linked : score >= flag_score ? flagged : unrelated;
  }

  double radius_for(const std::string& category) const;
  std::int64_t window_for(const std::string& category) const;
  // Equal non-empty categories, or related ones.
  bool comparable(const std::string& a, const std::string& b) const;
};

struct open_case_entry {
  std::string id;
  std::string category;
  std::vector<std::string> alternatives;  // other categories its text may belong to
  double lat = 0;
  double lon = 0;
  std::int64_t reported_ms = 0;
  minhash_signature text;
};

struct duplicate_candidate {
  std::string id;
  double score = 0;
  double distance_m = 0;
  double text_similarity = 0;  // C of the header: estimated containment of the texts
  bool same_category = false;  // the report's category is the candidate's
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
  // The same for a report whose text may also belong to `alternatives`.
  std::vector<duplicate_candidate> find(const std::string& category,
                                        const std::vector<std::string>& alternatives, double lat,
                                        double lon, std::int64_t at_ms,
                                        const minhash_signature& text,
                                        std::size_t max_results = 5) const;

 private:
  using point = boost::geometry::model::point<double, 2, boost::geometry::cs::cartesian>;
  using box = boost::geometry::model::box<point>;
  // (lon, lat), reported_ms, slot: what the filter needs without touching the entry.
  using value = std::tuple<point, std::int64_t, std::uint32_t>;
  using tree = boost::geometry::index::rtree<value, boost::geometry::index::quadratic<16>>;
  static constexpr std::uint32_t no_category = 0xffffffffu;

  struct category_index {
    std::string code;
    tree cases;                             // the entries of this category
    tree alternates;                        // the entries with it among their alternatives
    std::vector<std::uint32_t> comparable;  // ids of the comparable categories, itself first
  };
  struct slot {
    std::string id;  // empty: free
    std::uint32_t category = no_category;  // no_category: an empty category (in no tree)
    std::vector<std::uint32_t> alternatives;  // category ids, each in its `alternates` tree
    double lat = 0;
    double lon = 0;
    std::int64_t reported_ms = 0;
    minhash_signature text;
  };

  // The id of `code` (non-empty), added with its comparable ids when new.
  std::uint32_t intern(const std::string& code);
  // The ids comparable with `code`: its own list when known (`own` its id), else computed
  // into `scratch` (`own` = no_category).
  const std::vector<std::uint32_t>& comparable_ids(const std::string& code, std::uint32_t& own,
                                                   std::vector<std::uint32_t>& scratch) const;

  duplicate_rules rules_;
  std::vector<category_index> categories_;                    // by category id
  std::unordered_map<std::string, std::uint32_t> category_ids_;  // code → id
  std::vector<slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::unordered_map<std::string, std::uint32_t> slot_of_;  // entry id → slot
};

}  // namespace cityops::domain
