#include "actors/domain/duplicate_detector.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace cityops::domain;

namespace {

constexpr double base_lat = 37.5446;  // 芝罘区, 南大街/北马路
constexpr double base_lon = 121.3961;
constexpr double metres_per_degree = 6371008.8 * 3.14159265358979323846 / 180.0;
constexpr std::int64_t hour_ms = 3600 * 1000;
constexpr std::int64_t t0 = 1'763'400'000'000;  // 2025-11-17

const char* const manhole = "芝罘区南大街和北马路交叉口井盖塌陷污水外冒";
const char* const manhole_again = "南大街北马路路口那个井盖塌了往外冒污水";
const char* const streetlight = "南大街北马路路口的路灯晚上不亮，行人看不清路";

double north(double metres) { return base_lat + metres / metres_per_degree; }
double east(double metres) {
  return base_lon + metres / (metres_per_degree * std::cos(base_lat * 3.14159265358979323846 / 180));
}

open_case_entry entry(std::string id, std::string category, double lat, double lon,
                      std::int64_t reported_ms, const char* text) {
  open_case_entry e;
  e.id = std::move(id);
  e.category = std::move(category);
  e.lat = lat;
  e.lon = lon;
  e.reported_ms = reported_ms;
  e.text = text_minhash(text);
  return e;
}

std::vector<std::string> ids(const std::vector<duplicate_candidate>& found) {
  std::vector<std::string> out;
  for (const auto& c : found) out.push_back(c.id);
  return out;
}

}  // namespace

TEST_CASE("a report near an open case within the window finds it", "[duplicates]") {
  duplicate_detector d{duplicate_rules{}};
  d.upsert(entry("A", "0101", base_lat, base_lon, t0, manhole));
  CHECK(d.size() == 1);
  const auto found = d.find("0101", north(40), base_lon, t0 + 2 * hour_ms, text_minhash(manhole_again));
  REQUIRE(found.size() == 1);
  CHECK(found[0].id == "A");
  CHECK(found[0].same_category);
  CHECK(found[0].distance_m == Approx(40).margin(0.5));
  CHECK(found[0].text_similarity > 0.1);
  CHECK(found[0].score >= d.rules().flag_score);
  CHECK(found[0].score < 1.0);

  // The same text at the same place and time scores 1.
  const auto same = d.find("0101", base_lat, base_lon, t0, text_minhash(manhole));
  REQUIRE(same.size() == 1);
  CHECK(same[0].score == Approx(1.0));
  CHECK(same[0].score >= d.rules().link_score);
}

TEST_CASE("the score follows the documented formula", "[duplicates]") {
  const duplicate_rules rules;
  CHECK(rules.w_text + rules.w_distance + rules.w_recency == Approx(1.0));
  duplicate_detector d{rules};
  d.upsert(entry("A", "0101", base_lat, base_lon, t0, manhole));
  const auto q = text_minhash(manhole_again);
  const auto found = d.find("0101", base_lat, east(75), t0 + 36 * hour_ms, q);
  REQUIRE(found.size() == 1);
  // Containment from the Jaccard estimate and the shingle counts (both texts > 8 shingles).
  const auto a = text_minhash(manhole);
  const double j = estimated_jaccard(q, a);
  const double c = j * (q.shingle_count + a.shingle_count) /
                   ((1 + j) * std::min(q.shingle_count, a.shingle_count));
  CHECK(found[0].text_similarity == Approx(c));
  const double t = std::min(1.0, c / rules.text_full_at);
  const double k = std::exp(-0.5 * (75.0 / 50.0) * (75.0 / 50.0));  // 0.32
  CHECK(found[0].score ==
        Approx(rules.w_text * t + rules.w_distance * k + rules.w_recency * 0.5).epsilon(0.01));
}

