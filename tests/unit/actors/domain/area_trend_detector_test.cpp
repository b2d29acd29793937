#include "actors/domain/area_trend_detector.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "tests/unit/actors/domain/risk_stream.hpp"

using namespace cityops::domain;
namespace config = cityops::config;
using namespace cityops::testing;

namespace {

// Σ_{k ≥ count} e^{−λ} λ^k / k!, each term in log space: an independent check of the tail.
double tail_by_sum(std::uint32_t count, double lambda) {
  double sum = 0;
  for (std::uint32_t k = count; k < count + 400; ++k)
    sum += std::exp(-lambda + k * std::log(lambda) - std::lgamma(k + 1.0));
  return sum;
}

std::vector<alert> of_kind(const std::vector<alert>& alerts, alert_kind kind) {
  std::vector<alert> out;
  for (const auto& a : alerts)
    if (a.kind == kind) out.push_back(a);
  return out;
}

}  // namespace

TEST_CASE("the Poisson upper tail is the regularised incomplete gamma", "[area_trend_detector]") {
  CHECK(poisson_upper_tail(0, 3) == 1);
  CHECK(poisson_upper_tail(1, 1) == Approx(1 - std::exp(-1.0)));
  CHECK(poisson_upper_tail(6, 1) == Approx(5.94185e-4).epsilon(1e-5));
  for (const auto& [count, lambda] : std::vector<std::pair<std::uint32_t, double>>{
           {5, 0.2}, {30, 10}, {60, 12.5}, {120, 40}, {9, 1}}) {
    CHECK(poisson_upper_tail(count, lambda) == Approx(tail_by_sum(count, lambda)).epsilon(1e-9));
  }
  // Far in the tail it is still a probability, never below 0.
  CHECK(poisson_upper_tail(200, 0.2) >= 0);
  CHECK(poisson_upper_tail(200, 0.2) < 1e-300);
}

TEST_CASE("高发: six cases in a day where one is usual fire against a baseline of 1",
          "[area_trend_detector]") {
  area_trend_detector d{{}};  // 24 h window, 8 weeks, p < 0.001, at least 5
  int n = 0;
  std::vector<alert> found;
  // One 占道经营 case every day at 10:00 for 60 days: never a finding.
  for (int k = 0; k < 60; ++k) {
    found = d.observe(risk_obs(++n, risk_t0 + k * day + 10 * hour, "0601"));
    REQUIRE(found.empty());
  }
  // Day 60 (2026-03-06): the usual case, then more within the hour.
  const std::int64_t d60 = risk_t0 + 60 * day + 10 * hour;
  std::vector<std::string> window_ids;
  for (int extra = 0; extra <= 4; ++extra) {
    window_ids.push_back(risk_case_id(n + 1));
    CHECK(d.observe(risk_obs(++n, d60 + extra * 5 * minute_ms, "0601")).empty());
  }
  const auto five = d.evaluate("990001", "0601", d60 + 20 * minute_ms);
  CHECK(five.tested);
  CHECK(five.count == 5);
  CHECK(five.baseline == Approx(1.0));
  CHECK(five.p_value == Approx(3.66e-3).epsilon(1e-2));  // not below 0.001

  window_ids.push_back(risk_case_id(n + 1));
  found = d.observe(risk_obs(++n, d60 + 25 * minute_ms, "0601"));
  REQUIRE(found.size() == 2);  // the district, then the street
  const std::string district_id = "hf-990001-0601-2026030610";
  CHECK(found[0].id == district_id);
  CHECK(found[1].id == "hf-990001001-0601-2026030610");
  for (const alert& a : found) {
    CHECK(a.kind == alert_kind::high_frequency);
    CHECK(a.level == alert_level::yellow);
    CHECK(a.evidence.count == 6);
    CHECK(a.evidence.baseline == Approx(1.0));
    CHECK(a.evidence.p_value == Approx(5.94185e-4).epsilon(1e-5));
    CHECK(a.evidence.case_ids == window_ids);
    CHECK(a.evidence.subject == "0601");
    CHECK(a.category == "0601");
    CHECK(a.evidence.from_ms == d60 - 23 * hour);  // day 59 11:00 .. day 60 10:59
    CHECK(a.evidence.to_ms == d60 + 25 * minute_ms);
    CHECK(a.at_ms == d60 + 25 * minute_ms);
  }
  CHECK(found[0].node == "990001");
  CHECK(found[0].scope_nodes == std::vector<std::string>{"9900", "990001"});
  CHECK(found[1].scope_nodes == std::vector<std::string>{"9900", "990001", "990001001"});

  // Three more: the same episode grows; nine against 1 is p = 1.1e-6 < 0.001/100: orange.
  for (int extra = 6; extra <= 8; ++extra) {
    found = d.observe(risk_obs(++n, d60 + extra * 5 * minute_ms, "0601"));
    REQUIRE(found.size() == 2);
    CHECK(found[0].id == district_id);
    CHECK(found[0].at_ms == d60 + 25 * minute_ms);
    CHECK(found[0].evidence.count == static_cast<std::uint32_t>(extra + 1));
    CHECK(found[0].evidence.case_ids.size() == static_cast<std::size_t>(extra + 1));
  }
  CHECK(found[0].level == alert_level::orange);
  CHECK(found[0].evidence.p_value == Approx(tail_by_sum(9, 1)).epsilon(1e-9));
  CHECK(d.active_episodes(d60 + 2 * hour).size() == 2);

  // The next day is ordinary again: the episode is over.
  CHECK(d.observe(risk_obs(++n, d60 + day, "0601")).empty());
  CHECK(d.active_episodes(d60 + day).empty());
}

