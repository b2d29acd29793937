#include "gateway/access_log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>

#include "gateway/json_writer.hpp"

namespace cityops::gateway {
namespace {

// "2026-11-28T01:30:00.123Z"
std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  const auto frac = static_cast<int>(ms.count() % 1000);
  char tail[8];
  std::snprintf(tail, sizeof tail, ".%03dZ", frac < 0 ? 0 : frac);
  return out + tail;
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

access_log::access_log(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}

access_log::~access_log() = default;

void access_log::write(const access_record& r) const {
  if (!logger_) return;
  try {
    logger_->info(format_access_record(r));
  } catch (...) {
    // Logging never fails a request.
  }
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
