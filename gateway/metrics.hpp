#pragma once
// Metrics in Prometheus text exposition format 0.0.4 (served by GET /metrics, ops_routes.hpp)
// and the request wrapper that feeds them and the access log. No CAF, no Beast.
//
//   http_metrics metrics;
//   access_log log(access_log::stderr_logger());
//   http_server server(opts, observed_dispatch(router, {&metrics, &log, principal_of}));
//
// Labels are bounded: `route` is the route PATTERN the router matched ("/api/v1/cases/{id}",
// never the raw path) or "unmatched" for the router's own 404/405; `method` is one of the
// standard methods or "OTHER"; `code` is the status (100..999).

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "gateway/http_server.hpp"
#include "gateway/http_types.hpp"

namespace cityops::gateway {

class router;
class access_log;

// Appends Prometheus text: one `# HELP`/`# TYPE` header per family, then its samples. The
// caller keeps each family's samples together (the format requires it).
class prometheus_writer {
 public:
  using labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  // type: counter | gauge | histogram | untyped
  prometheus_writer& family(std::string_view name, std::string_view type, std::string_view help);
  prometheus_writer& sample(std::string_view name, labels l, double value);
  prometheus_writer& sample(std::string_view name, labels l, std::uint64_t value);
  prometheus_writer& sample(std::string_view name, labels l, std::int64_t value);
  // Lines "name{labels} value" (event_store::stats()): regrouped by family name in first-seen
  // order, each family typed `gauge`. Malformed lines are skipped.
  prometheus_writer& gauge_lines(std::string_view lines, std::string_view help);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

  // Label value escaping of the text format: backslash, double quote, newline.
  static std::string escape_label(std::string_view v);
  // Shortest round-trip text; +Inf, -Inf, NaN as the format spells them.
  static std::string format_double(double v);

 private:
  // One sample line: name{labels} value.
  prometheus_writer& sample_line(std::string_view name, labels l, std::string_view value);
  std::string out_;
};

// Upper bounds (seconds) of cityops_http_request_duration_seconds: 0.5 ms … 5 s (+Inf added).
inline constexpr std::array<double, 13> request_duration_buckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0};

// "GET", "POST", … as sent when standard, else "OTHER" (methods are client-chosen tokens:
// never let them grow label sets or carry data into logs).
std::string_view normalized_method(std::string_view method);

// Request counters and latency histograms, by route pattern. Thread-safe. Each thread that
// observes gets its own shard (counters it alone writes, read with atomics): observe() takes
// no lock and no shared cache line once its thread has seen the label set; render() and
// requests() sum the shards.
class http_metrics {
 public:
  http_metrics();
  ~http_metrics();
  http_metrics(const http_metrics&) = delete;
  http_metrics& operator=(const http_metrics&) = delete;

  // One answered request. `route` is a pattern or "unmatched"; `method` normalized.
  void observe(std::string_view route, std::string_view method, int status, double seconds);

  // cityops_http_requests_total{route,method,code} and
  // cityops_http_request_duration_seconds{route} (histogram).
  void render(prometheus_writer& w) const;

  // For tests: the counter of one label set (0 when never seen).
  std::uint64_t requests(std::string_view route, std::string_view method, int status) const;
  // For tests: how many threads have observed.
  std::size_t shard_count() const;

 private:
  struct shard;
  struct totals;
  shard& local_shard();
  totals sum() const;

  const std::uint64_t id_;  // unique per instance, never reused: keys the threads' caches
  mutable std::mutex shards_m_;
  std::vector<std::unique_ptr<shard>> shards_;
};

// What the wrapper below feeds. Every member may be null/empty.
struct request_observers {
  http_metrics* metrics = nullptr;
  const access_log* log = nullptr;
  // The principal name for the access log ("" when none); called on the io thread before
  // dispatch, only when `log` is set.
  std::function<std::string(const http_request&)> principal_of;
};

// A server handler that dispatches through `r` and, when the request is answered (or its
// responder dropped: 500), records it in `obs.metrics` and writes one access-log line.
// `r` and the observers must outlive the server.
http_server::handler observed_dispatch(const router& r, request_observers obs);

}  // namespace cityops::gateway
