#include "tools/eval/sample_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cityops::eval {

double percentile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double clamped = std::min(100.0, std::max(0.0, p));
  auto rank = static_cast<std::size_t>(std::ceil(clamped / 100.0 * sorted.size()));
  if (rank == 0) rank = 1;
  return sorted[rank - 1];
}

sample_summary summarize(std::vector<double> samples) {
  sample_summary s;
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  s.count = n;
  s.min = samples.front();
  s.max = samples.back();
  s.median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
  s.p99 = percentile_sorted(samples, 99);
  return s;
}

}  // namespace cityops::eval
