#include "tools/load/load_config.hpp"

#include <stdexcept>

namespace cityops::load {

const char* to_string(loop_mode m) { return m == loop_mode::open ? "open" : "closed"; }
const char* to_string(profile_kind p) { return p == profile_kind::surge ? "surge" : "flat"; }

namespace {

bool is_share(double x) { return x >= 0 && x <= 1; }

}  // namespace

std::string load_config::validate() const {
  if (host.empty()) return "no target host";
  if (port == 0) return "the target port must not be 0";
  if (token.empty()) return "no token: give --token, --token-file or CITYOPS_TOKEN";
  if (connections < 1) return "--connections must be at least 1";
  if (threads < 1) return "--threads must be at least 1";
  if (threads > connections) return "--threads must not exceed --connections";
  if (!(duration_s > 0)) return "--duration must be positive";
  if (!(warmup_s >= 0)) return "--warmup must not be negative";
  if (mode == loop_mode::open && !(rate > 0)) return "--rate must be positive in open loop";
  if (!(surge_factor >= 1)) return "--surge-factor must be at least 1";
  if (profile == profile_kind::surge && mode != loop_mode::open) {
    return "--profile surge shapes the arrival rate: it needs --mode open";
  }
  if (!(timeout_s > 0)) return "--timeout must be positive";
  if (!(late_threshold_ms >= 0)) return "--late-ms must not be negative";
  if (max_queue < 1) return "--max-queue must be at least 1";
  const auto& w = mix.sources;
  for (double x : {w.hotline, w.grid, w.video, w.iot, w.app, w.open311}) {
    if (!(x >= 0)) return "source weights must not be negative";
  }
  if (!(w.hotline + w.grid + w.video + w.iot + w.app + w.open311 > 0)) {
    return "at least one source weight must be positive";
  }
  if (!is_share(mix.latlon_share)) return "--latlon-pct must be within 0..100";
  if (!is_share(mix.duplicate_share)) return "--duplicate-pct must be within 0..100";
  if (!is_share(mix.idempotency_share)) return "--idempotency-pct must be within 0..100";
  if (!is_share(mix.replay_share)) return "--retry-pct must be within 0..100";
  if (!is_share(mix.uncategorized_share)) return "--uncategorized-pct must be within 0..100";
  if (!is_share(mix.read_ratio)) return "--read-ratio must be within 0..1";
  if (!(mix.category_zipf >= 0) || !(mix.geo_zipf >= 0)) return "Zipf exponents must be >= 0";
  if (w.open311 > 0 && mix.open311_key.empty()) return "Open311 requests need an api key";
  if (!(max_error_rate >= 0 && max_error_rate <= 1)) return "--max-error-rate must be within 0..1";
  return "";
}

arrival_schedule load_config::schedule() const {
  if (auto problem = validate(); !problem.empty()) throw std::invalid_argument(problem);
  // Closed loop has no arrival rate; the schedule only gives its phase windows, so any
  // positive rate does.
  const double r = mode == loop_mode::open ? rate : 1.0;
  if (profile == profile_kind::surge) return arrival_schedule::surge(r, surge_factor, warmup_s, duration_s);
  return arrival_schedule::flat(r, warmup_s, duration_s);
}

}  // namespace cityops::load