TEST_CASE("a short report wholly inside a long one counts as the same text", "[duplicates]") {
  // A hotline record and a grid note of one manhole: the note's words all recur in the record.
  const char* const record =
      "市民来电反映：芝罘区南大街和北马路交叉口往东二十米的慢车道上井盖塌陷，污水外冒，"
      "车辆经过很危险，请尽快处理";
  const char* const note = "南大街北马路交叉口井盖塌陷污水外冒";
  const auto r = text_minhash(record);
  const auto n = text_minhash(note);
  REQUIRE(n.shingle_count < r.shingle_count / 2);
  CHECK(estimated_jaccard(n, r) < 0.5);  // the union is mostly the record's own words

  duplicate_detector d{duplicate_rules{}};
  d.upsert(entry("record", "0101", base_lat, base_lon, t0, record));
  const auto found = d.find("0101", north(30), base_lon, t0 + hour_ms, n);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text_similarity > 0.8);
  CHECK(found[0].score >= d.rules().link_score);

  // Containment without the floor would make a few generic words "contained" in every
  // manhole report; the floor of 8 shingles keeps them weak.
  const auto few = text_minhash("井盖塌了");  // 3 shingles
  CHECK(estimated_containment(few, r, 1) > 0.6);
  CHECK(estimated_containment(few, r, d.rules().text_min_shingles) <= 3.0 / 8.0 + 1e-9);
}

TEST_CASE("closeness falls steeply beyond the reports' position error", "[duplicates]") {
  duplicate_rules rules;
  rules.radius_m = 300;
  duplicate_detector d{rules};
  for (const int m : {0, 25, 50, 100, 150, 250}) {
    d.upsert(entry("at" + std::to_string(m), "0101", north(m), base_lon, t0, manhole));
  }
  const auto found = d.find("0101", base_lat, base_lon, t0, text_minhash(manhole), 10);
  REQUIRE(ids(found) == std::vector<std::string>{"at0", "at25", "at50", "at100", "at150", "at250"});
  // Same text and time: score = w_text + w_recency + w_distance · exp(−½ (d / 50 m)²).
  const double base = rules.w_text + rules.w_recency;
  const auto closeness = [&](std::size_t i) { return (found[i].score - base) / rules.w_distance; };
  CHECK(closeness(0) == Approx(1.0));
  CHECK(closeness(1) == Approx(std::exp(-0.125)).margin(0.01));  // 0.88: within GPS error
  CHECK(closeness(2) == Approx(std::exp(-0.5)).margin(0.01));    // 0.61
  CHECK(closeness(3) == Approx(std::exp(-2.0)).margin(0.01));    // 0.14 (linear 1 − d/r: 0.67)
  CHECK(closeness(4) < 0.02);
  CHECK(closeness(5) < 1e-5);
  // The same text links up to ~110 m; at 150 m it is only flagged.
  CHECK(found[3].score >= rules.link_score);
  CHECK(found[4].score < rules.link_score);
  CHECK(found[4].score >= rules.flag_score);

  SECTION("a scale of 0 makes every distance within the radius count fully") {
    rules.distance_scale_m = 0;
    duplicate_detector flat{rules};
    flat.upsert(entry("far", "0101", north(250), base_lon, t0, manhole));
    const auto f = flat.find("0101", base_lat, base_lon, t0, text_minhash(manhole));
    REQUIRE(f.size() == 1);
    CHECK(f[0].score == Approx(1.0));
  }
}

TEST_CASE("a case 300 m away is not found with a 150 m radius", "[duplicates]") {
  duplicate_detector d{duplicate_rules{}};
  d.upsert(entry("far", "0101", north(300), base_lon, t0, manhole));
  d.upsert(entry("diagonal", "0101", north(110), east(110), t0, manhole));  // ~155 m
  d.upsert(entry("near", "0101", north(100), east(100), t0, manhole));      // ~141 m
  CHECK(ids(d.find("0101", base_lat, base_lon, t0 + hour_ms, text_minhash(manhole))) ==
        std::vector<std::string>{"near"});
}

