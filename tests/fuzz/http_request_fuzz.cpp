// Fuzz target: the HTTP request path of cityopsd without a socket.
//   bytes -> http_server::parse_request (Beast's parser with the service's body and header
//   limits, the same code the server's connections run) -> for `Upgrade: websocket` the feed's
//   upgrade handler, otherwise the service's handler: observed_dispatch (metrics) over the
//   router with every route of add_api_routes, auth (bearer tokens of each role), the
//   handlers' input validation and, past the actor boundary, a stand-in for the actors.
// Up to 8 pipelined requests per input (keep-alive), as one connection would read them.
//
// The stand-in answers what the actors would, from the domain logic, without storage: a report
// runs the real intake (decide_report) and is remembered for this input, so a later GET of
// its id (3706-20261118-000001, -000002…) reads it back through the scope checks and
// write_case, and an action on it runs the real case_machine; unknown ids are not_found;
// listings and queues are empty; acknowledgements are not_found.
//
// The actor system runs on CAF's test coordinator: each request's messages are run to
// quiescence on the fuzzing thread, so a run is deterministic and needs no waiting.
//
// CITYOPS_FUZZ_TRACE=1 prints each request and its answer (to see what a seed reaches).
//
// Invariants: every request is answered exactly once, by the time its messages have run
// (a reply that would come only from the server's drop-to-500 or a timeout is a finding);
// statuses are 100..599;
// transport errors are 400/413/431 with api.md's error body; every JSON body reads back, every
// API error names a code and message; Open311 XML is well-formed; a parsed request keeps
// the limits (body ≤ max_body_bytes) with lower-case header names.
#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "config/city_loader.hpp"
#include "gateway/actor_bridge.hpp"
#include "gateway/api_context.hpp"
#include "gateway/auth.hpp"
#include "gateway/feed_routes.hpp"
#include "gateway/http_server.hpp"
#include "gateway/metrics.hpp"
#include "gateway/ops_routes.hpp"
#include "gateway/router.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/fuzz_json.hpp"
#include "tests/fuzz/fuzz_xml.hpp"

namespace {

using namespace cityops;
using namespace cityops::gateway;
using cityops::fuzz::shown;

constexpr std::int64_t now_ms = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00
constexpr std::size_t max_pipelined = 8;

const config::city_model& city() { return config::default_city().city; }

// What the stand-in remembers for the current input (reset before each).
struct standin_state {
  std::mutex m;
  std::map<std::string, domain::case_record> cases;
  unsigned next_id = 1;
};
standin_state& state() {
  static standin_state s;
  return s;
}

caf::error not_found(const std::string& what) {
  return make_domain_error(domain::field_error(domain::error_code::not_found, "id",
                                               "no " + what));
}

// Answers the bridge's requests the way the directory, network, store and alert board would.
class standin_actor : public caf::event_based_actor {
 public:
  explicit standin_actor(caf::actor_config& cfg) : caf::event_based_actor(cfg) {}

  caf::behavior make_behavior() override {
    return {
        [](report_atom, domain::new_case& n) -> caf::result<domain::case_record> {
          return report(n);
        },
        [](report_atom, domain::new_case& n,
           idempotency_key&) -> caf::result<report_outcome> {
          auto r = report(n);
          if (!r) return std::move(r.error());
          return report_outcome{std::move(*r), false};
        },
        [](fetch_atom, std::string& id) -> caf::result<domain::case_record> {
          std::lock_guard<std::mutex> lock(state().m);
          auto it = state().cases.find(id);
          if (it == state().cases.end()) return not_found("case '" + id + "'");
          return it->second;
        },
        [](act_atom, std::string& id,
           domain::action_request& q) -> caf::result<domain::case_record> { return act(id, q); },
        [](act_atom, std::string& id, domain::action_request& q,
           access_scope& scope) -> caf::result<domain::case_record> {
          {
            std::lock_guard<std::mutex> lock(state().m);
            auto it = state().cases.find(id);
            if (it != state().cases.end() && !within_scope(city(), it->second, scope))
              return make_domain_error(domain::field_error(domain::error_code::forbidden, "id",
                                                           "outside the caller's scope"));
          }
          return act(id, q);
        },
        [](dept_act_atom, std::string&, std::string& id,
           domain::action_request& q) -> caf::result<domain::case_record> { return act(id, q); },
        [](queue_atom, std::string& kind, std::string& id) -> caf::result<queue_view> {
          FUZZ_CHECK(kind == "department" || kind == "node", "queue of kind " + kind);
          FUZZ_CHECK(kind == "node" ? city().find_node(id) != nullptr
                                    : city().find_department(id) != nullptr,
                     "a queue asked for unknown " + kind + " " + shown(id));
          queue_view v;
          v.owner = id;
          return v;
        },
        [](query_atom, case_query& q) -> caf::result<case_list> {
          FUZZ_CHECK(q.limit >= 1 && q.limit <= 200, "a listing limit out of 1..200");
          return case_list{};
        },
        [](alert_atom, list_atom, alert_query&) -> caf::result<alert_list> {
          return alert_list{};
        },
        [](alert_atom, ack_atom, alert_ack& a) -> caf::result<domain::alert> {
          return not_found("alert '" + a.id + "'");
        },
    };
  }

