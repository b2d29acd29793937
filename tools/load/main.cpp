// cityops-load: a load generator for the cityops HTTP API. The command line maps
// onto load_config; everything else lives in the cityops_load library (tools/load/README.md).
#include <CLI/CLI.hpp>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "tools/load/load_runner.hpp"
#include "tools/load/result_json.hpp"

namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) { interrupted.store(true); }

// "HOST:PORT", "http://HOST:PORT" or "HOST" (port 8080).
bool parse_target(std::string t, std::string& host, std::uint16_t& port) {
  if (t.rfind("http://", 0) == 0) t = t.substr(7);
  while (!t.empty() && t.back() == '/') t.pop_back();
  const auto colon = t.rfind(':');
  if (colon == std::string::npos) {
    host = t;
    return !host.empty();
  }
  host = t.substr(0, colon);
  try {
    const int p = std::stoi(t.substr(colon + 1));
    if (p <= 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (...) {
    return false;
  }
  return !host.empty();
}

// "hotline=55,grid=20,…": the sources named get these weights; the others keep theirs.
bool parse_weights(const std::string& spec, cityops::load::source_weights& w) {
  std::stringstream in(spec);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) return false;
    const std::string name = item.substr(0, eq);
    double v;
    try {
      v = std::stod(item.substr(eq + 1));
    } catch (...) {
      return false;
    }
    if (name == "hotline") w.hotline = v;
    else if (name == "grid") w.grid = v;
    else if (name == "video") w.video = v;
    else if (name == "iot") w.iot = v;
    else if (name == "app") w.app = v;
    else if (name == "open311") w.open311 = v;
    else return false;
  }
  return true;
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path);
  std::string token;
  if (!in || !std::getline(in, token)) return "";
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  return token;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cityops::load;
  load_config c;
  c.threads = std::thread::hardware_concurrency() >= 2 ? 2 : 1;

  CLI::App app{
      "cityops-load: open- and closed-loop HTTP load with a realistic 12345 intake mix.\n"
      "Surge profile (open loop, duration D, base rate R, factor F): base 0-20% of D at R, "
      "ramp_up 20-30% linearly to F*R, peak 30-60% at F*R, ramp_down 60-70% back to R, "
      "recovery 70-100% at R; --warmup runs at R before and is left out of the totals."};
  std::string target = "127.0.0.1:8080", mode = "closed", profile = "flat", weights;
  std::string token_file, open311_key;
  double latlon_pct = 30, duplicate_pct = 5, idempotency_pct = 30, retry_pct = 2,
         uncategorized_pct = 10;
  bool quiet = false;
  app.add_option("--target", target, "service address HOST:PORT (http:// accepted)")->capture_default_str();
  app.add_option("--token", c.token, "bearer token for /api/v1 (else --token-file, else $CITYOPS_TOKEN)");
  app.add_option("--token-file", token_file, "file whose first line is the token (e.g. DATA/admin.token)");
  app.add_option("--open311-key", open311_key,
                 "api_key for Open311 POSTs: a citizen_app, operator or admin token (default: the token)");
  app.add_option("--connections", c.connections, "keep-alive connections")->capture_default_str();
  app.add_option("--threads", c.threads, "io threads (default 2 on 2+ cores, else 1)");
  app.add_option("--mode", mode, "closed (next request when the previous is answered) | open (fixed arrival rate)")
      ->check(CLI::IsMember({"closed", "open"}))->capture_default_str();
  app.add_option("--rate", c.rate, "open loop: arrivals per second (the base rate of a surge)")->capture_default_str();
  app.add_option("--duration", c.duration_s, "measured seconds")->capture_default_str();
  app.add_option("--warmup", c.warmup_s, "seconds before the measurement (at the base rate in open loop)")->capture_default_str();
  app.add_option("--profile", profile, "flat | surge (open loop only; shape above)")
      ->check(CLI::IsMember({"flat", "surge"}))->capture_default_str();
  app.add_option("--surge-factor", c.surge_factor, "peak rate / base rate of a surge")->capture_default_str();
  app.add_option("--timeout", c.timeout_s, "seconds per request (connect, write, read)")->capture_default_str();
  app.add_option("--late-ms", c.late_threshold_ms, "open loop: a request sent later than this after its due time is late")->capture_default_str();
  app.add_option("--max-queue", c.max_queue, "open loop: due requests waiting for a free connection; more are dropped")->capture_default_str();
  app.add_option("--seed", c.seed, "seed of the request mix")->capture_default_str();
  app.add_option("--weights", weights, "source weights, e.g. hotline=55,grid=20,video=8,iot=4,app=8,open311=5 (these are the defaults)");
  app.add_option("--category-zipf", c.mix.category_zipf, "Zipf exponent over each source's category ranking")->capture_default_str();
  app.add_option("--geo-zipf", c.mix.geo_zipf, "Zipf exponent over communities (hot spots)")->capture_default_str();
  app.add_option("--latlon-pct", latlon_pct, "% of JSON creates giving lat/lon (jittered ~200 m) instead of the node")->capture_default_str();
  app.add_option("--duplicate-pct", duplicate_pct, "% of creates resending a recent case's text at its node")->capture_default_str();
  app.add_option("--idempotency-pct", idempotency_pct, "% of JSON creates with an Idempotency-Key")->capture_default_str();
  app.add_option("--retry-pct", retry_pct, "% of keyed creates retried at once with the same key (must answer the same id)")->capture_default_str();
  app.add_option("--uncategorized-pct", uncategorized_pct, "% of hotline creates without a category")->capture_default_str();
  app.add_option("--read-ratio", c.mix.read_ratio, "share 0..1 of requests that are reads (a recent case by id, or a listing)")->capture_default_str();
  app.add_option("--out", c.out_path, "write the result JSON here");
  app.add_option("--ack-log", c.ack_log_path, "write id<TAB>idempotency-key (or -) per acknowledged created case");
  app.add_option("--max-error-rate", c.max_error_rate, "exit 1 when errors/completed exceeds this (0..1; 1 = never)")->capture_default_str();
  app.add_flag("--quiet", quiet, "no progress line");
  CLI11_PARSE(app, argc, argv);

  if (!parse_target(target, c.host, c.port)) {
    std::cerr << "cityops-load: --target must be HOST:PORT\n";
    return 64;
  }
  if (!weights.empty() && !parse_weights(weights, c.mix.sources)) {
    std::cerr << "cityops-load: --weights must be name=number,… with names hotline grid video iot app open311\n";
    return 64;
  }
  if (c.token.empty() && !token_file.empty()) {
    c.token = read_token_file(token_file);
    if (c.token.empty()) {
      std::cerr << "cityops-load: cannot read a token from " << token_file << "\n";
      return 64;
    }
  }
  if (c.token.empty()) {
    if (const char* env = std::getenv("CITYOPS_TOKEN")) c.token = env;
  }
  c.mix.open311_key = open311_key.empty() ? c.token : open311_key;
  c.mode = mode == "open" ? loop_mode::open : loop_mode::closed;
  c.profile = profile == "surge" ? profile_kind::surge : profile_kind::flat;
  c.mix.latlon_share = latlon_pct / 100;
  c.mix.duplicate_share = duplicate_pct / 100;
  c.mix.idempotency_share = idempotency_pct / 100;
  c.mix.replay_share = retry_pct / 100;
  c.mix.uncategorized_share = uncategorized_pct / 100;
  c.progress = !quiet;
  if (c.threads > c.connections) c.threads = c.connections;
  if (auto problem = c.validate(); !problem.empty()) {
    std::cerr << "cityops-load: " << problem << "\n";
    return 64;
  }

  catalogue city;
  if (auto e = load_catalogue(c, city); !e.empty()) {
    std::cerr << "cityops-load: cannot start: " << e << "\n";
    return 2;
  }

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const run_result r = run_load(c, city, c.progress ? &std::cerr : nullptr, &interrupted);
  const arrival_schedule schedule = c.schedule();
  std::cout << human_summary(c, schedule, r.stats, r.summary);
  if (!c.out_path.empty()) {
    std::ofstream out(c.out_path, std::ios::trunc);
    out << result_json(c, schedule, r.stats, r.summary);
    if (!out.flush()) {
      std::cerr << "cityops-load: cannot write " << c.out_path << "\n";
      return 3;
    }
  }
  const int code = exit_code(c, r);
  if (code == 1) {
    std::cerr << "cityops-load: error rate " << error_rate(r.stats) << " exceeds --max-error-rate "
              << c.max_error_rate << "\n";
  }
  return code;
}
