#include "tools/bench/bench_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cityops::bench {

double percentile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  p = std::clamp(p, 0.0, 100.0);
  // Nearest rank: ceil(p/100 * n), at least 1 (the epsilon keeps 99.9% of 1000 at rank 999
  // despite 0.999 * 1000 coming out a hair above 999 in binary floating point).
  auto rank = static_cast<std::size_t>(
      std::ceil(p / 100.0 * static_cast<double>(sorted.size()) - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

double median(std::vector<double> samples) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto n = samples.size();
  if (n % 2 == 1) return samples[n / 2];
  return (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
}

sample_summary summarize(std::vector<double> samples) {
  sample_summary s;
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  s.count = samples.size();
  s.min = samples.front();
  s.max = samples.back();
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(s.count);
  s.p50 = percentile_sorted(samples, 50);
  s.p90 = percentile_sorted(samples, 90);
  s.p99 = percentile_sorted(samples, 99);
  s.p999 = percentile_sorted(samples, 99.9);
  return s;
}

double rate_per_second(std::uint64_t events, double seconds) {
  if (!(seconds > 0)) return 0;
  return static_cast<double>(events) / seconds;
}

}  // namespace cityops::bench
