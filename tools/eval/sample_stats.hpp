#pragma once
// Summaries of samples the evaluation reports: classify() latencies (mean, p99) and
// duplicate match scores (min, median, max). Pure.

#include <cstddef>
#include <vector>

namespace cityops::eval {

struct sample_summary {
  std::size_t count = 0;
  double min = 0;
  double median = 0;  // mean of the two middle values for an even count
  double max = 0;
  double mean = 0;
  double p99 = 0;  // nearest rank
};

// Nearest-rank percentile of `sorted` (ascending), p in [0, 100]; 0 when empty.
double percentile_sorted(const std::vector<double>& sorted, double p);

// All zeros when `samples` is empty.
sample_summary summarize(std::vector<double> samples);

}  // namespace cityops::eval
