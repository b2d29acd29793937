#pragma once
// What a run measured, kept per io thread and merged at the end (and, for the progress line,
// every second): latency histograms and outcome counts per phase and per request kind, and
// the counters of the open-loop queue and of the mix. Pure values; not thread-safe — each
// thread records into its own copy under its own lock.
//
// An outcome has a label: the HTTP status ("201", "503") or, for transport failures, "io"
// (connect/read/write failed, connection reset) or "timeout" (no full answer within the
// request timeout); "mismatch" marks a replay whose answer was not the first case, "bad_body"
// a success without the id the route promises. Latency is recorded for every request that got
// an HTTP answer (errors included) and not for transport failures. Warm-up requests count in
// their phase only, never in the per-kind figures or the totals.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tools/load/histogram.hpp"
#include "tools/load/request_mix.hpp"

namespace cityops::load {

struct outcome_figures {
  latency_histogram latency;
  std::uint64_t ok = 0;
  std::uint64_t errors = 0;
  std::map<std::string, std::uint64_t> by_label;

  std::uint64_t completed() const { return ok + errors; }
  void merge(const outcome_figures& other);
};

// Open-loop queue: arrivals due, sent, sent late (more than the threshold after their due
// time), queued (due while every connection was busy), dropped (queue full, or still queued
// when the run ended), deepest queue seen.
struct queue_counters {
  std::uint64_t due = 0;
  std::uint64_t sent = 0;
  std::uint64_t late = 0;
  std::uint64_t queued = 0;
  std::uint64_t dropped = 0;
  std::uint64_t max_depth = 0;
  void merge(const queue_counters& other);
};

// The mix's features as sent and as answered.
struct mix_counters {
  std::uint64_t duplicates = 0;        // creates resending a recent case's text
  std::uint64_t keyed = 0;             // creates with an Idempotency-Key
  std::uint64_t replays_matched = 0;   // replays answered 200 with the first case's id
  std::uint64_t replays_mismatched = 0;
  std::uint64_t cases_created = 0;     // acknowledged creates (201; Open311 200)
  void merge(const mix_counters& other);
};

class run_stats {
 public:
  // One flag per schedule phase: is it measured (false for the warm-up)?
  explicit run_stats(std::vector<bool> measured_phases);

  // A finished request. `phase` indexes the schedule's phases (clamped into range).
  void record(request_kind kind, int phase, const std::string& label, bool ok,
              std::optional<std::uint64_t> latency_ns);
  void merge(const run_stats& other);

  const outcome_figures& phase(std::size_t i) const { return phases_[i]; }
  std::size_t phase_count() const { return phases_.size(); }
  const outcome_figures& kind(request_kind k) const { return kinds_[static_cast<std::size_t>(k)]; }
  // The measured phases merged: the run's totals.
  outcome_figures totals() const;

  queue_counters queue;
  mix_counters mix;

 private:
  std::vector<bool> measured_;
  std::vector<outcome_figures> phases_;
  std::array<outcome_figures, request_kind_count> kinds_;
};

}  // namespace cityops::load
