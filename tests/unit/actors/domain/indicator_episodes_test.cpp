// Breach and silence episodes: one alert per episode (raised at its start, again only when
// its level rises), closed when a normal sample ends it; ids from the samples alone.
#include <catch2/catch.hpp>

#include "actors/domain/indicator_episodes.hpp"
#include "tests/support/test_city.hpp"
#include "tests/support/test_indicators.hpp"

using namespace cityops::domain;

namespace {

const cityops::config::indicator_settings registry = cityops::testing::make_test_indicators();
const auto& water = *registry.find("water.pressure.test");
const cityops::config::city_model city = cityops::testing::make_test_city();
constexpr std::int64_t t0 = 1'796'000'000'000;
constexpr std::int64_t minute = 60'000;

indicator_sample at(int minutes, double value) {
  return {"water.pressure.test", value, t0 + minutes * minute};
}

}  // namespace

TEST_CASE("a breach raises one alert that grows only when its level rises", "[indicators]") {
  indicator_status s;
  indicator_step step;
  apply_samples(water, city, {at(0, 0.3), at(5, 0.18), at(10, 0.17)}, s, step);
  REQUIRE(step.raise.size() == 1);
  const auto& a = step.raise.front();
  CHECK(a.id == breach_alert_id("water.pressure.test", t0 + 5 * minute));
  CHECK(a.id == "ind-water.pressure.test-b" + std::to_string(t0 + 5 * minute));
  CHECK(a.kind == alert_kind::indicator_breach);
  CHECK(a.level == alert_level::yellow);
  CHECK(a.node == "990001");
  CHECK(a.scope_nodes == std::vector<std::string>{"990001", "9900"});
  CHECK(a.evidence.subject == "water.pressure.test");
  CHECK(a.evidence.value == Approx(0.18));
  CHECK(a.evidence.threshold == Approx(0.2));
  CHECK(a.evidence.unit == "MPa");
  CHECK_THAT(a.message, Catch::Contains("0.18 MPa") && Catch::Contains("warning_low"));
  CHECK(step.close.empty());
  CHECK(s.at_ms == t0 + 10 * minute);
  CHECK(s.level == indicator_level::warning);
  CHECK(s.side == breach_side::low);
  CHECK(s.episode_ms == t0 + 5 * minute);

  // Alarm: the same episode, raised again at a higher level; a later warning adds nothing.
  indicator_step more;
  apply_samples(water, city, {at(15, 0.1), at(20, 0.19), at(25, 0.12)}, s, more);
  REQUIRE(more.raise.size() == 1);
  CHECK(more.raise.front().id == a.id);
  CHECK(more.raise.front().level == alert_level::red);
  CHECK(more.close.empty());

  // Back to normal: the episode ends; the next breach is a new episode.
  indicator_step end;
  apply_samples(water, city, {at(30, 0.3), at(35, 0.7)}, s, end);
  REQUIRE(end.close.size() == 1);
  CHECK(end.close.front().alert_id == a.id);
  CHECK_THAT(end.close.front().note, Catch::Contains("back to normal"));
  REQUIRE(end.raise.size() == 1);
  CHECK(end.raise.front().id == breach_alert_id("water.pressure.test", t0 + 35 * minute));
  CHECK(end.raise.front().level == alert_level::red);
  CHECK_THAT(end.raise.front().message, Catch::Contains("above") && Catch::Contains("alarm_high"));
}

TEST_CASE("samples older than the latest are history only", "[indicators]") {
  indicator_status s;
  indicator_step step;
  apply_samples(water, city, {at(10, 0.3)}, s, step);
  apply_samples(water, city, {at(5, 0.1), at(0, 0.9)}, s, step);
  CHECK(step.raise.empty());
  CHECK(s.at_ms == t0 + 10 * minute);
  CHECK(s.value == Approx(0.3));
  // Out of order within a batch: taken in time order.
  indicator_status t;
  indicator_step unordered;
  apply_samples(water, city, {at(10, 0.3), at(5, 0.1)}, t, unordered);
  REQUIRE(unordered.raise.size() == 1);
  REQUIRE(unordered.close.size() == 1);
  CHECK(t.episode_ms == 0);
}

TEST_CASE("a silent sensor raises one alert named by its last sample", "[indicators]") {
  indicator_status s;
  indicator_step step;
  apply_samples(water, city, {at(0, 0.3)}, s, step);
  CHECK_FALSE(silent_alert(water, city, s, t0 + 14 * minute));
  const auto a = silent_alert(water, city, s, t0 + 15 * minute);
  REQUIRE(a);
  CHECK(a->id == silent_alert_id("water.pressure.test", t0));
  CHECK(a->kind == alert_kind::indicator_silent);
  CHECK(a->level == alert_level::blue);
  CHECK(a->evidence.from_ms == t0);
  // Looking again later names the same alert.
  CHECK(silent_alert(water, city, s, t0 + 60 * minute)->id == a->id);
  // The next sample ends the silence.
  indicator_step resumed;
  apply_samples(water, city, {at(40, 0.31)}, s, resumed);
  REQUIRE(resumed.close.size() == 1);
  CHECK(resumed.close.front().alert_id == a->id);
  CHECK_FALSE(silent_alert(water, city, s, t0 + 41 * minute));
}
