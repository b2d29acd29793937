#pragma once
// A latency histogram in the manner of HdrHistogram: log-linear buckets (128 per power of
// two), so any recorded value is known to within 1/128 of itself (the reported bucket
// midpoint is within 0.4 %), over 1 ns … 60 s in 3,808 fixed counters (30 KiB). Recording is
// O(1) and allocation-free; histograms of different threads merge by adding counters, which
// is how per-thread figures become the run's. Not thread-safe: one owner records, merging
// happens under the owner's lock (see run_stats).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cityops::load {

class latency_histogram {
 public:
  // Values above this are counted at it (and in saturated()).
  static constexpr std::uint64_t max_ns = 60'000'000'000ULL;
  static constexpr int sub_bucket_bits = 7;  // 128 buckets per octave → ≤ 0.78 % bucket width

  latency_histogram();

  void record(std::uint64_t ns);
  void merge(const latency_histogram& other);
  void reset();

  std::uint64_t count() const { return count_; }
  std::uint64_t saturated() const { return saturated_; }
  std::uint64_t min_ns() const { return count_ ? min_ : 0; }
  std::uint64_t max_ns_recorded() const { return max_; }
  double mean_ns() const { return count_ ? static_cast<double>(sum_) / count_ : 0.0; }

  // The value at quantile q in [0, 1] (0.99 = p99): the midpoint of the bucket holding the
  // ceil(q·count)-th smallest value, clipped to [min, max] (so q = 1 is the exact max).
  // 0 when empty.
  std::uint64_t value_at_quantile(double q) const;

  // Bucket arithmetic, public for the tests: the index of a value, and a bucket's range
  // [lowest, lowest + width).
  static std::size_t bucket_of(std::uint64_t ns);
  static std::uint64_t bucket_lowest(std::size_t index);
  static std::uint64_t bucket_width(std::size_t index);
  static std::size_t bucket_count();

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t saturated_ = 0;
  std::uint64_t min_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t sum_ = 0;  // ns; overflows only after ~10^8 s of summed latency
};

}  // namespace cityops::load