TEST_CASE("a per-category radius override for the major applies to its minors", "[duplicates]") {
  duplicate_rules rules;
  rules.radius_by_category["01"] = 300;
  rules.radius_by_category["0102"] = 50;
  CHECK(rules.radius_for("0101") == 300);
  CHECK(rules.radius_for("0102") == 50);
  CHECK(rules.radius_for("0201") == 150);
  duplicate_detector d{rules};
  d.upsert(entry("manhole", "0101", north(250), base_lon, t0, manhole));
  d.upsert(entry("light", "0201", north(250), base_lon, t0, streetlight));
  d.upsert(entry("drain", "0102", north(80), base_lon, t0, manhole));
  CHECK(ids(d.find("0101", base_lat, base_lon, t0, text_minhash(manhole))) ==
        std::vector<std::string>{"manhole"});
  CHECK(d.find("0201", base_lat, base_lon, t0, text_minhash(streetlight)).empty());
  CHECK(d.find("0102", base_lat, base_lon, t0, text_minhash(manhole)).empty());
}

TEST_CASE("only cases reported within the window before the report count", "[duplicates]") {
  duplicate_rules rules;
  rules.window_by_category["0101"] = 24 * hour_ms;
  duplicate_detector d{rules};
  d.upsert(entry("old", "0101", base_lat, base_lon, t0 - 25 * hour_ms, manhole));
  d.upsert(entry("recent", "0101", base_lat, base_lon, t0 - 23 * hour_ms, manhole));
  d.upsert(entry("later", "0101", base_lat, base_lon, t0 + 1, manhole));
  CHECK(ids(d.find("0101", base_lat, base_lon, t0, text_minhash(manhole))) ==
        std::vector<std::string>{"recent"});
  // The default window (72 h) for another category.
  d.upsert(entry("light", "0201", base_lat, base_lon, t0 - 73 * hour_ms, streetlight));
  CHECK(d.find("0201", base_lat, base_lon, t0, text_minhash(streetlight)).empty());
}

TEST_CASE("unrelated and unclassified categories are not comparable", "[duplicates]") {
  duplicate_detector d{duplicate_rules{}};
  d.upsert(entry("light", "0201", base_lat, base_lon, t0, manhole));
  d.upsert(entry("unclassified", "", base_lat, base_lon, t0, manhole));
  CHECK(d.find("0101", base_lat, base_lon, t0, text_minhash(manhole)).empty());
  CHECK(d.find("", base_lat, base_lon, t0, text_minhash(manhole)).empty());
  CHECK_FALSE(duplicate_rules{}.comparable("", ""));
}

TEST_CASE("a related category is found with a lower score", "[duplicates]") {
  duplicate_rules rules;
  rules.related = {{"0101", "0102"}, {"03", "0201"}};
  CHECK(rules.comparable("0102", "0101"));  // symmetric
  CHECK(rules.comparable("0201", "0305"));  // a major relates all its minors
  CHECK_FALSE(rules.comparable("0101", "0103"));
  duplicate_detector d{rules};
  d.upsert(entry("same", "0101", north(30), base_lon, t0, manhole));
  d.upsert(entry("related", "0102", north(30), base_lon, t0, manhole));
  d.upsert(entry("other", "0103", north(30), base_lon, t0, manhole));
  const auto found = d.find("0101", base_lat, base_lon, t0 + hour_ms, text_minhash(manhole_again));
  REQUIRE(ids(found) == std::vector<std::string>{"same", "related"});
  CHECK(found[0].same_category);
  CHECK_FALSE(found[1].same_category);
  CHECK(found[1].score == Approx(found[0].score * 0.85));

  d.upsert(entry("light", "0201", base_lat, base_lon, t0, streetlight));
  CHECK(ids(d.find("0399", base_lat, base_lon, t0, text_minhash(streetlight))) ==
        std::vector<std::string>{"light"});
}

