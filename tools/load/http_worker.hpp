#pragma once
// One io thread's share of the load: its keep-alive connections, its request mix and its
// statistics. Closed loop: every connection sends its next request as soon as the previous
// one is answered, until the schedule's end. Open loop: the worker owns arrivals
// n ≡ index (mod workers) of the schedule; at each due time the request goes out on an idle
// connection or waits in a FIFO queue for one (latency still counts from the due time), and
// is dropped when the queue is full or the run is over. Beast/Asio stay inside the .cpp.
//
// Threading: run() drives the worker on the calling thread; request_stop(), take_interval(),
// in_flight(), queue_depth() and reached() may be called from any thread meanwhile;
// final_stats() after run() returned.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "tools/load/ack_log.hpp"
#include "tools/load/arrival_schedule.hpp"
#include "tools/load/catalogue.hpp"
#include "tools/load/load_config.hpp"
#include "tools/load/run_stats.hpp"

namespace cityops::load {

// What every worker shares; must outlive the workers.
struct worker_context {
  const load_config& config;
  const arrival_schedule& schedule;
  const catalogue& city;
  ack_log* acks = nullptr;  // null: no ack log
  std::chrono::steady_clock::time_point start;  // t = 0 of the schedule
  std::string key_prefix;   // unique per run; Idempotency-Keys are <prefix>-t<worker>-<n>
};

// Figures since the last take_interval(): the progress line's "last second".
struct interval_figures {
  latency_histogram latency;
  std::uint64_t ok = 0;
  std::uint64_t errors = 0;
  void merge(const interval_figures& other);
  void reset();
};

class http_worker {
 public:
  // Resolves the target; throws std::runtime_error when it cannot be resolved.
  http_worker(const worker_context& context, int index, int worker_count, int connections);
  ~http_worker();
  http_worker(const http_worker&) = delete;
  http_worker& operator=(const http_worker&) = delete;

  void run();
  void request_stop();

  // Adds the figures since the previous call into `into` and starts a new interval.
  void take_interval(interval_figures& into);
  std::uint64_t in_flight() const;
  std::uint64_t queue_depth() const;
  bool reached() const;  // some HTTP answer came back
  run_stats final_stats();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::load
