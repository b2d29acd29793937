#include "tools/load/rng.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cityops::load {

namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

__extension__ typedef unsigned __int128 uint128;  // GCC/Clang; -Wpedantic wants the marker

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

rng::rng(std::uint64_t seed) {
  // splitmix64 spreads any seed (0 included) over the whole state, as xoshiro's authors advise.
  for (auto& s : s_) s = splitmix64(seed);
}

std::uint64_t rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t rng::below(std::uint64_t n) {
  // Lemire's multiply-shift; the tiny bias (< n / 2^64) does not matter for a load mix.
  return static_cast<std::uint64_t>((static_cast<uint128>(next()) * n) >> 64);
}

bool rng::chance(double p) { return uniform() < p; }

double rng::normal() {
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

weighted_picker::weighted_picker(const std::vector<double>& weights) {
  double sum = 0;
  cumulative_.reserve(weights.size());
  for (double w : weights) {
    if (!(w >= 0)) throw std::invalid_argument("weights must be non-negative");
    sum += w;
    cumulative_.push_back(sum);
  }
  if (!(sum > 0)) throw std::invalid_argument("weights must have a positive sum");
}

std::size_t weighted_picker::pick(rng& r) const {
  const double x = r.uniform() * cumulative_.back();
  // First cumulative weight above x; zero-weight entries (equal cumulative) are never chosen.
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  if (it == cumulative_.end()) --it;
  return static_cast<std::size_t>(it - cumulative_.begin());
}

double weighted_picker::probability(std::size_t i) const {
  const double prev = i == 0 ? 0.0 : cumulative_[i - 1];
  return (cumulative_[i] - prev) / cumulative_.back();
}

std::vector<double> zipf_weights(std::size_t n, double exponent) {
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = 1.0 / std::pow(static_cast<double>(i + 1), exponent);
  return w;
}

}  // namespace cityops::load