TEST_CASE("a busy district at its own Poisson baseline for 9 weeks raises no alert",
          "[area_trend_detector]") {
  // Four categories in three communities, 0.4 cases an hour each by day (08–20), 0.05 by
  // night, 0.6 times that at weekends: ≈ 14 cases a day per category in the district. The
  // test is live in the ninth week (it needs eight weeks of baseline). Over 40 seeds such a
  // run had 0.3 false 高发 episodes on average (the test is re-run on a sliding window at
  // every report, docs/risk-watch.md); this seed has none, and the stream is fixed.
  std::mt19937 rng(20260105);
  const std::vector<std::string> categories{"0101", "0301", "0601", "0602"};
  const std::vector<std::string> communities{"990001001001", "990001001002", "990001002001"};
  std::vector<risk_observation> stream;
  int n = 0;
  for (std::int64_t h = 0; h < 9 * 168; ++h) {
    const std::int64_t local = h % 24;
    const bool weekend = (h / 24) % 7 >= 5;
    const double rate = (local >= 8 && local < 20 ? 0.4 : 0.05) * (weekend ? 0.6 : 1.0);
    for (const auto& c : categories)
      for (const auto& place : communities) {
        const int cases = std::poisson_distribution<int>(rate)(rng);
        for (int i = 0; i < cases; ++i) {
          const std::int64_t at = risk_t0 + h * hour + std::uniform_int_distribution<std::int64_t>(
                                                           0, hour - 1)(rng);
          stream.push_back(risk_obs(++n, at, c, place));
        }
      }
  }
  std::stable_sort(stream.begin(), stream.end(),
                   [](const auto& a, const auto& b) { return a.at_ms < b.at_ms; });
  REQUIRE(stream.size() > 3000);

  config::trend_settings district_only;
  district_only.streets = false;
  area_trend_detector d{district_only};
  std::vector<alert> alerts;
  for (const auto& o : stream) {
    auto found = d.observe(o);
    alerts.insert(alerts.end(), found.begin(), found.end());
  }
  CHECK(of_kind(alerts, alert_kind::high_frequency).empty());
  CHECK(of_kind(alerts, alert_kind::new_issue).empty());
  // The test was live for the last weeks and its baseline is the district's usual day.
  const auto last = d.evaluate("990001", "0601", stream.back().at_ms);
  CHECK(last.tested);
  CHECK(last.baseline > 8);
  CHECK(last.baseline < 25);
  CHECK(d.tracked() == categories.size());
}

TEST_CASE("新发: silent before new_days of watching, then the first case in 30 days",
          "[area_trend_detector]") {
  area_trend_detector d{{}};
  int n = 0;
  // 暴露垃圾 daily in the first street from day 0.
  std::vector<alert> alerts;
  for (int k = 0; k < 90; ++k) {
    auto found = d.observe(risk_obs(++n, risk_t0 + k * day + 9 * hour, "0301"));
    alerts.insert(alerts.end(), found.begin(), found.end());
  }
  CHECK(alerts.empty());

  area_trend_detector fresh{{}};
  fresh.observe(risk_obs(1000, risk_t0, "0301"));
  // Day 5: 井盖 never seen, but the watch is 5 days old.
  CHECK(fresh.observe(risk_obs(1001, risk_t0 + 5 * day, "0101", "990001002001")).empty());
  // Day 40: not seen for 30 days and watched for 40: new to the district and to the street.
  const std::int64_t d40 = risk_t0 + 40 * day;
  auto found = fresh.observe(risk_obs(1002, d40, "0101", "990001001002"));
  REQUIRE(found.size() == 2);
  CHECK(found[0].id == "ni-990001-" + risk_case_id(1002));
  CHECK(found[1].id == "ni-990001001-" + risk_case_id(1002));
  for (const alert& a : found) {
    CHECK(a.kind == alert_kind::new_issue);
    CHECK(a.level == alert_level::blue);
    CHECK(a.evidence.case_ids == std::vector<std::string>{risk_case_id(1002)});
    CHECK(a.evidence.count == 1);
    CHECK(a.evidence.subject == "0101");
    CHECK(a.at_ms == d40);
  }
  // Another in the same street an hour later grows both.
  found = fresh.observe(risk_obs(1003, d40 + hour, "0101", "990001001002"));
  REQUIRE(found.size() == 2);
  CHECK(found[1].id == "ni-990001001-" + risk_case_id(1002));
  CHECK(found[1].evidence.count == 2);
  CHECK(fresh.active_episodes(d40 + 2 * hour).size() == 2);
  CHECK(fresh.active_episodes(d40 + 2 * day).empty());
  // Five days later it is not new; 35 days after that it is, as a new episode.
  CHECK(fresh.observe(risk_obs(1004, d40 + 5 * day, "0101", "990001001002")).empty());
  found = fresh.observe(risk_obs(1005, d40 + 40 * day, "0101", "990001001002"));
  REQUIRE(found.size() == 2);
  CHECK(found[0].id == "ni-990001-" + risk_case_id(1005));
}

TEST_CASE("area counts are forgotten once out of the baseline span and new_days",
          "[area_trend_detector]") {
  area_trend_detector d{{}};
  int n = 0;
  for (int c = 0; c < 300; ++c) {
    const std::string category = std::to_string(1000 + c);
    d.observe(risk_obs(++n, risk_t0 + c * minute_ms, category, "990001002001"));
  }
  CHECK(d.tracked() == 600);
  d.observe(risk_obs(++n, risk_t0 + 50 * day, "0301"));
  CHECK(d.tracked() == 2 + 600);  // still within the baseline span (8 weeks + a day)
  d.observe(risk_obs(++n, risk_t0 + 100 * day, "0301"));
  CHECK(d.tracked() == 2);
}
