#pragma once
// Operations routes: GET /metrics (Prometheus text format 0.0.4) and GET /readyz, and the
// small actor that feeds them from the actor side. Like /healthz they need no token: bind the
// service to localhost, or let the reverse proxy keep /metrics, /healthz and /readyz off the
// public address (docs/api.md "Operations").
//
// /metrics families (docs/api.md lists them with their meaning):
//   cityops_http_requests_total{route,method,code}        counter   (http_metrics)
//   cityops_http_request_duration_seconds{route}          histogram (0.5 ms … 5 s)
//   cityops_inflight_requests, cityops_inflight_requests_limit      gauges (api_context)
//   cityops_http_connections                                       gauge
//   cityops_cases_total                                            counter (store's counter)
//   cityops_cases_current{status}                                  gauge (store's counters)
//   cityops_live_case_actors                                       gauge (directory, queue_atom)
//   cityops_storage_*                                              gauges (event_store::stats)
// A family whose source is missing or does not answer in time is left out, never invented.
//
// /readyz: 200 {"status":"ready","checks":{…}} when the store is open, the case directory
// answers within the probe timeout and the server accepts connections; otherwise 503 with the
// api.md error shape, code `not_ready`, and the same `checks` inside "error".

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/domain/kpi_summary.hpp"
#include "gateway/metrics.hpp"

namespace cityops::gateway {

class router;
struct api_context;

// Where /metrics and /readyz look. Every member may be empty (tests): its family is left out
// and, for readiness, its check fails. store_open, accepting and http_connections are called
// on the io thread handling the request; cases_total, storage_stats and case_statuses from
// the ops actor's thread (after the directory answered).
struct ops_probes {
  std::function<bool()> store_open;
  std::function<bool()> accepting;  // the HTTP server is running and not draining
  std::function<std::uint64_t()> cases_total;
  std::function<std::string()> storage_stats;  // event_store::stats() lines
  std::function<std::size_t()> http_connections;
  // (status wire name, cases) — the store's exact, persisted per-status counters.
  std::function<std::vector<std::pair<std::string, std::uint64_t>>()> case_statuses;
  // Asks the case directory how many case actors are live; `done` runs once, on any thread,
  // with the number or nullopt (timeout, directory gone). Must not block.
  std::function<void(std::function<void(std::optional<std::uint64_t>)>)> live_case_actors;
  // Today's KPIs of the city and its districts (scope "node:<id>", docs/kpi.md).
  std::function<std::vector<std::pair<std::string, domain::kpi_summary>>()> kpi_today;
};

// Owned by the service next to api_context (api_context::ops points here).
struct ops_context {
  http_metrics metrics;
  ops_probes probes;
};

// The actor side of the probes: one small actor that asks the case directory (queue_atom)
// how many case actors are live, with `timeout`. Destroying it stops the actor; probe
// callbacks still pending then never run.
class ops_actor {
 public:
  ops_actor(caf::actor_system& system, caf::actor directory, std::chrono::milliseconds timeout);
  ~ops_actor();
  ops_actor(const ops_actor&) = delete;
  ops_actor& operator=(const ops_actor&) = delete;

  void live_case_actors(std::function<void(std::optional<std::uint64_t>)> done) const;

 private:
  caf::actor actor_;
  caf::actor directory_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cityops::gateway
