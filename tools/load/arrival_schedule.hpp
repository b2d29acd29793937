#pragma once
// The open-loop arrival schedule: a piecewise-linear rate over time and the exact instant of
// every arrival (the n-th request is due when the integral of the rate reaches n), so
// requests are due when the schedule says, not when the tool gets round to them — latency is
// measured from these instants (no coordinated omission). Pure; times in seconds from the
// start of the run (warm-up included).
//
// Profiles (after an optional warm-up at the base rate, excluded from the totals):
//   flat   one phase "steady" at the base rate for the duration D;
//   surge  "base" 0–20 % of D at the base rate R, "ramp_up" 20–30 % linearly to F·R,
//          "peak" 30–60 % at F·R, "ramp_down" 60–70 % back to R, "recovery" 70–100 % at R.
// Closed-loop runs use the same phases as time windows for the per-phase figures (their
// rates are then only nominal).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cityops::load {

struct schedule_phase {
  std::string name;
  double start_s = 0;
  double end_s = 0;
  double rate_start = 0;  // requests/s at start_s …
  double rate_end = 0;    // … and at end_s, linear in between
  bool measured = true;   // false for the warm-up
};

class arrival_schedule {
 public:
  // Throws std::invalid_argument for a non-positive duration or rate, a negative warm-up, or
  // a surge factor below 1.
  static arrival_schedule flat(double rate, double warmup_s, double duration_s);
  static arrival_schedule surge(double base_rate, double factor, double warmup_s,
                                double duration_s);

  const std::vector<schedule_phase>& phases() const { return phases_; }
  double end_s() const { return phases_.back().end_s; }
  // The first measured instant (= the warm-up's length).
  double measured_start_s() const;

  // Requests/s at t (0 outside the schedule).
  double rate_at(double t) const;
  // Arrivals due by t: the integral of the rate over [0, t].
  double expected_arrivals(double t) const;
  // Every arrival of the schedule: the n with n < expected_arrivals(end).
  std::uint64_t total_arrivals() const;
  // When arrival n (0-based) is due: the t with expected_arrivals(t) = n. nullopt when n is
  // past the end of the schedule.
  std::optional<double> time_of(std::uint64_t n) const;
  // The phase holding t (the last one for t ≥ end); -1 for t < 0.
  int phase_at(double t) const;

 private:
  explicit arrival_schedule(std::vector<schedule_phase> phases);
  std::vector<schedule_phase> phases_;
  std::vector<double> arrivals_before_;  // expected arrivals at each phase's start
};

}  // namespace cityops::load
