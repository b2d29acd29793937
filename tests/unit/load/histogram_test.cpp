// tools/load/histogram: percentiles within 1 % of the exact ones for known distributions,
// merging equals recording everything in one, bucket arithmetic without gaps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "tools/load/histogram.hpp"
#include "tools/load/rng.hpp"

using cityops::load::latency_histogram;

namespace {

// The exact value of rank ceil(q·n) in `sorted`, the definition the histogram approximates.
std::uint64_t exact_quantile(const std::vector<std::uint64_t>& sorted, double q) {
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * sorted.size())));
  return sorted[rank - 1];
}

void check_quantiles(const std::vector<std::uint64_t>& values) {
  latency_histogram h;
  for (auto v : values) h.record(v);
  auto sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    const double exact = static_cast<double>(exact_quantile(sorted, q));
    const double got = static_cast<double>(h.value_at_quantile(q));
    INFO("q=" << q << " exact=" << exact << " got=" << got);
    CHECK(std::fabs(got - exact) <= 0.01 * exact);
  }
  CHECK(h.count() == values.size());
  CHECK(h.min_ns() == sorted.front());
  CHECK(h.max_ns_recorded() == sorted.back());
}

}  // namespace

TEST_CASE("bucket ranges tile 0..60 s without gaps and stay within 1/128 of their values") {
  REQUIRE(latency_histogram::bucket_count() == 3808);  // 60 s lies in bucket 3807
  for (std::size_t i = 1; i < latency_histogram::bucket_count(); ++i) {
    INFO("bucket " << i);
    REQUIRE(latency_histogram::bucket_lowest(i) ==
            latency_histogram::bucket_lowest(i - 1) + latency_histogram::bucket_width(i - 1));
    REQUIRE(latency_histogram::bucket_width(i) * 128 <= std::max<std::uint64_t>(128, latency_histogram::bucket_lowest(i)));
  }
  for (std::uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 255ULL, 256ULL, 1000ULL, 999'999ULL,
                          1'000'000ULL, 123'456'789ULL, 60'000'000'000ULL}) {
    const auto i = latency_histogram::bucket_of(v);
    INFO("value " << v);
    CHECK(latency_histogram::bucket_lowest(i) <= v);
    CHECK(v < latency_histogram::bucket_lowest(i) + latency_histogram::bucket_width(i));
  }
}

TEST_CASE("percentiles of a uniform distribution 1 µs .. 100 ms are within 1 %") {
  cityops::load::rng r(42);
  std::vector<std::uint64_t> values;
  for (int i = 0; i < 200000; ++i) values.push_back(1000 + r.below(100'000'000));
  check_quantiles(values);
}

TEST_CASE("percentiles of a long-tailed (log-normal) distribution are within 1 %") {
  cityops::load::rng r(7);
  std::vector<std::uint64_t> values;
  // Median ~2 ms, a tail reaching seconds: what a loaded service looks like.
  for (int i = 0; i < 200000; ++i) {
    values.push_back(static_cast<std::uint64_t>(2e6 * std::exp(1.2 * r.normal())));
  }
  check_quantiles(values);
}

TEST_CASE("known small distribution: 1..1000 µs, each once") {
  latency_histogram h;
  for (std::uint64_t us = 1; us <= 1000; ++us) h.record(us * 1000);
  CHECK(std::fabs(static_cast<double>(h.value_at_quantile(0.5)) - 500'000) <= 5'000);
  CHECK(std::fabs(static_cast<double>(h.value_at_quantile(0.99)) - 990'000) <= 9'900);
  CHECK(h.value_at_quantile(1.0) == 1'000'000);
  CHECK(h.min_ns() == 1000);
  CHECK(h.mean_ns() == Approx(500'500.0));
}

TEST_CASE("merging histograms equals recording every value in one") {
  cityops::load::rng r(3);
  latency_histogram a, b, all;
  for (int i = 0; i < 50000; ++i) {
    const auto v = 50'000 + r.below(20'000'000);
    (i % 3 == 0 ? a : b).record(v);
    all.record(v);
  }
  latency_histogram merged;
  merged.merge(a);
  merged.merge(b);
  CHECK(merged.count() == all.count());
  CHECK(merged.min_ns() == all.min_ns());
  CHECK(merged.max_ns_recorded() == all.max_ns_recorded());
  CHECK(merged.mean_ns() == Approx(all.mean_ns()));
  for (double q : {0.5, 0.9, 0.99, 0.999}) CHECK(merged.value_at_quantile(q) == all.value_at_quantile(q));
}

TEST_CASE("empty, reset and values beyond 60 s") {
  latency_histogram h;
  CHECK(h.value_at_quantile(0.99) == 0);
  CHECK(h.mean_ns() == 0);
  h.record(120'000'000'000ULL);  // two minutes: counted at the 60 s ceiling
  CHECK(h.saturated() == 1);
  CHECK(h.max_ns_recorded() == latency_histogram::max_ns);
  h.reset();
  CHECK(h.count() == 0);
  CHECK(h.saturated() == 0);
  h.record(5);
  CHECK(h.value_at_quantile(0.5) == 5);
}
