#pragma once
// Everything a run is told: where, how hard, for how long, and what to send. Filled by the
// command line (main.cpp) or by a test; validate() says what is wrong before anything runs,
// and schedule() is the arrival schedule (open loop) or the phase windows (closed loop).

#include <cstdint>
#include <string>

#include "tools/load/arrival_schedule.hpp"
#include "tools/load/request_mix.hpp"

namespace cityops::load {

enum class loop_mode { closed, open };
enum class profile_kind { flat, surge };

const char* to_string(loop_mode m);
const char* to_string(profile_kind p);

struct load_config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string token;        // bearer for /api/v1
  int connections = 64;
  int threads = 2;
  loop_mode mode = loop_mode::closed;
  double rate = 100;        // open loop: requests/s (the base rate of a surge)
  double duration_s = 10;
  double warmup_s = 0;
  profile_kind profile = profile_kind::flat;
  double surge_factor = 16;
  double timeout_s = 10;        // per request, connect included
  double late_threshold_ms = 10;  // open loop: sent later than this after due = late
  std::size_t max_queue = 100000; // open loop: due requests waiting for a connection
  std::uint64_t seed = 1;
  mix_options mix;          // mix.open311_key defaults to the token (see main.cpp)
  std::string out_path;     // result JSON ("" = none)
  std::string ack_log_path; // acknowledged creates ("" = none)
  double max_error_rate = 1.0;
  bool progress = true;     // the once-a-second line on stderr

  // "" when the configuration can run, else the first problem found.
  std::string validate() const;
  // Throws std::invalid_argument when validate() would not return "".
  arrival_schedule schedule() const;
};

}  // namespace cityops::load
