#pragma once
// An indicator's history for a time range, small enough to draw: the raw samples when there
// are at most `max_points` of them, otherwise one point per time bucket (min, max, mean, last
// and count of the samples in it), at most `max_points` buckets — a year of minute samples
// (525,600) becomes ≤ 500 points. Built while the samples stream by in time order, in memory
// bounded by max_points. Pure: no CAF, no I/O.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cityops::domain {

struct history_point {
  std::int64_t at_ms = 0;  // the sample's time; a bucket's start
  double value = 0;        // the sample's value; a bucket's last value
  // Buckets only (downsampled):
  std::int64_t to_ms = 0;  // the bucket's end (exclusive)
  double min = 0;
  double max = 0;
  double mean = 0;
  std::uint32_t count = 0;
};

struct indicator_history {
  bool downsampled = false;
  std::int64_t bucket_ms = 0;   // a bucket's width (downsampled only)
  std::uint64_t samples = 0;    // samples in the range
  std::vector<history_point> points;  // oldest first
};

inline constexpr std::size_t history_default_points = 500;
inline constexpr std::size_t history_max_points = 5000;

class history_builder {
 public:
  // The range [from_ms, to_ms] (from_ms <= to_ms) in at most max_points (>= 1) points.
  history_builder(std::int64_t from_ms, std::int64_t to_ms, std::size_t max_points);

  // The next sample, in time order within the range (others are ignored).
  void add(std::int64_t at_ms, double value);

  indicator_history finish();

 private:
  void close_bucket();

  std::int64_t from_ms_;
  std::int64_t to_ms_;
  std::size_t max_points_;
  std::int64_t bucket_ms_;
  std::uint64_t samples_ = 0;
  std::vector<history_point> raw_;      // until there are more than max_points
  std::vector<history_point> buckets_;  // closed buckets
  history_point open_;                  // the bucket being filled (count 0: none)
  double sum_ = 0;
};

}  // namespace cityops::domain
