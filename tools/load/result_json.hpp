#pragma once
// The run's result as a JSON document (--out) and as a short human summary (stdout). Pure:
// both are built from the configuration, the schedule and the merged statistics.
//
// Document shape (latencies in milliseconds, rates in requests/s):
//   {"tool": "cityops-load", "format": 1, "started_at", "elapsed_s", "measured_s",
//    "reached", "interrupted", "failure",
//    "config": {target, mode, profile, connections, threads, rate, surge_factor, duration_s,
//               warmup_s, timeout_s, seed, weights{…}, shares{…}, …},
//    "totals": {completed, ok, errors, error_rate, achieved_rps, ok_rps, cases_created},
//    "latency_ms": {count, min, mean, p50, p90, p99, p999, max},
//    "status": {"201": n, "io": n, …},
//    "kinds": {"hotline": {completed, ok, errors, status{…}, latency_ms{…}}, …},
//    "phases": [{name, measured, start_s, end_s, target_rps_start, target_rps_end,
//                target_requests, completed, ok, errors, achieved_rps, status{…},
//                latency_ms{…}}],
//    "open_loop": {due, sent, late, late_threshold_ms, queued, dropped, max_queue_depth}
//                 (null in closed loop),
//    "mix": {duplicates, keyed, replays_matched, replays_mismatched}}

#include <string>

#include "tools/load/arrival_schedule.hpp"
#include "tools/load/load_config.hpp"
#include "tools/load/run_stats.hpp"

namespace cityops::load {

struct run_summary {
  std::string started_at;  // wall clock, ISO 8601 UTC
  double elapsed_s = 0;    // the whole run: warm-up, measured window, drain
  double measured_s = 0;   // the measured window actually run (shorter when interrupted)
  bool reached = false;    // at least one HTTP answer came back
  bool interrupted = false;
  std::string failure;     // "" or why the run could not go as configured
};

std::string result_json(const load_config& config, const arrival_schedule& schedule,
                        const run_stats& stats, const run_summary& summary);

// A few lines: throughput, latency percentiles, errors by status, per phase for a surge.
std::string human_summary(const load_config& config, const arrival_schedule& schedule,
                          const run_stats& stats, const run_summary& summary);

// Errors over completed requests of the measured window (0 when nothing completed).
double error_rate(const run_stats& stats);

}  // namespace cityops::load
