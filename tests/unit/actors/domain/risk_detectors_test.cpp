#include "actors/domain/risk_detectors.hpp"

#include <algorithm>
#include <random>

#include <catch2/catch.hpp>

#include "tests/support/test_city.hpp"
#include "tests/unit/actors/domain/risk_stream.hpp"

using namespace cityops::domain;
using namespace cityops::testing;

namespace {

// Ten weeks of a quiet city (a case every 20 minutes somewhere in 30 × 30 km, callers from a
// pool of 2,000, a daily 占道经营 case in 一街道), then on day 66 a burst of 60 reports of
// 占道经营 within 100 m in half an hour, one caller calling five times and one address
// called about by five people. Sorted by report time.
std::vector<risk_observation> city_stream() {
  std::mt19937 rng(66);
  std::uniform_real_distribution<double> spread(-0.15, 0.15);
  std::uniform_int_distribution<int> pick(0, 1999);
  const std::vector<std::string> categories{"0101", "0301", "0602", "0701", "0801", "0901"};
  const std::vector<std::string> communities{"990001001001", "990001001002", "990001002001"};
  std::vector<risk_observation> s;
  int n = 0;
  for (std::int64_t t = risk_t0; t < risk_t0 + 70 * day; t += 20 * minute_ms) {
    ++n;
    auto o = risk_obs(n, t, categories[n % categories.size()], communities[n % 3]);
    s.push_back(called(located(o, 37.5 + spread(rng), 121.4 + spread(rng)),
                       "pool-" + std::to_string(pick(rng))));
  }
  for (int k = 0; k < 70; ++k) s.push_back(risk_obs(++n, risk_t0 + k * day + 10 * hour, "0601"));
  const std::int64_t burst = risk_t0 + 66 * day + 14 * hour;
  for (int i = 0; i < 60; ++i)
    s.push_back(called(located(risk_obs(++n, burst + i * 30'000, "0601"), 37.53 + i * 1e-5,
                               121.39 - i * 1e-5),
                       "burst-" + std::to_string(i)));
  for (int i = 0; i < 5; ++i) {
    s.push_back(called(risk_obs(++n, burst - 6 * hour + i * 3 * hour, "0301"), "the-caller"));
    s.push_back(called(risk_obs(++n, burst - 20 * hour + i * 2 * hour, "0301", "990001002001"),
                       "neighbour-" + std::to_string(i), "幸福街1号"));
  }
  std::stable_sort(s.begin(), s.end(),
                   [](const auto& a, const auto& b) { return a.at_ms < b.at_ms; });
  return s;
}

void same_alerts(const std::vector<alert>& a, const std::vector<alert>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].id);
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].kind == b[i].kind);
    CHECK(a[i].level == b[i].level);
    CHECK(a[i].node == b[i].node);
    CHECK(a[i].scope_nodes == b[i].scope_nodes);
    CHECK(a[i].at_ms == b[i].at_ms);
    CHECK(a[i].updated_ms == b[i].updated_ms);
    CHECK(a[i].message == b[i].message);
    CHECK(a[i].evidence.case_ids == b[i].evidence.case_ids);
    CHECK(a[i].evidence.count == b[i].evidence.count);
    CHECK(a[i].evidence.baseline == b[i].evidence.baseline);
    CHECK(a[i].evidence.p_value == b[i].evidence.p_value);
    CHECK(a[i].evidence.from_ms == b[i].evidence.from_ms);
    CHECK(a[i].evidence.to_ms == b[i].evidence.to_ms);
    CHECK(a[i].evidence.lat == b[i].evidence.lat);
    CHECK(a[i].evidence.lon == b[i].evidence.lon);
  }
}

