// tools/load/arrival_schedule: arrivals follow the rate exactly (flat and the ×16 surge),
// the surge has the documented shape, and arrival times invert the cumulative count.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "tools/load/arrival_schedule.hpp"

using cityops::load::arrival_schedule;

TEST_CASE("a flat schedule spaces arrivals 1/rate apart") {
  const auto s = arrival_schedule::flat(200, 0, 10);
  REQUIRE(s.phases().size() == 1);
  CHECK(s.phases()[0].name == "steady");
  CHECK(s.total_arrivals() == 2000);
  CHECK(*s.time_of(0) == Approx(0.0));
  CHECK(*s.time_of(1) == Approx(0.005));
  CHECK(*s.time_of(1999) == Approx(9.995));
  CHECK_FALSE(s.time_of(2000).has_value());
  CHECK(s.rate_at(5) == Approx(200));
  CHECK(s.rate_at(10) == 0);
}

TEST_CASE("the warm-up runs at the base rate first and is not measured") {
  const auto s = arrival_schedule::flat(50, 2, 4);
  REQUIRE(s.phases().size() == 2);
  CHECK(s.phases()[0].name == "warmup");
  CHECK_FALSE(s.phases()[0].measured);
  CHECK(s.phases()[1].measured);
  CHECK(s.measured_start_s() == Approx(2));
  CHECK(s.end_s() == Approx(6));
  CHECK(s.total_arrivals() == 300);
  CHECK(s.phase_at(1.0) == 0);
  CHECK(s.phase_at(2.5) == 1);
}

TEST_CASE("the surge profile: base, ramp to ×16, peak, ramp down, recovery") {
  const double base = 100, d = 100;
  const auto s = arrival_schedule::surge(base, 16, 0, d);
  std::vector<std::string> names;
  for (const auto& p : s.phases()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"base", "ramp_up", "peak", "ramp_down", "recovery"});

  CHECK(s.rate_at(10) == Approx(100));
  CHECK(s.rate_at(25) == Approx(100 + 0.5 * 1500));  // half way up the ramp
  CHECK(s.rate_at(45) == Approx(1600));
  CHECK(s.rate_at(65) == Approx(850));                // half way down
  CHECK(s.rate_at(85) == Approx(100));

  // Arrivals per phase: 20 s × 100, 10 s × mean 850, 30 s × 1600, 10 s × 850, 30 s × 100.
  const std::vector<double> expected{2000, 8500, 48000, 8500, 3000};
  for (std::size_t i = 0; i < s.phases().size(); ++i) {
    const auto& p = s.phases()[i];
    CHECK(s.expected_arrivals(p.end_s) - s.expected_arrivals(p.start_s) == Approx(expected[i]));
  }
  CHECK(s.total_arrivals() == 70000);
}

TEST_CASE("arrival times invert the cumulative count, also inside the ramps") {
  const auto s = arrival_schedule::surge(20, 16, 1, 30);
  const auto total = s.total_arrivals();
  double previous = -1;
  std::size_t counted_in_peak = 0;
  for (std::uint64_t n = 0; n < total; ++n) {
    const auto t = s.time_of(n);
    REQUIRE(t.has_value());
    REQUIRE(*t >= previous);  // non-decreasing
    REQUIRE(s.expected_arrivals(*t) == Approx(static_cast<double>(n)).margin(1e-6));
    previous = *t;
    if (s.phases()[s.phase_at(*t)].name == "peak") ++counted_in_peak;
  }
  CHECK_FALSE(s.time_of(total).has_value());
  // The peak holds 9 s at 320/s: its arrivals, give or take the boundary one.
  CHECK(std::abs(static_cast<double>(counted_in_peak) - 2880.0) <= 1.0);
}

TEST_CASE("schedules refuse impossible parameters") {
  CHECK_THROWS_AS(arrival_schedule::flat(0, 0, 10), std::invalid_argument);
  CHECK_THROWS_AS(arrival_schedule::flat(10, 0, 0), std::invalid_argument);
  CHECK_THROWS_AS(arrival_schedule::flat(10, -1, 10), std::invalid_argument);
  CHECK_THROWS_AS(arrival_schedule::surge(10, 0.5, 0, 10), std::invalid_argument);
}
