#pragma once
// Runs a load as configured: reads the city's catalogue from the service, starts one
// http_worker per io thread (connections spread evenly), prints the progress line once a
// second, and merges the threads' statistics when every worker is done. What cityops-load's
// main() does, callable from tests.

#include <atomic>
#include <ostream>
#include <string>

#include "tools/load/arrival_schedule.hpp"
#include "tools/load/catalogue.hpp"
#include "tools/load/load_config.hpp"
#include "tools/load/result_json.hpp"
#include "tools/load/run_stats.hpp"

namespace cityops::load {

// GET /api/v1/categories and /api/v1/nodes?tier=community into `out`. "" on success, else
// why not (unreachable target, a refused token, a malformed answer).
std::string load_catalogue(const load_config& config, catalogue& out);

struct run_result {
  run_stats stats;
  run_summary summary;
};

// Runs the load. `progress` (may be null) gets the progress line every second; `interrupt`
// (may be null) ends the run early once it becomes true (in-flight requests are still
// answered; queued ones are dropped). Throws std::invalid_argument for an invalid config.
run_result run_load(const load_config& config, const catalogue& city,
                    std::ostream* progress = nullptr,
                    const std::atomic<bool>* interrupt = nullptr);

// The process exit code for a finished run: 0, 1 when the error rate exceeds
// config.max_error_rate, 2 when no answer came back at all, 3 when the run could not go as
// configured (the ack log could not be written).
int exit_code(const load_config& config, const run_result& result);

}  // namespace cityops::load
