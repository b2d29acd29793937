#pragma once
// Internal to tools/crash: the crash test's runner (crash_runner.cpp: start, verify, the main
// loop; crash_load.cpp: the load phase and its workers) and what both halves share.

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tools/crash/crash_runner.hpp"
#include "tools/crash/ack_ledger.hpp"
#include "tools/crash/replies.hpp"
#include "tools/crash/verifier.hpp"
#include "tools/crash/workload.hpp"
#include "tools/load/json_text.hpp"


namespace cityops::crash::detail {

using steady = std::chrono::steady_clock;
using cityops::testing::client_response;
using cityops::testing::header_list;
using cityops::testing::http_connection;
using cityops::testing::service_process;

inline const std::string admin_token = "cityops-crash-test-admin-token-0123456789abcdef";
constexpr std::chrono::seconds request_timeout{30};
constexpr std::size_t open_cases_per_worker = 3;  // below this a worker always creates
constexpr int max_conflicts = 12;                 // 409s in a row before a case is put aside

inline std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline double seconds_since(steady::time_point t) {
  return std::chrono::duration<double>(steady::now() - t).count();
}

inline std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)};
  std::uint32_t out[2];
  seq.generate(out, out + 2);
  return (static_cast<std::uint64_t>(out[0]) << 32) | out[1];
}

inline std::vector<std::string> types_of(const std::vector<observed_event>& history) {
  std::vector<std::string> out;
  out.reserve(history.size());
  for (const auto& e : history) out.push_back(e.type);
  return out;
}

inline std::string excerpt(const std::string& body) {
  return body.size() > 300 ? body.substr(0, 300) + "…" : body;
}

inline std::string fixed(double v, int digits = 2) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Counters of one load phase, shared by its workers.
struct load_counters {
  std::atomic<std::size_t> creates{0};
  std::atomic<std::size_t> transitions{0};
  std::atomic<std::size_t> conflicts{0};
  std::atomic<std::size_t> refused{0};           // other non-2xx answers (503, 504, 400, ...)
  std::atomic<std::size_t> transport_errors{0};  // before the kill: the service misbehaved
  std::atomic<std::size_t> cut_by_kill{0};       // requests that got no answer because of it
  std::atomic<int> inflight{0};
};

struct verify_result {
  std::vector<violation> violations;
  std::size_t cut_actions_landed = 0;  // requests cut by the kill whose event is durable
  std::size_t cut_actions_read = 0;
  std::size_t cut_creates_landed = 0;  // creates cut by the kill whose case exists
  std::size_t cut_creates_retried = 0;
  std::size_t cases_checked = 0;
  std::size_t transitions_checked = 0;
  std::size_t keys_retried = 0;
  std::size_t listed = 0;
  std::size_t busy_answers = 0;  // 503/504 answers the verification retried
  bool full = false;
};

// A verification request: a 503 (overloaded, Retry-After) or 504 (the actor did not answer
// in time) says "retry later", nothing about the data, so it is retried — after the
// Retry-After pause for a 503; a 504 has already waited the service's actor timeout — up to
// `busy_retries` times. Each such answer is counted in `busy`; the last answer is returned.
constexpr int busy_retries = 30;
inline client_response patient_request(http_connection& conn, const std::string& method,
                                const std::string& target, const std::string& body,
                                const header_list& headers, std::atomic<std::size_t>& busy) {
  for (int attempt = 0;; ++attempt) {
    auto r = conn.request(method, target, body, headers);
    if ((r.status != 503 && r.status != 504) || attempt >= busy_retries) return r;
    ++busy;
    if (r.status == 503) std::this_thread::sleep_for(std::chrono::seconds(1));  // Retry-After
    if (!conn.is_open()) throw std::runtime_error("connection closed after " + std::to_string(r.status));
  }
}

// Thrown for harness failures (a verification request that could not be made).
struct harness_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class runner {
 public:
  explicit runner(const crash_options& o) : opt_(o), rng_(o.seed) {}
  int run();

 private:
  void prepare_dirs();
  std::unique_ptr<service_process> start_service();
  std::set<std::string> list_ids(const std::string& addr);
  std::vector<listed_case> listing(const std::string& addr);
  void run_load(service_process& svc, int iteration, std::string& summary);
  void worker(int index, int iteration, const std::string& addr, std::vector<case_plan>& plans,
              const std::atomic<bool>& killing, load_counters& n);
  verify_result verify(const std::string& addr, bool full);
  void add_load_violation(violation v);
  void report(const std::vector<violation>& violations);
  void cleanup(bool failed);

  // Runs fn(connection, item) over items on `opt_.workers` threads, each with its own
  // keep-alive connection. A transport failure is a harness_error (rethrown here).
  template <class Item, class Fn>
  void parallel(const std::string& addr, const std::vector<Item>& items, Fn fn);

  header_list auth() const { return {{"Authorization", "Bearer " + admin_token}}; }

  crash_options opt_;
  std::mt19937_64 rng_;
  std::string run_id_;
  std::string work_dir_;  // the temporary directory when we made one
  std::string data_dir_;
  std::string log_path_;
  std::string service_log_;
  std::ofstream log_;
  std::unique_ptr<ack_ledger> ledger_;

  std::vector<case_plan> open_plans_;  // carried from one load to the next
  std::mutex recent_mutex_;
  std::set<std::string> recent_keys_;   // keys the last load sent
  std::set<std::string> recent_cases_;  // cases with an acknowledgement in the last load
  std::vector<std::pair<std::string, std::string>> cut_actions_;  // (case, by) the kill cut
  std::set<std::string> cut_creates_;                             // keys the kill cut
  std::set<std::string> preexisting_;
  std::mutex violations_mutex_;
  std::vector<violation> load_violations_;  // found while the load ran (replies)
};

}  // namespace cityops::crash::detail
