#pragma once
// Seeded randomness for the duplicate simulation: splitmix64 with its own uniform and normal
// draws (not <random>'s distributions), so a seed places every report at the same point and
// time with any standard library.

#include <cstdint>

namespace cityops::eval {

class eval_rng {
 public:
  explicit eval_rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next();
  // Uniform in [0, 1).
  double uniform();
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n); 0 when n is 0.
  std::uint64_t below(std::uint64_t n);
  // Standard normal (Box–Muller).
  double normal();

 private:
  std::uint64_t state_;
};

}  // namespace cityops::eval
