#include "tools/bench/bench_stats.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace cityops::bench;

TEST_CASE("percentile_sorted uses the nearest rank", "[bench][stats]") {
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(percentile_sorted(v, 0) == 1);
  CHECK(percentile_sorted(v, 10) == 1);
  CHECK(percentile_sorted(v, 11) == 2);
  CHECK(percentile_sorted(v, 50) == 5);
  CHECK(percentile_sorted(v, 90) == 9);
  CHECK(percentile_sorted(v, 99) == 10);
  CHECK(percentile_sorted(v, 100) == 10);
  CHECK(percentile_sorted({}, 50) == 0);
  CHECK(percentile_sorted({42}, 99.9) == 42);
}

TEST_CASE("median of odd and even counts, unsorted input", "[bench][stats]") {
  CHECK(median({3, 1, 2}) == 2);
  CHECK(median({4, 1, 3, 2}) == Approx(2.5));
  CHECK(median({}) == 0);
  CHECK(median({7}) == 7);
}

TEST_CASE("summarize sorts and reports every figure", "[bench][stats]") {
  std::vector<double> v;
  for (int i = 1000; i >= 1; --i) v.push_back(i);  // descending on purpose
  const auto s = summarize(v);
  CHECK(s.count == 1000);
  CHECK(s.min == 1);
  CHECK(s.max == 1000);
  CHECK(s.mean == Approx(500.5));
  CHECK(s.p50 == 500);
  CHECK(s.p90 == 900);
  CHECK(s.p99 == 990);
  CHECK(s.p999 == 999);

  const auto empty = summarize({});
  CHECK(empty.count == 0);
  CHECK(empty.max == 0);
}

TEST_CASE("rate_per_second guards against empty intervals", "[bench][stats]") {
  CHECK(rate_per_second(500, 2.0) == Approx(250));
  CHECK(rate_per_second(500, 0) == 0);
  CHECK(rate_per_second(500, -1) == 0);
}