TEST_CASE("remove and upsert keep the spatial index in step", "[duplicates]") {
  duplicate_detector d{duplicate_rules{}};
  d.upsert(entry("A", "0101", base_lat, base_lon, t0, manhole));
  d.upsert(entry("B", "0101", north(20), base_lon, t0, manhole));
  CHECK(d.size() == 2);
  d.remove("A");
  d.remove("missing");
  CHECK(d.size() == 1);
  CHECK_FALSE(d.contains("A"));
  CHECK(ids(d.find("0101", base_lat, base_lon, t0, text_minhash(manhole))) ==
        std::vector<std::string>{"B"});

  // Moving B far away: the old point leaves the tree.
  d.upsert(entry("B", "0101", north(5000), base_lon, t0, manhole));
  CHECK(d.size() == 1);
  CHECK(d.find("0101", base_lat, base_lon, t0, text_minhash(manhole)).empty());
  CHECK(ids(d.find("0101", north(5000), base_lon, t0, text_minhash(manhole))) ==
        std::vector<std::string>{"B"});

  // Invalid coordinates are not kept and drop the previous entry.
  auto bad = entry("B", "0101", std::nan(""), base_lon, t0, manhole);
  d.upsert(bad);
  CHECK(d.size() == 0);
  CHECK(d.find("0101", north(5000), base_lon, t0, text_minhash(manhole)).empty());
}

TEST_CASE("candidates come best first and are capped", "[duplicates]") {
  duplicate_detector d{duplicate_rules{}};
  d.upsert(entry("far-other-text", "0101", north(140), base_lon, t0 - 60 * hour_ms, streetlight));
  d.upsert(entry("near-same-text", "0101", north(10), base_lon, t0 - hour_ms, manhole));
  d.upsert(entry("near-similar", "0101", north(20), base_lon, t0 - 2 * hour_ms, manhole_again));
  d.upsert(entry("mid-similar", "0101", north(100), base_lon, t0 - 30 * hour_ms, manhole_again));
  const auto found = d.find("0101", base_lat, base_lon, t0, text_minhash(manhole));
  REQUIRE(ids(found) == std::vector<std::string>{"near-same-text", "near-similar", "mid-similar",
                                                 "far-other-text"});
  for (std::size_t i = 1; i < found.size(); ++i) CHECK(found[i - 1].score >= found[i].score);
  CHECK(found.back().score < d.rules().flag_score);
  CHECK(d.find("0101", base_lat, base_lon, t0, text_minhash(manhole), 2).size() == 2);
}

