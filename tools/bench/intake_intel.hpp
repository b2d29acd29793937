#pragma once
// cityops-bench intake-intel (intake_intel.cpp: what is measured and how; the subcommand's
// options are registered in intake_intel_cli.cpp).

#include <cstdint>
#include <string>

namespace cityops::bench {

struct intel_options {
  std::uint64_t stored = 1'000'000;
  std::uint64_t open = 100'000;
  std::uint64_t reports = 20'000;
  std::uint64_t warmup = 1'000;
  std::uint32_t passes = 3;
  std::uint64_t similar_queries = 2'000;
  std::uint32_t callers = 300'000;
  double caller_skew = 3;      // caller = pool · u^skew: 1 uniform, 3 like `seed`
  double repeat_share = 0.05;  // new reports that repeat a recent open case nearby
  std::uint32_t days = 60;
  std::uint64_t seed = 20261208;
  std::string model_cache;
  std::string json;
};

// Runs the benchmark; sets exit_code to 1 on failure.
void run_intake_intel(const intel_options& o, int& exit_code);

}  // namespace cityops::bench
