#pragma once
// Seeded randomness for the load mix: a small, fast generator (xoshiro256**) and the few
// distributions the mix needs, written out here rather than taken from <random> so a seed
// gives the same request stream with any standard library (runs are reproducible).
// Not thread-safe: each io thread owns its generator.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cityops::load {

class rng {
 public:
  explicit rng(std::uint64_t seed);

  std::uint64_t next();
  // Uniform in [0, 1).
  double uniform();
  // Uniform integer in [0, n); n > 0.
  std::uint64_t below(std::uint64_t n);
  // True with probability p (p outside [0, 1] is clamped).
  bool chance(double p);
  // Standard normal (Box–Muller).
  double normal();

 private:
  std::uint64_t s_[4];
};

// Picks an index with probability proportional to its weight. Weights must be ≥ 0 with a
// positive sum (else the constructor throws std::invalid_argument).
class weighted_picker {
 public:
  weighted_picker() = default;
  explicit weighted_picker(const std::vector<double>& weights);
  std::size_t pick(rng& r) const;
  std::size_t size() const { return cumulative_.size(); }
  // The probability of index i (its weight over the sum).
  double probability(std::size_t i) const;

 private:
  std::vector<double> cumulative_;
};

// Zipf weights 1/(rank+1)^exponent for ranks 0..n-1: rank 0 is the hottest.
std::vector<double> zipf_weights(std::size_t n, double exponent);

}  // namespace cityops::load