TEST_CASE("many entries: the box query finds exactly those within the radius", "[duplicates]") {
  duplicate_detector d{duplicate_rules{}};
  int surely_in = 0;   // ≤ 149 m
  int maybe_in = 0;    // ≤ 151 m (the grid's metres are approximate)
  for (int i = -20; i <= 20; ++i) {
    for (int j = -20; j <= 20; ++j) {
      const double dn = i * 20.0;
      const double de = j * 20.0;
      d.upsert(entry("c" + std::to_string(i) + "_" + std::to_string(j), "0101", north(dn), east(de),
                     t0, manhole));
      const double r = std::sqrt(dn * dn + de * de);
      if (r <= 149.0) ++surely_in;
      if (r <= 151.0) ++maybe_in;
    }
  }
  const auto found = d.find("0101", base_lat, base_lon, t0, text_minhash(manhole), 10'000);
  CHECK(static_cast<int>(found.size()) >= surely_in);
  CHECK(static_cast<int>(found.size()) <= maybe_in);
  for (const auto& c : found) CHECK(c.distance_m <= 150.0);
}

TEST_CASE("among many non-comparable cases nearby only comparable, in-window ones are found",
          "[duplicates]") {
  duplicate_rules rules;
  rules.related = {{"0101", "0202"}, {"03", "0105"}};
  rules.window_by_category["0101"] = 24 * hour_ms;
  duplicate_detector d{rules};
  // Hundreds of open cases of other categories all around, some at the very spot.
  const char* const others[] = {"0102", "0103", "0201", "0203", "0401", "0807", "1101", "01"};
  int n = 0;
  for (int i = -6; i <= 6; ++i)
    for (int j = -6; j <= 6; ++j)
      for (const char* c : others)
        d.upsert(entry("other" + std::to_string(n++), c, north(i * 10.0), east(j * 10.0), t0,
                       manhole));
  d.upsert(entry("unclassified", "", base_lat, base_lon, t0, manhole));
  // The comparable ones: the same minor, a related minor; in and out of the window and radius.
  d.upsert(entry("same", "0101", north(20), base_lon, t0 - hour_ms, manhole));
  d.upsert(entry("related", "0202", north(30), base_lon, t0 - 2 * hour_ms, manhole));
  d.upsert(entry("same-old", "0101", north(10), base_lon, t0 - 25 * hour_ms, manhole));
  d.upsert(entry("related-later", "0202", north(10), base_lon, t0 + 1, manhole));
  d.upsert(entry("same-far", "0101", north(160), base_lon, t0 - hour_ms, manhole));
  const auto found = d.find("0101", base_lat, base_lon, t0, text_minhash(manhole), 100);
  REQUIRE(ids(found) == std::vector<std::string>{"same", "related"});
  CHECK(found[0].same_category);
  CHECK_FALSE(found[1].same_category);

  // A category no entry has (related to 03 through a major): its related entries only.
  d.upsert(entry("manhole-0105", "0105", north(15), base_lon, t0 - hour_ms, manhole));
  CHECK(ids(d.find("0399", base_lat, base_lon, t0, text_minhash(manhole), 100)) ==
        std::vector<std::string>{"manhole-0105"});
  // Once a 03 minor arrives, the 0105 query finds it too (comparability kept both ways).
  d.upsert(entry("a-0301", "0301", north(40), base_lon, t0 - hour_ms, manhole));
  CHECK(ids(d.find("0105", base_lat, base_lon, t0, text_minhash(manhole), 100)) ==
        std::vector<std::string>{"manhole-0105", "a-0301"});
  // Removing and moving entries keeps each category's index in step.
  d.remove("same");
  d.upsert(entry("related", "0202", north(5000), base_lon, t0 - 2 * hour_ms, manhole));
  CHECK(d.find("0101", base_lat, base_lon, t0, text_minhash(manhole), 100).empty());
  d.upsert(entry("related", "0101", north(5), base_lon, t0 - 2 * hour_ms, manhole));  // reclassified
  // The query's window (72 h for 0202) now admits the 25-hour-old 0101 case.
  CHECK(ids(d.find("0202", base_lat, base_lon, t0, text_minhash(manhole), 100)) ==
        std::vector<std::string>{"related", "same-old"});
}

TEST_CASE("random cases: found are exactly the comparable ones within radius and window",
          "[duplicates]") {
  duplicate_rules rules;
  rules.related = {{"0101", "0202"}, {"03", "0105"}, {"0201", "0202"}};
  rules.radius_by_category["02"] = 300;
  rules.window_by_category["0301"] = 12 * hour_ms;
  duplicate_detector d{rules};
  const char* const categories[] = {"0101", "0102", "0105", "0201", "0202", "0301", "0302", ""};
  struct kept {
    std::string category;
    double lat, lon;
    std::int64_t at;
  };
  std::map<std::string, kept> truth;
  std::uint64_t state = 12345;
  auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  for (int i = 0; i < 4000; ++i) {
    const std::string id = "c" + std::to_string(next(2500));
    if (next(5) == 0) {
      d.remove(id);
      truth.erase(id);
      continue;
    }
    kept k{categories[next(8)], north(static_cast<double>(next(1000)) - 500.0),
           east(static_cast<double>(next(1000)) - 500.0),
           t0 - static_cast<std::int64_t>(next(100)) * hour_ms};
    d.upsert(entry(id, k.category, k.lat, k.lon, k.at, manhole));
    truth[id] = k;
  }
  CHECK(d.size() == truth.size());
  const char* const queries[] = {"0101", "0105", "0202", "0301", "0399", "0401", ""};
  for (int q = 0; q < 200; ++q) {
    const std::string category = queries[next(7)];
    const double lat = north(static_cast<double>(next(1000)) - 500.0);
    const double lon = east(static_cast<double>(next(1000)) - 500.0);
    const std::int64_t at = t0 - static_cast<std::int64_t>(next(50)) * hour_ms;
    std::vector<std::string> expected;
    for (const auto& [id, k] : truth) {
      if (!rules.comparable(category, k.category) || k.at > at) continue;
      if (at - k.at > rules.window_for(category)) continue;
      if (haversine_m(lat, lon, k.lat, k.lon) > rules.radius_for(category)) continue;
      expected.push_back(id);
    }
    auto got = ids(d.find(category, lat, lon, at, text_minhash(manhole), 100'000));
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
  }
}

TEST_CASE("a classifier's alternative category lets a repeat under a neighbour category meet",
          "[duplicates]") {
  duplicate_detector d{duplicate_rules{}};  // no related pairs
  const double factor = d.rules().alternative_factor;
  d.upsert(entry("pothole", "0201", north(20), base_lon, t0, manhole));
  d.upsert(entry("reference", "0202", north(20), east(400), t0, manhole));
  const auto alone = d.find("0202", base_lat, east(400), t0 + hour_ms, text_minhash(manhole));
  REQUIRE(alone.size() == 1);

  // The query's alternative is the entry's category.
  CHECK(d.find("0202", base_lat, base_lon, t0 + hour_ms, text_minhash(manhole)).empty());
  const std::vector<std::string> also_pothole{"0201"};
  const auto via_query =
      d.find("0202", also_pothole, base_lat, base_lon, t0 + hour_ms, text_minhash(manhole));
  REQUIRE(ids(via_query) == std::vector<std::string>{"pothole"});
  CHECK_FALSE(via_query[0].same_category);
  CHECK(via_query[0].score == Approx(alone[0].score * factor));

  // The entry's alternative is the query's category.
  auto sinking = entry("sinking", "0201", north(20), east(800), t0, manhole);
  sinking.alternatives = {"0202", "0201", ""};  // its own category and blanks are ignored
  d.upsert(sinking);
  const auto via_entry = d.find("0202", base_lat, east(800), t0 + hour_ms, text_minhash(manhole));
  REQUIRE(ids(via_entry) == std::vector<std::string>{"sinking"});
  CHECK(via_entry[0].score == Approx(alone[0].score * factor));

  // Two alternatives never meet each other.
  const std::vector<std::string> also_sinking{"0202"};
  auto other = entry("other", "0103", north(20), east(1200), t0, manhole);
  other.alternatives = {"0202"};
  d.upsert(other);
  CHECK(d.find("0101", also_sinking, base_lat, east(1200), t0 + hour_ms, text_minhash(manhole))
            .empty());

  // Met along two ways (same category, and its alternative), an entry is listed once at its best.
  const auto both =
      d.find("0201", also_sinking, base_lat, east(800), t0 + hour_ms, text_minhash(manhole));
  REQUIRE(ids(both) == std::vector<std::string>{"sinking"});
  CHECK(both[0].same_category);
  CHECK(both[0].score == Approx(alone[0].score));

  // Removing an entry takes it out of its alternatives' trees too.
  d.remove("sinking");
  CHECK(d.find("0202", base_lat, east(800), t0 + hour_ms, text_minhash(manhole)).empty());
}
