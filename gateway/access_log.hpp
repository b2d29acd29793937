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
  // `logger` receives one info-level message per request; null: a no-op log.
  explicit access_log(std::shared_ptr<spdlog::logger> logger);
  ~access_log();

  void write(const access_record& r) const;

  // The service's logger: "cityops.access", stderr, pattern "%v" (created once, shared).
  static std::shared_ptr<spdlog::logger> stderr_logger();

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace cityops::gateway
