#include "tools/load/progress_line.hpp"

#include <fmt/format.h>

namespace cityops::load {

std::string progress_line(const progress_sample& s) {
  const std::string target = s.target_rps < 0 ? std::string("     -  ")
                                              : fmt::format("{:6.0f}/s", s.target_rps);
  return fmt::format(
      "[{:6.1f}s] {:<9} target {}  achieved {:6.0f}/s  ok {}  err {}  inflight {}  queued {}  "
      "p50 {:.2f}ms  p99 {:.2f}ms",
      s.elapsed_s, s.phase, target, s.achieved_rps, s.ok, s.errors, s.in_flight, s.queued,
      static_cast<double>(s.p50_ns) / 1e6, static_cast<double>(s.p99_ns) / 1e6);
}

}  // namespace cityops::load
