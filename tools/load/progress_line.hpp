#pragma once
// The once-a-second progress line on stderr, formatted from one sample (pure):
//   [  12.0s] peak      target  1600/s  achieved  1587/s  ok 15210  err 0  inflight 12
//             queued 0  p50 1.21ms  p99 4.50ms          (one line)

#include <cstdint>
#include <string>

namespace cityops::load {

struct progress_sample {
  double elapsed_s = 0;
  std::string phase;
  double target_rps = -1;   // < 0: none (closed loop)
  double achieved_rps = 0;  // completed in the last interval / its length
  std::uint64_t ok = 0;     // since the start
  std::uint64_t errors = 0; // since the start
  std::uint64_t in_flight = 0;
  std::uint64_t queued = 0;
  std::uint64_t p50_ns = 0;  // of the last interval
  std::uint64_t p99_ns = 0;
};

std::string progress_line(const progress_sample& s);

}  // namespace cityops::load
