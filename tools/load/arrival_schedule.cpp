#include "tools/load/arrival_schedule.hpp"

#include <cmath>
#include <stdexcept>

namespace cityops::load {

namespace {

// Arrivals within a phase from its start to start + tau.
double arrivals_within(const schedule_phase& p, double tau) {
  const double len = p.end_s - p.start_s;
  const double slope = len > 0 ? (p.rate_end - p.rate_start) / len : 0.0;
  return p.rate_start * tau + 0.5 * slope * tau * tau;
}

void check(double rate, double warmup_s, double duration_s) {
  if (!(rate > 0)) throw std::invalid_argument("the rate must be positive");
  if (!(duration_s > 0)) throw std::invalid_argument("the duration must be positive");
  if (!(warmup_s >= 0)) throw std::invalid_argument("the warm-up must not be negative");
}

std::vector<schedule_phase> with_warmup(double rate, double warmup_s) {
  std::vector<schedule_phase> phases;
  if (warmup_s > 0) phases.push_back({"warmup", 0, warmup_s, rate, rate, false});
  return phases;
}

}  // namespace

arrival_schedule::arrival_schedule(std::vector<schedule_phase> phases)
    : phases_(std::move(phases)) {
  double sum = 0;
  for (const auto& p : phases_) {
    arrivals_before_.push_back(sum);
    sum += arrivals_within(p, p.end_s - p.start_s);
  }
}

arrival_schedule arrival_schedule::flat(double rate, double warmup_s, double duration_s) {
  check(rate, warmup_s, duration_s);
  auto phases = with_warmup(rate, warmup_s);
  phases.push_back({"steady", warmup_s, warmup_s + duration_s, rate, rate, true});
  return arrival_schedule(std::move(phases));
}

arrival_schedule arrival_schedule::surge(double base, double factor, double warmup_s,
                                         double duration_s) {
  check(base, warmup_s, duration_s);
  if (!(factor >= 1)) throw std::invalid_argument("the surge factor must be at least 1");
  auto phases = with_warmup(base, warmup_s);
  const double w = warmup_s, d = duration_s, peak = base * factor;
  phases.push_back({"base", w, w + 0.2 * d, base, base, true});
  phases.push_back({"ramp_up", w + 0.2 * d, w + 0.3 * d, base, peak, true});
  phases.push_back({"peak", w + 0.3 * d, w + 0.6 * d, peak, peak, true});
  phases.push_back({"ramp_down", w + 0.6 * d, w + 0.7 * d, peak, base, true});
  phases.push_back({"recovery", w + 0.7 * d, w + d, base, base, true});
  return arrival_schedule(std::move(phases));
}

double arrival_schedule::measured_start_s() const {
  for (const auto& p : phases_) {
    if (p.measured) return p.start_s;
  }
  return end_s();
}

int arrival_schedule::phase_at(double t) const {
  if (t < 0) return -1;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    if (t < phases_[i].end_s) return static_cast<int>(i);
  }
  return static_cast<int>(phases_.size()) - 1;
}

double arrival_schedule::rate_at(double t) const {
  if (t < 0 || t >= end_s()) return 0;
  const auto& p = phases_[phase_at(t)];
  const double len = p.end_s - p.start_s;
  return p.rate_start + (len > 0 ? (p.rate_end - p.rate_start) * (t - p.start_s) / len : 0.0);
}

double arrival_schedule::expected_arrivals(double t) const {
  if (t <= 0) return 0;
  if (t >= end_s()) t = end_s();
  const int i = phase_at(t);
  const auto& p = phases_[i];
  return arrivals_before_[i] + arrivals_within(p, std::min(t, p.end_s) - p.start_s);
}

std::uint64_t arrival_schedule::total_arrivals() const {
  // Arrivals n = 0, 1, … with n < N(end); the epsilon keeps an exact integer N(end)
  // (rate × duration) from gaining an arrival at the very end through rounding.
  return static_cast<std::uint64_t>(std::ceil(expected_arrivals(end_s()) - 1e-9));
}

std::optional<double> arrival_schedule::time_of(std::uint64_t n) const {
  const double target = static_cast<double>(n);
  if (target >= expected_arrivals(end_s()) - 1e-9) return std::nullopt;
  if (n == 0) return phases_.front().start_s;
  // The phase whose range of arrivals holds n, then invert r0·τ + a·τ²/2 = n − N0.
  std::size_t i = phases_.size() - 1;
  for (std::size_t k = 1; k < phases_.size(); ++k) {
    if (arrivals_before_[k] > target) {
      i = k - 1;
      break;
    }
  }
  const auto& p = phases_[i];
  const double need = target - arrivals_before_[i];
  const double len = p.end_s - p.start_s;
  const double a = len > 0 ? (p.rate_end - p.rate_start) / len : 0.0;
  double tau;
  if (std::fabs(a) < 1e-12) {
    tau = need / p.rate_start;
  } else {
    // The root with τ ≥ 0; written in the cancellation-free form 2c / (r0 + √(r0² + 2ac)).
    const double disc = p.rate_start * p.rate_start + 2 * a * need;
    tau = 2 * need / (p.rate_start + std::sqrt(std::max(0.0, disc)));
  }
  return p.start_s + std::min(tau, len);
}

}  // namespace cityops::load
