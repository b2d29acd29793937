// GET /metrics and GET /readyz (ops_routes.hpp), and the ops actor behind them.
#include "gateway/ops_routes.hpp"

#include <caf/all.hpp>

#include <memory>
#include <tuple>
#include <utility>

#include "actors/domain/case_status.hpp"
#include "actors/protocol.hpp"
#include "gateway/api_context.hpp"
#include "gateway/error_json.hpp"
#include "gateway/json_writer.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {

// Work the ops actor runs in its own context (a request with a continuation).
struct ops_job {
  std::function<void(caf::event_based_actor*)> run;
};

}  // namespace cityops::gateway

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(cityops::gateway::ops_job)

namespace cityops::gateway {
namespace {

// Class-based: CAF 0.17's function-based spawn without arguments reads a null argument
// tuple (UBSan), see gateway/actor_bridge.cpp.
class ops_worker : public caf::event_based_actor {
 public:
  using caf::event_based_actor::event_based_actor;
  caf::behavior make_behavior() override {
    return {
        [this](ops_job& job) { job.run(this); },
    };
  }
};

// Today's KPIs (docs/kpi.md) of the city and each district: counts, gauges and the rates
// that have a denominator today.
void write_kpi_metrics(prometheus_writer& w,
                       const std::vector<std::pair<std::string, domain::kpi_summary>>& rows) {
  using summary = domain::kpi_summary;
  const std::tuple<const char*, const char*, std::int64_t summary::*> counts[] = {
      {"cityops_kpi_open_cases", "Open cases now in the scope (its whole subtree).",
       &summary::open_now},
      {"cityops_kpi_overdue_cases", "Open cases marked overdue now in the scope.",
       &summary::overdue_now},
      {"cityops_kpi_reported_today", "Cases reported today (UTC+8) in the scope.",
       &summary::reported},
      {"cityops_kpi_closed_today", "Cases closed today (UTC+8) in the scope.", &summary::closed},
      {"cityops_kpi_returned_today", "Returns (退单) today in the scope.", &summary::returned}};
  for (const auto& [name, help, field] : counts) {
    w.family(name, "gauge", help);
    for (const auto& [scope, s] : rows) w.sample(name, {{"scope", scope}}, s.*field);
  }
  const std::tuple<const char*, const char*, domain::kpi_rate summary::*> rates[] = {
      {"cityops_kpi_on_time_ratio_today", "按期结案率 today: closed on time / due.",
       &summary::on_time_rate},
      {"cityops_kpi_return_ratio_today", "退单率 today: returns / dispatches.",
       &summary::return_rate},
      {"cityops_kpi_satisfaction_ratio_today", "满意率 today: satisfied / follow-ups.",
       &summary::satisfaction_rate}};
  for (const auto& [name, help, field] : rates) {
    w.family(name, "gauge", help);
    for (const auto& [scope, s] : rows)
      if (const auto v = (s.*field).value()) w.sample(name, {{"scope", scope}}, *v);
  }
}

constexpr const char* prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

// `connections` was read on the io thread (the server is alive there); the rest may be read
// from the ops actor's thread.
void render_metrics(const api_context& ctx, std::optional<std::size_t> connections,
                    std::optional<std::uint64_t> live_actors, const responder& respond) {
  prometheus_writer w;
  const ops_context* ops = ctx.ops;
  if (ops) ops->metrics.render(w);
  w.family("cityops_inflight_requests", "gauge",
           "Requests waiting on actors now (the intake backpressure count).");
  w.sample("cityops_inflight_requests", {}, static_cast<std::int64_t>(ctx.inflight.load()));
  w.family("cityops_inflight_requests_limit", "gauge",
           "max_inflight_requests: past it requests are refused with 503 overloaded.");
  w.sample("cityops_inflight_requests_limit", {}, static_cast<std::int64_t>(ctx.max_inflight));
  if (ops) {
    const ops_probes& p = ops->probes;
    if (connections) {
      w.family("cityops_http_connections", "gauge", "HTTP connections open now.");
      w.sample("cityops_http_connections", {}, static_cast<std::uint64_t>(*connections));
    }
    if (p.cases_total) {
      w.family("cityops_cases_total", "counter",
               "Cases ever reported (the store's exact, persisted counter).");
      w.sample("cityops_cases_total", {}, p.cases_total());
    }
    if (p.case_statuses) {
      w.family("cityops_cases_current", "gauge",
               "Cases by current status (the store's exact counters, kept with every commit).");
      for (const auto& [status, n] : p.case_statuses())
        w.sample("cityops_cases_current", {{"status", status}}, n);
    }
    if (live_actors) {
      w.family("cityops_live_case_actors", "gauge",
               "Case actors alive in the case directory (not passivated).");
      w.sample("cityops_live_case_actors", {}, *live_actors);
    }
    if (p.kpi_today) write_kpi_metrics(w, p.kpi_today());
    if (p.storage_stats) {
      w.gauge_lines(p.storage_stats(), "RocksDB property of the event store (event_store::stats).");
    }
  }
  respond(http_response{200, prometheus_content_type, w.take(), {}});
}

struct readiness {
  bool store = false;
  bool actors = false;
  bool server = false;
  bool ready() const { return store && actors && server; }
  void write_checks(json_writer& w) const {
    w.key("checks")
        .begin_object()
        .member("store", store ? "ok" : "failing")
        .member("actors", actors ? "ok" : "failing")
        .member("server", server ? "ok" : "failing")
        .end_object();
  }
};

void answer_readiness(const readiness& r, const responder& respond) {
  if (r.ready()) {
    json_writer w;
    w.begin_object().member("status", "ready");
    r.write_checks(w);
    w.end_object();
    respond(json_response(200, w.take()));
    return;
  }
  std::string failing;
  for (auto [ok, name] : {std::pair{r.store, "store"}, std::pair{r.actors, "actors"},
                          std::pair{r.server, "server"}}) {
    if (!ok) failing += (failing.empty() ? "" : ", ") + std::string(name);
  }
  respond(error_response(503, "not_ready", "not ready: " + failing, {},
                         [&r](json_writer& w) { r.write_checks(w); }));
}

}  // namespace

// ---- ops_actor --------------------------------------------------------------------------

ops_actor::ops_actor(caf::actor_system& system, caf::actor directory,
                     std::chrono::milliseconds timeout)
    : actor_(system.spawn<ops_worker>()), directory_(std::move(directory)), timeout_(timeout) {}

ops_actor::~ops_actor() { caf::anon_send_exit(actor_, caf::exit_reason::user_shutdown); }

void ops_actor::live_case_actors(std::function<void(std::optional<std::uint64_t>)> done) const {
  auto run = [directory = directory_, timeout = timeout_,
              done = std::move(done)](caf::event_based_actor* self) {
    if (!directory) {
      done(std::nullopt);
      return;
    }
    self->request(directory, timeout, queue_atom::value)
        .then([done](std::uint64_t n) { done(n); },
              [done](const caf::error&) { done(std::nullopt); });
  };
  caf::anon_send(actor_, ops_job{std::move(run)});
}

// ---- routes -------------------------------------------------------------------------------

void add_ops_routes(router& r, api_context& ctx) {
  r.add("GET", "/metrics", [&ctx](const http_request&, const route_params&, responder respond) {
    const ops_context* ops = ctx.ops;
    std::optional<std::size_t> connections;
    if (ops && ops->probes.http_connections) connections = ops->probes.http_connections();
    if (ops && ops->probes.live_case_actors) {
      ops->probes.live_case_actors(
          [&ctx, connections, respond = std::move(respond)](std::optional<std::uint64_t> live) {
            render_metrics(ctx, connections, live, respond);
          });
      return;
    }
    render_metrics(ctx, connections, std::nullopt, respond);
  });

  r.add("GET", "/readyz", [&ctx](const http_request&, const route_params&, responder respond) {
    const ops_context* ops = ctx.ops;
    readiness state;
    if (ops) {
      state.store = ops->probes.store_open && ops->probes.store_open();
      state.server = ops->probes.accepting && ops->probes.accepting();
    }
    if (!ops || !ops->probes.live_case_actors) return answer_readiness(state, respond);
    ops->probes.live_case_actors(
        [state, respond = std::move(respond)](std::optional<std::uint64_t> live) mutable {
          state.actors = live.has_value();
          answer_readiness(state, respond);
        });
  });
}

}  // namespace cityops::gateway
