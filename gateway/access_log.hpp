#pragma once
// The structured access log: one JSON object per answered request, one line, through spdlog
// (by default a logger "cityops.access" on stderr with the bare "%v" pattern, so each line is
// exactly the JSON):
//
//   {"at":"2026-11-28T01:30:00.123Z","method":"POST","route":"/api/v1/cases/{id}/actions/{action}",
//    "status":200,"duration_ms":3.412,"bytes":1834,"remote":"127.0.0.1:51234","principal":"ops-1"}
//
// What is deliberately NOT logged: the raw path and query string (`route` is the matched
// pattern, "unmatched" for 404/405 — a path or query may carry a phone number or a token),
// request and response bodies, and headers (Authorization). `method` is normalized (standard
// methods or "OTHER"). `principal` is the name of the token's owner from the configuration,
// present only when the request carried a known token.
//
// Buffered: write() appends the line to an in-memory buffer and returns; a background thread
// hands the buffer to the logger every flush_interval (100 ms), or as soon as it holds
// flush_bytes (64 KiB), as ONE info message of newline-separated lines (with the "%v"
// pattern: the same bytes as one message per line, in one write). flush() and the destructor
// write everything buffered, so an orderly stop loses no line; a crash loses what was still
// buffered (at most the last flush_interval of lines, or one buffer). Cases never depend on
// this log: a case is acknowledged only after its synced write. When the logger cannot keep
// up and max_buffered_bytes are waiting, write() waits for the flusher (back-pressure, as an
// unbuffered log would) instead of dropping lines.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace cityops::gateway {

struct access_record {
  std::string_view method;     // normalized
  std::string_view route;      // pattern or "unmatched"
  int status = 0;
  double duration_ms = 0;      // handler start to response handed over
  std::size_t bytes = 0;       // response body bytes
  std::string_view remote;     // peer "ip:port"
  std::string_view principal;  // "" when none
};

// The JSON line (without newline), "at" = now in UTC.
std::string format_access_record(const access_record& r);

class access_log {
 public:
  struct options {
    std::chrono::milliseconds flush_interval{100};
    std::size_t flush_bytes = 64 * 1024;
    std::size_t max_buffered_bytes = 8 * 1024 * 1024;
  };

  // `logger` receives the buffered lines in info-level messages; null: a no-op log (no
  // thread).
  explicit access_log(std::shared_ptr<spdlog::logger> logger);
  access_log(std::shared_ptr<spdlog::logger> logger, options opts);
  // Writes what is buffered, then stops the flusher.
  ~access_log();
  access_log(const access_log&) = delete;
  access_log& operator=(const access_log&) = delete;

  // Appends one line; any thread. Never fails a request (errors are swallowed).
  void write(const access_record& r) const;
  // Hands every line written before the call to the logger and flushes it; returns after.
  void flush() const;

  // Messages handed to the logger so far (for tests: lines arrive in batches).
  std::size_t batches() const;

  // The service's logger: "cityops.access", stderr, pattern "%v" (created once, shared).
  static std::shared_ptr<spdlog::logger> stderr_logger();

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace cityops::gateway
