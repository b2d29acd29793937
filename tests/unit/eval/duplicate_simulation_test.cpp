#include "tools/eval/duplicate_simulation.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "actors/domain/duplicate_detector.hpp"
#include "tools/eval/duplicate_corpus.hpp"

using namespace cityops::eval;
using cityops::domain::haversine_m;

namespace {

std::vector<incident> test_incidents(int n) {
  std::vector<duplicate_line> lines;
  for (int i = 1; i <= n; ++i) {
    const std::string g = "0101-g" + std::to_string(i);
    for (int k = 0; k < 3; ++k) lines.push_back({g, "0101", "井盖没了" + std::to_string(k)});
    lines.push_back({g + "-miss", "0101", "井盖裂了"});
  }
  return group_incidents(lines);
}

std::vector<cityops::domain::labelled_text> test_pool() {
  return {{"0301", "垃圾没人清"}, {"0601", "占道经营"}, {"1101", "停电了"}};
}

}  // namespace

TEST_CASE("destination_point lies at the distance haversine measures", "[eval][simulation]") {
  for (double bearing : {0.0, 0.7, 1.5708, 3.0, 4.5, 6.0}) {
    for (double d : {25.0, 60.0, 300.0, 2000.0}) {
      double lat = 0;
      double lon = 0;
      destination_point(37.47, 121.38, bearing, d, lat, lon);
      CHECK(haversine_m(37.47, 121.38, lat, lon) == Approx(d).epsilon(1e-9));
    }
  }
}

TEST_CASE("near misses lie at the configured distance from their incident", "[eval][simulation]") {
  simulation_options o;
  o.seed = 7;
  o.background = 0;
  o.near_miss_min_m = 80;
  o.near_miss_max_m = 120;
  const auto reports = simulate_reports(test_incidents(200), {}, o);
  std::size_t misses = 0;
  double shortest = 1e9;
  double longest = 0;
  for (const auto& r : reports) {
    if (r.kind != report_kind::near_miss) continue;
    ++misses;
    const double d = haversine_m(r.anchor_lat, r.anchor_lon, r.lat, r.lon);
    CHECK(d >= 80 - 1e-6);
    CHECK(d <= 120 + 1e-6);
    shortest = std::min(shortest, d);
    longest = std::max(longest, d);
    CHECK(r.incident + "-miss#1" == r.id);
    CHECK(r.group == r.id);
  }
  CHECK(misses == 200);
  // Uniform over the range: both ends are reached.
  CHECK(shortest < 85);
  CHECK(longest > 115);
}

TEST_CASE("reports jitter around their incident within the span and the area",
          "[eval][simulation]") {
  simulation_options o;
  o.seed = 11;
  o.background = 0;
  const auto reports = simulate_reports(test_incidents(100), {}, o);
  REQUIRE(reports.size() == 400);
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> times;  // incident → first, last
  std::vector<double> offsets;
  for (const auto& r : reports) {
    CHECK(r.anchor_lat >= o.lat_min);
    CHECK(r.anchor_lat < o.lat_max);
    CHECK(r.anchor_lon >= o.lon_min);
    CHECK(r.anchor_lon < o.lon_max);
    auto& t = times.try_emplace(r.incident, r.at_ms, r.at_ms).first->second;
    t.first = std::min(t.first, r.at_ms);
    t.second = std::max(t.second, r.at_ms);
    if (r.kind == report_kind::report) {
      offsets.push_back(haversine_m(r.anchor_lat, r.anchor_lon, r.lat, r.lon));
      CHECK(r.group == r.incident);
    }
  }
  for (const auto& [id, t] : times) {
    CHECK(t.second - t.first <= static_cast<std::int64_t>(o.span_hours * 3600 * 1000));
    CHECK(t.first >= o.start_ms);
    CHECK(t.second <= o.start_ms + static_cast<std::int64_t>(o.days * 24 * 3600 * 1000));
  }
  // σ = 25 m north and east: the distance is Rayleigh, median σ·√(2 ln 2) ≈ 29 m.
  std::sort(offsets.begin(), offsets.end());
  const double median = offsets[offsets.size() / 2];
  CHECK(median > 22);
  CHECK(median < 37);
  CHECK(offsets.back() < 200);
}

TEST_CASE("the stream is sorted, seeded and carries the background", "[eval][simulation]") {
  simulation_options o;
  o.seed = 3;
  o.background = 5;
  const auto a = simulate_reports(test_incidents(4), test_pool(), o);
  const auto b = simulate_reports(test_incidents(4), test_pool(), o);
  REQUIRE(a.size() == 16 + 5);
  CHECK(std::is_sorted(a.begin(), a.end(), [](const auto& x, const auto& y) {
    return x.at_ms < y.at_ms || (x.at_ms == y.at_ms && x.id < y.id);
  }));
  std::map<std::string, int> background_texts;
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].lat == b[i].lat);
    CHECK(a[i].at_ms == b[i].at_ms);
    if (a[i].kind == report_kind::background) {
      ++background_texts[a[i].text];
      CHECK(a[i].group == a[i].id);
      CHECK(a[i].incident.empty());
    }
  }
  // Five draws from a pool of three: each text before any repeats.
  CHECK(background_texts.size() == 3);
  o.seed = 4;
  const auto c = simulate_reports(test_incidents(4), test_pool(), o);
  CHECK(std::mismatch(a.begin(), a.end(), c.begin(), [](const auto& x, const auto& y) {
          return x.lat == y.lat;
        }).first != a.end());
}