std::vector<alert> feed(risk_detectors& d, const std::vector<risk_observation>& s,
                        std::size_t from, std::size_t to) {
  std::vector<alert> out;
  for (std::size_t i = from; i < to; ++i) {
    auto found = d.observe(s[i]);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace

TEST_CASE("a case's observation: district and street by tier, address key, scope",
          "[risk_observation]") {
  const auto city = cityops::testing::make_test_city();
  const simplified_chinese simplifier;
  case_record r;
  r.id = "9900-20260105-000001";
  r.created_ms = risk_t0;
  r.report.category = "0601";
  r.report.reporter_hash = "abc";
  r.report.address = "幸福街 １２號，3單元";
  r.report.lat = 37.51;
  r.report.lon = 121.41;
  r.report.has_location = true;
  r.location_path = {"9900", "990001", "990001001", "990001001001"};
  auto o = observe(r, city, simplifier);
  CHECK(o.case_id == r.id);
  CHECK(o.at_ms == risk_t0);
  CHECK(o.category == "0601");  // not yet classified otherwise: the reported one
  CHECK(o.district == "990001");
  CHECK(o.street == "990001001");
  CHECK(o.reporter_hash == "abc");
  CHECK(o.scope_nodes == r.location_path);
  CHECK(o.has_location);
  if (simplifier.loaded()) CHECK(o.address_key == "幸福街12号3单元");
  CHECK(o.address_key == address_key("幸福街12號3單元", simplifier));

  r.category = "0301";  // reclassified
  r.location_path = {"9900", "990001"};  // reported at the district
  r.report.address.clear();
  o = observe(r, city, simplifier);
  CHECK(o.category == "0301");
  CHECK(o.district == "990001");
  CHECK(o.street.empty());
  CHECK(o.address_key.empty());

  r.location_path.clear();  // no path: the node held and its ancestors
  r.node = "990001002";
  o = observe(r, city);
  CHECK(o.scope_nodes == std::vector<std::string>{"9900", "990001", "990001002"});
  CHECK(o.street == "990001002");
}

TEST_CASE("a burst of 200 reports is one cluster and one 高发 episode per area",
          "[risk_detectors]") {
  risk_detectors d{cityops::config::risk_settings{}};
  int n = 0;
  // A daily 占道经营 case for 60 days gives the areas their baseline.
  for (int k = 0; k < 60; ++k) d.observe(risk_obs(++n, risk_t0 + k * day + 10 * hour, "0601"));
  std::vector<alert> alerts;
  const std::int64_t burst = risk_t0 + 60 * day + 15 * hour;
  for (int i = 0; i < 200; ++i) {
    auto o = located(risk_obs(++n, burst + i * 9000, "0601"), 37.53 + (i % 10) * 1e-4,
                     121.39 + (i / 10) * 1e-4);
    auto found = d.observe(o);
    alerts.insert(alerts.end(), found.begin(), found.end());
  }
  CHECK(alert_ids(alerts, alert_kind::cluster).size() == 1);
  CHECK(alert_ids(alerts, alert_kind::high_frequency) ==
        std::set<std::string>{"hf-990001-0601-2026030615", "hf-990001001-0601-2026030615"});
  const auto active = d.active_episodes(burst + 200 * 9000);
  REQUIRE(active.size() == 3);
  for (const alert& a : active) {
    CHECK(a.level == alert_level::red);
    CHECK(a.evidence.count >= 200);
  }
}

TEST_CASE("a detector rebuilt by replay raises the same alerts as one that ran on",
          "[risk_detectors]") {
  const auto stream = city_stream();
  // Restart in the middle of the burst: its cluster, the caller's run, the address and the
  // 高发 episode are all open.
  const auto mid = std::find_if(stream.begin(), stream.end(), [](const risk_observation& o) {
    return o.at_ms >= risk_t0 + 66 * day + 14 * hour + 15 * minute_ms;
  });
  const auto k = static_cast<std::size_t>(mid - stream.begin());
  const std::int64_t t_k = stream[k - 1].at_ms;

  risk_detectors a{cityops::config::risk_settings{}};
  feed(a, stream, 0, k);
  const auto open_a = a.active_episodes(t_k);
  for (const auto kind : {alert_kind::cluster, alert_kind::repeat_caller,
                          alert_kind::repeat_address, alert_kind::high_frequency}) {
    INFO(static_cast<int>(kind));
    CHECK(!alert_ids(open_a, kind).empty());
  }

  risk_detectors b{cityops::config::risk_settings{}};
  feed(b, stream, 0, k);  // the replay; its alerts are discarded
  same_alerts(b.active_episodes(t_k), open_a);

  // A restart replays only the span the detectors need.
  risk_detectors c{cityops::config::risk_settings{}};
  const std::int64_t since = t_k - c.replay_span_ms();
  c.watch_since(since);
  const auto start = static_cast<std::size_t>(
      std::find_if(stream.begin(), stream.end(),
                   [&](const risk_observation& o) { return o.at_ms >= since; }) -
      stream.begin());
  REQUIRE(start > 0);
  feed(c, stream, start, k);
  same_alerts(c.active_episodes(t_k), open_a);

  const auto after_a = feed(a, stream, k, stream.size());
  CHECK(!after_a.empty());
  same_alerts(feed(b, stream, k, stream.size()), after_a);
  same_alerts(feed(c, stream, k, stream.size()), after_a);
  same_alerts(b.active_episodes(stream.back().at_ms), a.active_episodes(stream.back().at_ms));
}
