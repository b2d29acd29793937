// Classifying a vital-sign value against its thresholds (both sides, alarm before warning),
// telling a silent sensor, and checking posted samples against the registry.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "actors/domain/indicator_rules.hpp"
#include "tests/support/test_indicators.hpp"

using namespace cityops::domain;

namespace {

const cityops::config::indicator_settings registry = cityops::testing::make_test_indicators();
const auto& water = *registry.find("water.pressure.test");
const auto& pm25 = *registry.find("air.pm25.test");
constexpr std::int64_t t0 = 1'796'000'000'000;

}  // namespace

TEST_CASE("values classify by level and side against both thresholds", "[indicators]") {
  struct expect {
    double value;
    indicator_level level;
    breach_side side;
    double threshold;
  };
  for (const auto& e : {expect{0.35, indicator_level::normal, breach_side::none, 0},
                        expect{0.25, indicator_level::normal, breach_side::none, 0},
                        expect{0.5, indicator_level::normal, breach_side::none, 0},
                        expect{0.55, indicator_level::warning, breach_side::high, 0.55},
                        expect{0.6, indicator_level::warning, breach_side::high, 0.55},
                        expect{0.65, indicator_level::alarm, breach_side::high, 0.65},
                        expect{2.0, indicator_level::alarm, breach_side::high, 0.65},
                        expect{0.2, indicator_level::warning, breach_side::low, 0.2},
                        expect{0.15, indicator_level::warning, breach_side::low, 0.2},
                        expect{0.14, indicator_level::alarm, breach_side::low, 0.14},
                        expect{0.0, indicator_level::alarm, breach_side::low, 0.14}}) {
    INFO(e.value);
    const auto c = classify(water, e.value);
    CHECK(c.level == e.level);
    CHECK(c.side == e.side);
    CHECK(c.threshold == Approx(e.threshold));
  }
  // One side only: a PM2.5 of zero is normal.
  CHECK(classify(pm25, 0).level == indicator_level::normal);
  CHECK(classify(pm25, 120).level == indicator_level::warning);
  CHECK(classify(pm25, 150).threshold_key == "alarm_high");
}

TEST_CASE("a sensor is silent after three intervals without a sample", "[indicators]") {
  indicator_status s;
  CHECK_FALSE(is_silent(water, s, t0));  // never reported: not silent
  CHECK(state_of(water, s, t0) == indicator_state::no_data);
  s.at_ms = t0;
  s.level = indicator_level::warning;
  CHECK_FALSE(is_silent(water, s, t0 + 3 * 300'000 - 1));
  CHECK(state_of(water, s, t0 + 3 * 300'000 - 1) == indicator_state::warning);
  CHECK(is_silent(water, s, t0 + 3 * 300'000));
  CHECK(state_of(water, s, t0 + 3 * 300'000) == indicator_state::silent);
  auto slow = water;
  slow.silent_after_s = 7200;
  CHECK_FALSE(is_silent(slow, s, t0 + 3 * 300'000));
  CHECK(is_silent(slow, s, t0 + 7'200'000));
  CHECK(parse_indicator_state("silent") == indicator_state::silent);
  CHECK_FALSE(parse_indicator_state("loud"));
}

TEST_CASE("samples are checked against the registry field by field", "[indicators]") {
  const indicator_sample good{"water.pressure.test", 0.3, t0};
  CHECK_FALSE(check_sample(&water, good, "MPa", t0));
  CHECK_FALSE(check_sample(&water, good, "", t0));  // the unit may be left out
  CHECK_FALSE(check_sample(&water, {"water.pressure.test", 0.3, t0 + 300'000}, "MPa", t0));
  struct bad {
    const cityops::config::indicator_spec* spec;
    indicator_sample sample;
    const char* unit;
    const char* field;
    const char* says;
  };
  for (const auto& b : {
           bad{nullptr, {"water.nope", 0.3, t0}, "MPa", "indicator", "unknown indicator"},
           bad{&water, good, "kPa", "unit", "not the indicator's unit"},
           bad{&water, {"water.pressure.test", std::nan(""), t0}, "MPa", "value", "finite"},
           bad{&water,
               {"water.pressure.test", std::numeric_limits<double>::infinity(), t0},
               "MPa",
               "value",
               "finite"},
           bad{&water, {"water.pressure.test", 0.3, 0}, "MPa", "at", "after 1970"},
           bad{&water, {"water.pressure.test", 0.3, t0 + 300'001}, "MPa", "at", "future"},
       }) {
    const auto r = check_sample(b.spec, b.sample, b.unit, t0);
    REQUIRE(r);
    CHECK(r->field == b.field);
    CHECK_THAT(r->reason, Catch::Contains(b.says));
  }
}
