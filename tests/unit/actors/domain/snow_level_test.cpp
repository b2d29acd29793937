// The snow response level: the warning's colour, the snowfall and temperature thresholds and
// the hot-spot count, the highest one deciding; raised at once, lowered after the hold.
#include "actors/domain/snow_level.hpp"

#include <catch2/catch.hpp>

using namespace cityops::domain;

namespace {
constexpr std::int64_t t0 = 1'795'000'000'000;
constexpr std::int64_t minute_ms = 60'000;
}  // namespace

TEST_CASE("levels and warning signals read and print", "[snow_level]") {
  CHECK(to_string(snow_level::iv) == "IV");
  CHECK(to_string(snow_level::i) == "I");
  CHECK(to_string(snow_level::none) == "none");
  CHECK(parse_snow_level("III") == snow_level::iii);
  CHECK_FALSE(parse_snow_level("none"));
  CHECK_FALSE(parse_snow_level("V"));
  CHECK(parse_warning_signal("blue") == snow_level::iv);
  CHECK(parse_warning_signal("黄色") == snow_level::iii);
  CHECK(parse_warning_signal("orange") == snow_level::ii);
  CHECK(parse_warning_signal("red") == snow_level::i);
  CHECK(parse_warning_signal("lifted") == snow_level::none);
  CHECK_FALSE(parse_warning_signal("purple"));
  CHECK(warning_colour(snow_level::ii) == "orange");
}

TEST_CASE("the level is the highest of what the inputs call for", "[snow_level]") {
  const auto t = default_snow_thresholds();
  snow_inputs in;
  auto a = assess(in, t);
  CHECK(a.level == snow_level::none);
  CHECK(a.deciding.empty());

  // A yellow warning alone: III.
  in.warning = snow_level::iii;
  a = assess(in, t);
  CHECK(a.level == snow_level::iii);
  CHECK(a.deciding == std::vector<std::string>{"warning"});

  // 2.5 mm/h of snow: II, above the warning.
  in.snowfall = 2.5;
  a = assess(in, t);
  CHECK(a.by_snowfall == snow_level::ii);
  CHECK(a.level == snow_level::ii);
  CHECK(a.deciding == std::vector<std::string>{"snowfall"});

  // Cold makes IV at −3 °C, III at −8 °C; it never decides more than III by default.
  in = {};
  in.temperature = -3;
  CHECK(assess(in, t).level == snow_level::iv);
  in.temperature = -20;
  CHECK(assess(in, t).level == snow_level::iii);
  in.temperature = 2;
  CHECK(assess(in, t).level == snow_level::none);

  // Hot spots: 1 → IV, 6 → II, 10 → I; ties name every deciding input.
  in = {};
  in.hot_spots = 6;
  CHECK(assess(in, t).level == snow_level::ii);
  in.hot_spots = 10;
  in.warning = snow_level::i;
  a = assess(in, t);
  CHECK(a.level == snow_level::i);
  CHECK(a.deciding == std::vector<std::string>{"warning", "hot_spots"});
  CHECK(a.by_hot_spots == snow_level::i);
}

TEST_CASE("thresholds must grow more severe from IV to I", "[snow_level]") {
  auto t = default_snow_thresholds();
  CHECK_FALSE(threshold_order_error(t));
  t.snowfall = {1.0, std::nullopt, 0.5, std::nullopt};
  CHECK(threshold_order_error(t) == std::string("snowfall"));
  t = default_snow_thresholds();
  t.temperature = {-8.0, -3.0, std::nullopt, std::nullopt};
  CHECK(threshold_order_error(t) == std::string("temperature"));
  t = default_snow_thresholds();
  t.hot_spots = {3.0, 3.0, std::nullopt, std::nullopt};
  CHECK(threshold_order_error(t) == std::string("hot_spots"));
}

TEST_CASE("a level rises at once and drops only after the hold", "[snow_level]") {
  const auto hold = 60 * minute_ms;
  auto s = next_level(snow_level::iv, snow_level::ii, 0, t0, hold);
  CHECK(s.changed);
  CHECK(s.level == snow_level::ii);
  CHECK(s.recheck_ms == 0);

  // Lower inputs: held, a recheck at the end of the hold.
  s = next_level(snow_level::ii, snow_level::iv, 0, t0, hold);
  CHECK_FALSE(s.changed);
  CHECK(s.level == snow_level::ii);
  CHECK(s.lower_since_ms == t0);
  CHECK(s.recheck_ms == t0 + hold);
  // Still lower half-way: the same start.
  s = next_level(snow_level::ii, snow_level::iii, t0, t0 + 30 * minute_ms, hold);
  CHECK_FALSE(s.changed);
  CHECK(s.recheck_ms == t0 + hold);
  // Rising again clears the hold.
  s = next_level(snow_level::ii, snow_level::ii, t0, t0 + 40 * minute_ms, hold);
  CHECK_FALSE(s.changed);
  CHECK(s.lower_since_ms == 0);
  // Lower for the whole hold: down to what the inputs say then.
  s = next_level(snow_level::ii, snow_level::none, t0, t0 + hold, hold);
  CHECK(s.changed);
  CHECK(s.level == snow_level::none);
  CHECK(s.lower_since_ms == 0);
  // No hold: at once.
  CHECK(next_level(snow_level::i, snow_level::iv, 0, t0, 0).changed);
}
