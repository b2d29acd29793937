#include "tools/load/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace cityops::load {

namespace {

constexpr std::uint64_t sub_count = 1ULL << latency_histogram::sub_bucket_bits;  // 128

int floor_log2(std::uint64_t v) { return 63 - __builtin_clzll(v); }

}  // namespace

// Values below 128 get a bucket each. From 128 up, the octave [2^m, 2^(m+1)) is cut into 128
// buckets of width 2^(m-7): index = (m-7)·128 + (v >> (m-7)), which continues the linear part
// without a gap (m = 7 gives index = v).
std::size_t latency_histogram::bucket_of(std::uint64_t ns) {
  if (ns < sub_count) return static_cast<std::size_t>(ns);
  const int shift = floor_log2(ns) - sub_bucket_bits;
  return static_cast<std::size_t>(shift) * sub_count + static_cast<std::size_t>(ns >> shift);
}

std::uint64_t latency_histogram::bucket_lowest(std::size_t index) {
  if (index < 2 * sub_count) return index;
  const std::size_t shift = index / sub_count - 1;
  return static_cast<std::uint64_t>(index - shift * sub_count) << shift;
}

std::uint64_t latency_histogram::bucket_width(std::size_t index) {
  if (index < 2 * sub_count) return 1;
  return 1ULL << (index / sub_count - 1);
}

std::size_t latency_histogram::bucket_count() { return bucket_of(max_ns) + 1; }

latency_histogram::latency_histogram() : counts_(bucket_count(), 0) {}

void latency_histogram::record(std::uint64_t ns) {
  if (ns > max_ns) {
    ns = max_ns;
    ++saturated_;
  }
  ++counts_[bucket_of(ns)];
  if (count_ == 0 || ns < min_) min_ = ns;
  if (ns > max_) max_ = ns;
  ++count_;
  sum_ += ns;
}

void latency_histogram::merge(const latency_histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  saturated_ += other.saturated_;
  sum_ += other.sum_;
}

void latency_histogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = saturated_ = min_ = max_ = sum_ = 0;
}

std::uint64_t latency_histogram::value_at_quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const std::uint64_t mid = bucket_lowest(i) + (bucket_width(i) - 1) / 2;
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

}  // namespace cityops::load
