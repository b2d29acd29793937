#pragma once
// Summary statistics for benchmark samples (latencies, repeated runs). Pure and
// thread-compatible: a sample_summary is a plain value.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cityops::bench {

// Nearest-rank percentile of `sorted` (ascending), `p` in [0, 100]: the smallest value with
// at least p% of the samples at or below it. 0 for an empty vector.
double percentile_sorted(const std::vector<double>& sorted, double p);

// The middle value (mean of the two middle ones for an even count); 0 when empty.
double median(std::vector<double> samples);

struct sample_summary {
  std::size_t count = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
  double p999 = 0;
};

// Sorts a copy of `samples` and summarizes it; all zeros when empty.
sample_summary summarize(std::vector<double> samples);

// events / seconds, 0 when seconds is not positive.
double rate_per_second(std::uint64_t events, double seconds);

}  // namespace cityops::bench
