#include "tools/load/load_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "tools/load/ack_log.hpp"
#include "tools/load/http_fetch.hpp"
#include "tools/load/http_worker.hpp"
#include "tools/load/progress_line.hpp"

namespace cityops::load {

namespace {

using steady = std::chrono::steady_clock;

std::string iso_utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Idempotency-Keys must not collide with an earlier run against the same data (a reused key
// with another body is 409): the wall clock and the pid make the prefix unique.
std::string run_key_prefix() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return fmt::format("load-{:x}-{}", ms, static_cast<long>(::getpid()));
}

std::string fetch_into(const load_config& c, const std::string& target, std::string& body) {
  const auto r = http_get(c.host, c.port, target, c.token,
                          std::chrono::milliseconds(static_cast<long>(c.timeout_s * 1000)));
  if (!r.error.empty()) return r.error;
  if (r.status != 200) {
    return fmt::format("GET {} answered {}: {}", target, r.status, r.body.substr(0, 200));
  }
  body = r.body;
  return "";
}

}  // namespace

std::string load_catalogue(const load_config& config, catalogue& out) {
  std::string body;
  if (auto e = fetch_into(config, "/api/v1/categories", body); !e.empty()) return e;
  if (auto e = parse_categories(body, out.categories); !e.empty()) return e;
  if (auto e = fetch_into(config, "/api/v1/nodes?tier=community", body); !e.empty()) return e;
  return parse_communities(body, out.communities);
}

run_result run_load(const load_config& config, const catalogue& city, std::ostream* progress,
                    const std::atomic<bool>* interrupt) {
  const arrival_schedule schedule = config.schedule();  // validates
  run_result result{run_stats({}), {}};
  {
    std::vector<bool> measured;
    for (const auto& p : schedule.phases()) measured.push_back(p.measured);
    result.stats = run_stats(measured);
  }
  result.summary.started_at = iso_utc_now();

  ack_log acks;
  if (!config.ack_log_path.empty()) {
    if (auto e = acks.open(config.ack_log_path); !e.empty()) {
      result.summary.failure = e;
      return result;
    }
  }

  worker_context ctx{config, schedule, city, acks.is_open() ? &acks : nullptr, {}, run_key_prefix()};
  std::vector<std::unique_ptr<http_worker>> workers;
  try {
    for (int i = 0; i < config.threads; ++i) {
      // Connections spread evenly; the first ones take the remainder.
      const int n = config.connections / config.threads + (i < config.connections % config.threads);
      workers.push_back(std::make_unique<http_worker>(ctx, i, config.threads, n));
    }
  } catch (const std::exception& e) {
    result.summary.failure = e.what();
    return result;
  }

  std::mutex done_mutex;
  std::condition_variable done_cv;
  int done = 0;
  ctx.start = steady::now();  // before the threads start: they read it
  std::vector<std::thread> threads;
  for (auto& w : workers) {
    threads.emplace_back([&, worker = w.get()] {
      worker->run();
      std::lock_guard<std::mutex> lock(done_mutex);
      ++done;
      done_cv.notify_all();
    });
  }

  // The progress loop: wake every second (or sooner to notice an interrupt or the end).
  interval_figures interval;
  std::uint64_t ok_total = 0, errors_total = 0;
  bool stop_sent = false;
  auto last_tick = ctx.start;
  auto next_tick = ctx.start + std::chrono::seconds(1);
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(done_mutex);
      const auto wake = std::min(next_tick, steady::now() + std::chrono::milliseconds(100));
      if (done_cv.wait_until(lock, wake, [&] { return done == config.threads; })) break;
    }
    if (interrupt && !stop_sent && interrupt->load()) {
      stop_sent = true;
      result.summary.interrupted = true;
      for (auto& w : workers) w->request_stop();
    }
    const auto now = steady::now();
    if (now < next_tick) continue;
    interval.reset();
    std::uint64_t in_flight = 0, queued = 0;
    for (auto& w : workers) {
      w->take_interval(interval);
      in_flight += w->in_flight();
      queued += w->queue_depth();
    }
    ok_total += interval.ok;
    errors_total += interval.errors;
    if (progress) {
      const double t = std::chrono::duration<double>(now - ctx.start).count();
      const double span = std::chrono::duration<double>(now - last_tick).count();
      progress_sample s;
      s.elapsed_s = t;
      // Phase and target describe the interval just ended (its midpoint, its due arrivals),
      // like the achieved rate and the percentiles next to them.
      const double from = std::chrono::duration<double>(last_tick - ctx.start).count();
      const double mid = 0.5 * (from + t);
      s.phase = mid < schedule.end_s() ? schedule.phases()[schedule.phase_at(mid)].name : "drain";
      if (config.mode == loop_mode::open && span > 0) {
        s.target_rps = (schedule.expected_arrivals(t) - schedule.expected_arrivals(from)) / span;
      }
      s.achieved_rps = span > 0 ? static_cast<double>(interval.ok + interval.errors) / span : 0;
      s.ok = ok_total;
      s.errors = errors_total;
      s.in_flight = in_flight;
      s.queued = queued;
      s.p50_ns = interval.latency.value_at_quantile(0.5);
      s.p99_ns = interval.latency.value_at_quantile(0.99);
      *progress << progress_line(s) << std::endl;
    }
    last_tick = now;
    while (next_tick <= now) next_tick += std::chrono::seconds(1);
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(steady::now() - ctx.start).count();

  for (auto& w : workers) {
    result.stats.merge(w->final_stats());
    result.summary.reached = result.summary.reached || w->reached();
  }
  result.summary.elapsed_s = elapsed;
  result.summary.measured_s =
      result.summary.interrupted
          ? std::clamp(elapsed - schedule.measured_start_s(), 0.0, config.duration_s)
          : config.duration_s;
  if (auto e = acks.close(); !e.empty()) result.summary.failure = e;
  if (!result.summary.reached && result.summary.failure.empty()) {
    result.summary.failure = "no request was answered: the target cannot be reached";
  }
  return result;
}

int exit_code(const load_config& config, const run_result& result) {
  if (!result.summary.reached) return 2;
  if (!result.summary.failure.empty()) return 3;
  if (error_rate(result.stats) > config.max_error_rate) return 1;
  return 0;
}

}  // namespace cityops::load