 private:
  static caf::expected<domain::case_record> report(const domain::new_case& n) {
    static const domain::sla_calendar calendar(city().calendar());
    auto decided = domain::decide_report(n, now_ms, city(), calendar);
    if (!decided.ok()) return make_domain_error(decided.error());
    std::lock_guard<std::mutex> lock(state().m);
    domain::case_record r;
    char id[32];
    std::snprintf(id, sizeof id, "3706-20261118-%06u", state().next_id++);
    r.id = id;
    domain::apply(r, decided.value());
    state().cases[r.id] = r;
    return r;
  }

  static caf::expected<domain::case_record> act(const std::string& id,
                                                const domain::action_request& q) {
    static const domain::sla_calendar calendar(city().calendar());
    static const domain::case_machine machine(city(), calendar);
    std::lock_guard<std::mutex> lock(state().m);
    auto it = state().cases.find(id);
    if (it == state().cases.end()) return not_found("case '" + id + "'");
    auto decided = machine.decide(it->second, q, now_ms + 60'000);
    if (!decided.ok()) return make_domain_error(decided.error());
    domain::apply(it->second, decided.value());
    return it->second;
  }
};

// One response: handlers answer at once or from an actor's reply.
struct reply_box {
  std::mutex m;
  std::optional<http_response> response;
  int calls = 0;
};

struct harness {
  harness()
      : system(cfg.set("scheduler.policy", caf::atom("testing"))
                   .set("logger.verbosity", caf::atom("quiet"))),
        sched(dynamic_cast<caf::scheduler::test_coordinator&>(system.scheduler())),
        standin(system.spawn<standin_actor>()),
        bridge(system, standin, standin, standin, std::chrono::seconds(10)),
        ctx(city(), bridge, tokens, "fuzz-salt", 64) {
    bridge.attach_oversight(standin, caf::actor());
    tokens.add_plain("admin-token", principal{"admin", role::admin, "", ""});
    tokens.add_plain("operator-token", principal{"op-370602", role::operator_role, "370602", ""});
    tokens.add_plain("department-token",
                     principal{"staff", role::department, "", "370602.urban_management"});
    tokens.add_plain("supervisor-token", principal{"sup", role::supervisor, "", ""});
    tokens.add_plain("app-token", principal{"app", role::citizen_app, "", ""});
    ops.probes.store_open = [] { return true; };
    ops.probes.accepting = [] { return true; };
    ops.probes.cases_total = [] { return std::uint64_t{42}; };
    ops.probes.http_connections = [] { return std::size_t{1}; };
    ops.probes.live_case_actors = [](auto done) { done(std::uint64_t{3}); };
    ctx.ops = &ops;
    add_api_routes(r, ctx);
    request_observers obs;
    obs.metrics = &ops.metrics;
    obs.principal_of = [this](const http_request& req) {
      auto who = tokens.from_request(req);
      return who ? who->name : std::string();
    };
    handler = observed_dispatch(r, std::move(obs));
    upgrade = make_feed_upgrade(ctx);
    // What cityopsd runs with (config::service_settings defaults).
    const auto& s = config::default_city().service;
    opts.max_body_bytes = s.max_body_bytes;
    opts.max_header_bytes = s.max_header_bytes;
  }

