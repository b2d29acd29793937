#include "gateway/access_log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

#include "gateway/json_writer.hpp"

namespace cityops::gateway {
namespace {

// "2026-11-28T01:30:00.123Z". The seconds part is formatted once per second per thread.
std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  thread_local std::time_t cached_secs = -1;
  thread_local char cached[40];
  thread_local std::size_t cached_len = 0;
  if (secs != cached_secs || cached_len == 0) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    cached_len = std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_secs = secs;
  }
  const auto frac = static_cast<int>(ms.count() % 1000);
  char tail[8];
  std::snprintf(tail, sizeof tail, ".%03dZ", frac < 0 ? 0 : frac);
  std::string out;
  out.reserve(cached_len + 5);
  out.append(cached, cached_len);
  out += tail;
  return out;
}

}  // namespace

std::string format_access_record(const access_record& r) {
  json_writer w;
  w.begin_object()
      .member("at", utc_now_iso())
      .member("method", r.method)
      .member("route", r.route)
      .member("status", r.status)
      // Microsecond resolution is plenty; keeps lines short.
      .member("duration_ms", std::round(r.duration_ms * 1000.0) / 1000.0)
      .member("bytes", static_cast<std::uint64_t>(r.bytes))
      .member("remote", r.remote);
  if (!r.principal.empty()) w.member("principal", r.principal);
  w.end_object();
  return w.take();
}

// ---- access_log -----------------------------------------------------------------------------

struct access_log::state {
  state(std::shared_ptr<spdlog::logger> l, options o) : logger(std::move(l)), opts(o) {}

  // Takes the buffer and hands it to the logger; one drain at a time, so batches reach the
  // logger in the order their lines were written.
  void drain() {
    std::lock_guard<std::mutex> one_at_a_time(drain_m);
    {
      std::lock_guard<std::mutex> lock(m);
      batch.clear();
      buffer.swap(batch);  // the buffer keeps the previous batch's capacity
      urgent = false;
    }
    room.notify_all();
    if (batch.empty()) return;
    // Lines end in '\n'; the sink ends the message itself.
    const std::string_view lines(batch.data(), batch.size() - 1);
    try {
      logger->log(spdlog::level::info, spdlog::string_view_t(lines.data(), lines.size()));
      logger->flush();
    } catch (...) {
      // Logging never fails a request, nor the flusher.
    }
    batches.fetch_add(1, std::memory_order_release);
  }

  // The flusher thread: a drain every flush_interval, or sooner when asked to.
  void run() {
    std::unique_lock<std::mutex> lock(m);
    while (!stopping) {
      wake.wait_for(lock, opts.flush_interval, [this] { return stopping || urgent; });
      lock.unlock();
      drain();
      lock.lock();
    }
  }

  const std::shared_ptr<spdlog::logger> logger;
  const options opts;
  std::mutex m;  // buffer, urgent, stopping
  std::condition_variable wake;  // the flusher: urgent or stopping
  std::condition_variable room;  // writers waiting under max_buffered_bytes
  std::string buffer;            // lines, each ending in '\n'
  bool urgent = false;           // flush_bytes reached
  bool stopping = false;
  std::mutex drain_m;  // held through a whole drain
  std::string batch;   // under drain_m: what is being written
  std::atomic<std::size_t> batches{0};
  std::thread flusher;
};

access_log::access_log(std::shared_ptr<spdlog::logger> logger)
    : access_log(std::move(logger), options{}) {}

access_log::access_log(std::shared_ptr<spdlog::logger> logger, options opts) {
  if (!logger) return;
  if (opts.flush_bytes == 0) opts.flush_bytes = 1;
  if (opts.max_buffered_bytes < opts.flush_bytes) opts.max_buffered_bytes = opts.flush_bytes;
  state_ = std::make_unique<state>(std::move(logger), opts);
  state_->flusher = std::thread([s = state_.get()] { s->run(); });
}

access_log::~access_log() {
  if (!state_) return;
  {
    std::lock_guard<std::mutex> lock(state_->m);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  state_->room.notify_all();
  state_->flusher.join();
  state_->drain();  // whatever was written while the flusher stopped
}

void access_log::write(const access_record& r) const {
  if (!state_) return;
  state& s = *state_;
  try {
    const std::string line = format_access_record(r);
    std::unique_lock<std::mutex> lock(s.m);
    s.room.wait(lock, [&s] { return s.buffer.size() < s.opts.max_buffered_bytes || s.stopping; });
    s.buffer.append(line).push_back('\n');
    if (s.buffer.size() >= s.opts.flush_bytes && !s.urgent) {
      s.urgent = true;
      lock.unlock();
      s.wake.notify_one();
    }
  } catch (...) {
    // Logging never fails a request.
  }
}

void access_log::flush() const {
  if (state_) state_->drain();
}

std::size_t access_log::batches() const {
  return state_ ? state_->batches.load(std::memory_order_acquire) : 0;
}

std::shared_ptr<spdlog::logger> access_log::stderr_logger() {
  static std::once_flag once;
  static std::shared_ptr<spdlog::logger> logger;
  std::call_once(once, [] {
    logger = spdlog::get("cityops.access");
    if (!logger) {
      // Unregistered: it never becomes a default logger and never clashes with another
      // registration of the same name.
      auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
      logger = std::make_shared<spdlog::logger>("cityops.access", std::move(sink));
      logger->set_pattern("%v");
      logger->set_level(spdlog::level::info);
      logger->flush_on(spdlog::level::info);
    }
  });
  return logger;
}

}  // namespace cityops::gateway
