// An indicator's history: raw when small, else at most `points` buckets with min, max, mean,
// last and count — a year of minute samples in ≤ 500 points.
#include <catch2/catch.hpp>

#include "actors/domain/indicator_history.hpp"

using namespace cityops::domain;

namespace {
constexpr std::int64_t t0 = 1'796'000'000'000;
constexpr std::int64_t minute = 60'000;
}  // namespace

TEST_CASE("a short history comes back raw", "[indicators]") {
  history_builder b(t0, t0 + 10 * minute, 500);
  for (int i = 0; i <= 10; ++i) b.add(t0 + i * minute, i * 0.5);
  b.add(t0 + 11 * minute, 99);  // outside the range
  const auto h = b.finish();
  CHECK_FALSE(h.downsampled);
  CHECK(h.samples == 11);
  REQUIRE(h.points.size() == 11);
  CHECK(h.points[4].at_ms == t0 + 4 * minute);
  CHECK(h.points[4].value == Approx(2.0));
}

TEST_CASE("a year of minute samples becomes at most 500 buckets", "[indicators]") {
  const std::int64_t year = 365LL * 24 * 60;
  history_builder b(t0, t0 + (year - 1) * minute, 500);
  for (std::int64_t i = 0; i < year; ++i) b.add(t0 + i * minute, static_cast<double>(i % 100));
  const auto h = b.finish();
  CHECK(h.downsampled);
  CHECK(h.samples == static_cast<std::uint64_t>(year));
  CHECK(h.points.size() <= 500);
  CHECK(h.points.size() >= 499);
  std::uint64_t counted = 0;
  for (const auto& p : h.points) {
    counted += p.count;
    CHECK(p.min == Approx(0));
    CHECK(p.max == Approx(99));
    CHECK(p.to_ms - p.at_ms == h.bucket_ms);
  }
  CHECK(counted == static_cast<std::uint64_t>(year));
}

TEST_CASE("buckets hold min max mean last and count", "[indicators]") {
  history_builder b(t0, t0 + 99, 2);  // buckets of 50 ms
  b.add(t0, 1);
  b.add(t0 + 10, 5);
  b.add(t0 + 20, 3);
  b.add(t0 + 60, 7);
  const auto h = b.finish();
  REQUIRE(h.downsampled);
  CHECK(h.bucket_ms == 50);
  REQUIRE(h.points.size() == 2);
  CHECK(h.points[0].at_ms == t0);
  CHECK(h.points[0].min == Approx(1));
  CHECK(h.points[0].max == Approx(5));
  CHECK(h.points[0].mean == Approx(3));
  CHECK(h.points[0].value == Approx(3));
  CHECK(h.points[0].count == 3);
  CHECK(h.points[1].at_ms == t0 + 50);
  CHECK(h.points[1].count == 1);
  CHECK(h.points[1].value == Approx(7));
}