  caf::actor_system_config cfg;
  caf::actor_system system;
  caf::scheduler::test_coordinator& sched;
  caf::actor standin;
  actor_bridge bridge;
  token_registry tokens;
  api_context ctx;
  ops_context ops;
  router r;
  http_server::handler handler;
  upgrade_handler upgrade;
  http_server::options opts;
};

harness& the_harness() {
  static harness* h = new harness();  // never destroyed: CAF threads outlive main's statics
  return *h;
}

simdjson::dom::parser& out_parser() {
  static simdjson::dom::parser p;
  return p;
}

void check_request(const http_request& req, const http_server::options& opts) {
  FUZZ_CHECK(!req.method.empty(), "a request without a method");
  FUZZ_CHECK(req.target.rfind(req.path, 0) == 0, "path is not a prefix of the target");
  FUZZ_CHECK(req.body.size() <= opts.max_body_bytes, "a body over the limit was accepted");
  for (const auto& [name, value] : req.headers)
    FUZZ_CHECK(name == ascii_lower(name), "a header name not lower-cased: " + shown(name));
}

void check_response(const http_request& req, const http_response& res) {
  const std::string what = req.method + " " + shown(req.target, 80);
  FUZZ_CHECK(res.status >= 100 && res.status <= 599,
             what + " answered status " + std::to_string(res.status));
  const std::string type = ascii_lower(res.content_type);
  if (type.rfind("application/json", 0) == 0 && !res.body.empty()) {
    auto doc = fuzz::parse_json_or_die(out_parser(), res.body, (what + " JSON").c_str());
    simdjson::dom::object obj;
    if (res.status >= 400 && !doc.get(obj) && obj.size() == 1 && !obj["error"].error())
      fuzz::check_error_body(out_parser(), res.body);
    if (res.status >= 400 && req.path.rfind("/api/v1/", 0) == 0)
      fuzz::check_error_body(out_parser(), res.body);
  } else if (type.find("xml") != std::string::npos) {
    fuzz::check_xml(res.body);
  } else {
    FUZZ_CHECK(is_valid_utf8(res.body), what + " answered a body that is not UTF-8");
  }
}

http_response dispatch(harness& h, http_request req) {
  auto box = std::make_shared<reply_box>();
  responder respond = [box](http_response res) {
    std::lock_guard<std::mutex> lock(box->m);
    if (++box->calls == 1) box->response = std::move(res);
  };
  const http_request copy = req;
  h.handler(std::move(req), std::move(respond));
  // Every message the request caused, to quiescence, on this thread; then drop the request
  // timeouts the bridge armed (the test clock never fires them).
  h.sched.run();
  h.sched.clock().cancel_all();
  std::unique_lock<std::mutex> lock(box->m);
  FUZZ_CHECK(box->response.has_value(),
             copy.method + " " + shown(copy.target, 80) + " was never answered");
  FUZZ_CHECK(box->calls == 1, "answered more than once");
  check_response(copy, *box->response);
  static const bool trace = std::getenv("CITYOPS_FUZZ_TRACE") != nullptr;
  if (trace)
    std::fprintf(stderr, "%s %s -> %d %s\n", copy.method.c_str(), shown(copy.target, 80).c_str(),
                 box->response->status, shown(box->response->body, 160).c_str());
  return std::move(*box->response);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  harness& h = the_harness();
  {
    std::lock_guard<std::mutex> lock(state().m);
    state().cases.clear();
    state().next_id = 1;
  }
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (std::size_t n = 0; n < max_pipelined && !rest.empty(); ++n) {
    parsed_http_request p = http_server::parse_request(rest, h.opts, "127.0.0.1:40000");
    if (p.kind == parsed_http_request::outcome::incomplete) break;
    if (p.kind == parsed_http_request::outcome::error) {
      FUZZ_CHECK(p.error.status == 400 || p.error.status == 413 || p.error.status == 431,
                 "a transport error answered " + std::to_string(p.error.status));
      fuzz::check_error_body(out_parser(), p.error.body);
      FUZZ_CHECK(!p.keep_alive, "a transport error keeps the connection");
      break;
    }
    FUZZ_CHECK(p.consumed > 0 && p.consumed <= rest.size(), "a request consumed nothing");
    check_request(p.request, h.opts);
    if (p.websocket_upgrade) {
      upgrade_decision d = h.upgrade(p.request);
      if (d.refuse) check_response(p.request, *d.refuse);
      break;  // the connection is a WebSocket now (or closed after the refusal)
    }
    dispatch(h, std::move(p.request));
    if (!p.keep_alive) break;
    rest.remove_prefix(p.consumed);
  }
  return 0;
}
