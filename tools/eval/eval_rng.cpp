#include "tools/eval/eval_rng.hpp"

#include <cmath>

namespace cityops::eval {

std::uint64_t eval_rng::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double eval_rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t eval_rng::below(std::uint64_t n) {
  if (n == 0) return 0;
  return static_cast<std::uint64_t>(uniform() * static_cast<double>(n)) % n;
}

double eval_rng::normal() {
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace cityops::eval
