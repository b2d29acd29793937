#pragma once
// The crash test's main loop: { start cityopsd on a persistent data directory → concurrent
// keep-alive load that records every acknowledged create and transition in the ack ledger →
// kill -9 at a seeded random moment while requests are in flight → restart on the same
// directory → verify (verifier.hpp) } and again with more load on the same data.

#include <cstdint>
#include <string>

namespace cityops::crash {

struct crash_options {
  std::string cityopsd;            // path of the binary
  int iterations = 3;              // kill/restart cycles (ignored in soak mode)
  double duration_s = 5.0;         // the kill comes at most this long after the load starts
  double kill_min_s = -1.0;        // ... and at least this long (< 0: duration_s / 5)
  int workers = 4;                 // concurrent keep-alive connections
  std::uint64_t seed = 1;
  double soak_hours = 0.0;         // > 0: loop until this much time has passed
  std::string data_dir;            // "" = a fresh temporary directory
  bool keep = false;               // keep the temporary directory when a violation is found
  std::string log_path;            // the ack log ("" = ack.log in the work directory)
  int verify_sample = 2000;        // older cases re-read per iteration (the last check reads all)
  int ready_timeout_s = 120;       // for "listening on" after each start
};

// Runs the test; prints one progress line per iteration and every violation found.
// Returns 0 when nothing was lost or duplicated, 1 on a violation, 2 on a harness failure
// (the service did not start, a verification request could not be made, ...).
int run_crash_test(const crash_options& options);

}  // namespace cityops::crash
