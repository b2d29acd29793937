#include "actors/domain/cluster_detector.hpp"

#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "actors/domain/duplicate_detector.hpp"
#include "tests/unit/actors/domain/risk_stream.hpp"

using namespace cityops::domain;
using namespace cityops::testing;

namespace {

// A point `north_m` and `east_m` metres from Yantai's 南大街 (37.5305 N, 121.3958 E).
constexpr double lat0 = 37.5305;
constexpr double lon0 = 121.3958;
constexpr double m_per_deg_lat = 6371008.8 * 3.14159265358979323846 / 180;

risk_observation at(int n, std::int64_t at_ms, double north_m, double east_m,
                    const std::string& category = "0601") {
  const double lat = lat0 + north_m / m_per_deg_lat;
  const double lon = lon0 + east_m / (m_per_deg_lat * std::cos(lat0 * 3.14159265358979323846 / 180));
  return located(risk_obs(n, at_ms, category), lat, lon);
}

}  // namespace

TEST_CASE("five reports within 300 m and an hour form a cluster", "[cluster_detector]") {
  cluster_detector d{{}};  // 5 reports, 300 m, 60 min
  const std::vector<std::pair<double, double>> offsets{
      {0, 0}, {100, 0}, {0, -120}, {-80, 60}, {50, 140}};
  for (int n = 1; n <= 4; ++n)
    CHECK(d.observe(at(n, risk_t0 + n * 5 * minute_ms, offsets[n - 1].first,
                       offsets[n - 1].second, n % 2 ? "0601" : "0301"))
              .empty());
  CHECK(d.free_reports() == 4);
  const auto found = d.observe(at(5, risk_t0 + 25 * minute_ms, 50, 140));
  REQUIRE(found.size() == 1);
  const alert& a = found[0];
  CHECK(a.kind == alert_kind::cluster);
  CHECK(a.id == "cl-" + risk_case_id(1));
  CHECK(a.level == alert_level::yellow);
  CHECK(a.evidence.count == 5);
  CHECK(a.evidence.case_ids == std::vector<std::string>{risk_case_id(1), risk_case_id(2),
                                                        risk_case_id(3), risk_case_id(4),
                                                        risk_case_id(5)});
  double lat = 0, lon = 0;
  for (int n = 1; n <= 5; ++n) {
    const auto o = at(n, 0, offsets[n - 1].first, offsets[n - 1].second);
    lat += o.lat / 5;
    lon += o.lon / 5;
  }
  CHECK(a.evidence.lat == Approx(lat).epsilon(1e-12));
  CHECK(a.evidence.lon == Approx(lon).epsilon(1e-12));
  CHECK(a.evidence.radius_m == 300);
  CHECK(a.evidence.from_ms == risk_t0 + 5 * minute_ms);
  CHECK(a.evidence.to_ms == risk_t0 + 25 * minute_ms);
  CHECK(a.node == "990001001001");
  CHECK(a.scope_nodes.front() == "9900");
  CHECK(d.free_reports() == 0);
  CHECK(d.active_episodes(risk_t0 + 80 * minute_ms).size() == 1);
  CHECK(d.active_episodes(risk_t0 + 90 * minute_ms).empty());
}

TEST_CASE("a burst of 200 reports is one cluster alert that grows to red", "[cluster_detector]") {
  cluster_detector d{{}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> offset(-100, 100);
  std::set<std::string> ids;
  alert last;
  for (int n = 1; n <= 200; ++n) {
    const auto found = d.observe(at(n, risk_t0 + n * 6000, offset(rng), offset(rng)));
    if (n < 5) {
      CHECK(found.empty());
      continue;
    }
    REQUIRE(found.size() == 1);
    ids.insert(found[0].id);
    last = found[0];
    CHECK(found[0].level == (n >= 50 ? alert_level::red
                                     : n >= 15 ? alert_level::orange : alert_level::yellow));
  }
  CHECK(ids == std::set<std::string>{"cl-" + risk_case_id(1)});
  CHECK(last.evidence.count == 200);
  CHECK(last.evidence.case_ids.size() == alert_evidence_max_cases);
  CHECK(last.evidence.case_ids.front() == risk_case_id(1));
  CHECK(last.at_ms == risk_t0 + 5 * 6000);
  CHECK(last.updated_ms == risk_t0 + 200 * 6000);
  CHECK(haversine_m(last.evidence.lat, last.evidence.lon, lat0, lon0) < 30);
  CHECK(d.open_clusters() == 1);
  CHECK(d.free_reports() == 0);
}

TEST_CASE("the radius is metres at Yantai's latitude, not degrees", "[cluster_detector]") {
  // 291 m east is inside 300 m; 309 m east is not. (Longitude degrees are 0.79 of latitude
  // ones at 37.5°: 0.0035° of longitude is 309 m.)
  for (const auto& [east, fires] : std::vector<std::pair<double, bool>>{{291, true}, {309, false}}) {
    cluster_detector d{{}};
    for (int n = 1; n <= 4; ++n) d.observe(at(n, risk_t0 + n * minute_ms, 0, 0));
    CHECK(d.observe(at(5, risk_t0 + 5 * minute_ms, 0, east)).empty() != fires);
  }
  for (const auto& [north, fires] : std::vector<std::pair<double, bool>>{{295, true}, {305, false}}) {
    cluster_detector d{{}};
    for (int n = 1; n <= 4; ++n) d.observe(at(n, risk_t0 + n * minute_ms, 0, 0));
    CHECK(d.observe(at(5, risk_t0 + 5 * minute_ms, north, 0)).empty() != fires);
  }
}

TEST_CASE("reports spread over time or over the city form no cluster", "[cluster_detector]") {
  SECTION("five reports in one place, 30 minutes apart") {
    cluster_detector d{{}};
    for (int n = 1; n <= 8; ++n)
      CHECK(d.observe(at(n, risk_t0 + n * 30 * minute_ms, 10.0 * n, 0)).empty());
    // Expired reports left the tree: only the last hour's are held.
    CHECK(d.free_reports() == 3);
  }
  SECTION("3,000 reports a day at random places over the urban area") {
    cluster_detector d{{}};
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> north(-12000, 12000);
    std::uniform_real_distribution<double> east(-20000, 20000);
    std::size_t alerts = 0;
    for (int n = 1; n <= 3000; ++n)
      alerts += d.observe(at(n, risk_t0 + n * 28'800, north(rng), east(rng))).size();
    CHECK(alerts == 0);
    CHECK(d.free_reports() <= 130);  // an hour's reports
  }
  SECTION("reports without a position are not placed") {
    cluster_detector d{{}};
    for (int n = 1; n <= 10; ++n) CHECK(d.observe(risk_obs(n, risk_t0 + n, "0601")).empty());
    CHECK(d.free_reports() == 0);
  }
}
