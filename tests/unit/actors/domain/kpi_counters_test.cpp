#include "actors/domain/kpi_counters.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace cityops::domain;

namespace {

std::vector<kpi_counters::entry> entries(std::initializer_list<kpi_counters::entry> e) {
  return e;
}

}  // namespace

TEST_CASE("counters keep non-zero fields in id order and drop what sums to zero", "[kpi]") {
  kpi_counters c;
  CHECK(c.empty());
  c.add(kpi_field::closed);
  c.add(5, 0);  // adding zero stores nothing
  c.add(id_of(kpi_field::reported), 3);
  c.add(category_field("0601"), 2);
  c.add(source_base + 1, 1);
  CHECK(c.entries() == entries({{1, 3}, {8, 1}, {101, 1}, {10601, 2}}));
  CHECK(c.get(kpi_field::reported) == 3);
  CHECK(c.get(kpi_field::accepted) == 0);
  c.add(kpi_field::closed, -1);
  CHECK(c.get(kpi_field::closed) == 0);
  CHECK(c.entries() == entries({{1, 3}, {101, 1}, {10601, 2}}));
  c.add(kpi_field::open_now, -2);  // gauges go below zero inside a write's change
  CHECK(c.get(kpi_field::open_now) == -2);
}

TEST_CASE("adding counters merges by field, cancels to nothing and starts from empty", "[kpi]") {
  kpi_counters a;
  a.add(1, 2);
  a.add(4, 1);
  a.add(1000, 7);
  kpi_counters b;
  b.add(2, 5);
  b.add(4, -1);
  b.add(2000, 1);
  b.add(1000, 1);

  kpi_counters sum = a;
  sum.add(b);
  CHECK(sum.entries() == entries({{1, 2}, {2, 5}, {1000, 8}, {2000, 1}}));
  kpi_counters other = b;
  other.add(a);
  CHECK(other == sum);  // commutative

  kpi_counters empty;
  empty.add(a);
  CHECK(empty == a);
  kpi_counters same = a;
  same.add(kpi_counters{});
  CHECK(same == a);

  kpi_counters negated;
  for (const auto& [id, n] : a.entries()) negated.add(id, -n);
  negated.add(a);
  CHECK(negated.empty());

  // Associative with random rows: (x + y) + z == x + (y + z).
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint32_t> id(1, 40);
  std::uniform_int_distribution<int> n(-3, 3);
  for (int round = 0; round < 50; ++round) {
    kpi_counters x, y, z;
    for (auto* c : {&x, &y, &z})
      for (int i = 0; i < 10; ++i) c->add(id(rng), n(rng));
    kpi_counters left = x;
    left.add(y);
    left.add(z);
    kpi_counters yz = y;
    yz.add(z);
    kpi_counters right = x;
    right.add(yz);
    CHECK(left == right);
  }
}

TEST_CASE("a range is half open and may be empty", "[kpi]") {
  kpi_counters c;
  for (std::uint32_t id : {99u, 100u, 105u, 116u, 1000u, 1255u, 1256u}) c.add(id, 1);
  CHECK(c.range(source_base, source_base + 16) == entries({{100, 1}, {105, 1}}));
  CHECK(c.range(report_hist_base, report_hist_base + hist_buckets) ==
        entries({{1000, 1}, {1255, 1}}));
  CHECK(c.range(200, 300).empty());
  CHECK(c.range(100, 100).empty());
  CHECK(c.range(2000, 100).empty());
  CHECK(kpi_counters{}.range(0, 100000).empty());
}

TEST_CASE("category fields take four-digit codes only", "[kpi]") {
  CHECK(category_field("0101") == 10101);
  CHECK(category_field("0000") == 10000);
  CHECK(category_field("9999") == 19999);
  CHECK(category_field("101") == 0);
  CHECK(category_field("01011") == 0);
  CHECK(category_field("01a1") == 0);
  CHECK(category_field("") == 0);
  CHECK(category_code(10101) == "0101");
  CHECK(category_code(10007) == "0007");
  CHECK(category_code(19999) == "9999");
}

TEST_CASE("handling-time buckets: a minute, then 8 per doubling of minutes", "[kpi]") {
  constexpr std::int64_t minute = 60'000;
  CHECK(duration_bucket(-5) == 0);
  CHECK(duration_bucket(0) == 0);
  CHECK(duration_bucket(minute - 1) == 0);
  CHECK(bucket_upper_ms(0) == minute);
  CHECK(duration_bucket(minute) == 1);         // [1, 1.125) min
  CHECK(bucket_upper_ms(1) == 67'500);
  CHECK(duration_bucket(2 * minute - 1) == 8);  // [1.875, 2) min
  CHECK(bucket_upper_ms(8) == 2 * minute);
  CHECK(duration_bucket(2 * minute) == 9);      // a doubling starts a bucket
  CHECK(duration_bucket(6 * 60 * minute) == 68);  // 6 h = 360 min = 256 · 1.406
  CHECK(bucket_upper_ms(68) == 384 * minute);
  CHECK(duration_bucket(28 * 60 * minute) == 86);
  CHECK(bucket_upper_ms(86) == 1792 * minute);
  // Years of handling stay in the last bucket.
  CHECK(duration_bucket(std::int64_t{1} << 62) == hist_buckets - 1);

  // Every value lies below its bucket's upper edge and at or above the previous bucket's,
  // and the edge is at most 12.5 % above it.
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::int64_t> ms(minute, 400LL * 24 * 60 * minute);
  for (int i = 0; i < 20000; ++i) {
    const auto v = ms(rng);
    const auto b = duration_bucket(v);
    INFO(v << " ms in bucket " << b);
    CHECK(v < bucket_upper_ms(b));
    CHECK(v >= bucket_upper_ms(b - 1));
    CHECK(static_cast<double>(bucket_upper_ms(b)) <= static_cast<double>(v) * 1.125 + 1);
  }
  for (std::uint32_t b = 1; b + 1 < 120; ++b) CHECK(bucket_upper_ms(b) < bucket_upper_ms(b + 1));
}

TEST_CASE("a histogram quantile is the upper edge of the bucket holding its rank", "[kpi]") {
  kpi_counters c;
  CHECK(histogram_quantile_ms(c, report_hist_base, 0.9) == 0);
  c.add(report_hist_base + 9, 1);  // one value in [2, 2.25) min
  CHECK(histogram_quantile_ms(c, report_hist_base, 0.9) == 135'000);
  CHECK(histogram_quantile_ms(c, dispatch_hist_base, 0.9) == 0);  // the other histogram
  // Ten values: nine in bucket 1, one in bucket 68. The 90th percentile is the 9th value.
  kpi_counters ten;
  ten.add(report_hist_base + 1, 9);
  ten.add(report_hist_base + 68, 1);
  CHECK(histogram_quantile_ms(ten, report_hist_base, 0.9) == 67'500);
  CHECK(histogram_quantile_ms(ten, report_hist_base, 0.95) == 384 * 60'000);
  CHECK(histogram_quantile_ms(ten, report_hist_base, 1.0) == 384 * 60'000);
  CHECK(histogram_quantile_ms(ten, report_hist_base, 0.0) == 67'500);
  // Fields outside the histogram do not count.
  ten.add(report_hist_base + hist_buckets, 100);
  ten.add(report_hist_base - 1, 100);
  CHECK(histogram_quantile_ms(ten, report_hist_base, 0.9) == 67'500);
}
