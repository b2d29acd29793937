#include "runtime/service.hpp"

#include <signal.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <utility>
#include <vector>

#include "actors/domain/case_status.hpp"
#include "gateway/access_log.hpp"
#include "gateway/actor_bridge.hpp"
#include "gateway/api_context.hpp"
#include "gateway/feed_routes.hpp"
#include "gateway/http_server.hpp"
#include "gateway/metrics.hpp"
#include "gateway/ops_routes.hpp"
#include "gateway/router.hpp"
#include "gateway/static_files.hpp"
#include "runtime/city_runtime.hpp"
#include "runtime/classifier_setup.hpp"
#include "runtime/kpi_today.hpp"
#include "runtime/secrets.hpp"
#include "storage/event_store.hpp"

namespace cityops {
namespace {

// How long /metrics and /readyz wait for the case directory's answer.
constexpr std::chrono::milliseconds ops_probe_timeout{1000};

bool split_listen(const std::string& listen, std::string& host, std::uint16_t& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  try {
    const auto p = std::stoul(listen.substr(colon + 1));
    if (p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (...) {
    return false;
  }
  return true;
}

// The web app's files from `root` into `out`; a missing web root is not fatal: `/` then
// answers 404 saying so. An empty root (in-process tests) serves no web app.
void load_web_app(const std::string& root, std::optional<gateway::static_catalogue>& out) {
  if (root.empty()) return;
  std::string why;
  out = gateway::static_catalogue::load(root, why);
  if (out)
    spdlog::info("cityopsd: web app: {} files ({} KiB) from {}", out->size(),
                 out->total_bytes() / 1024, root);
  else
    spdlog::warn("cityopsd: web app not served: {} (build the web-app target, or --web DIR)",
                 why);
}

}  // namespace

// The API's bearer tokens: config's [[tokens]] (hashes only) plus the admin token — from
// CITYOPS_ADMIN_TOKEN, else DATA/admin.token (mode 0600), generated at first start.
bool build_token_registry(const config::city_config& cfg, gateway::token_registry& out,
                          std::string& error) {
  std::vector<gateway::token_entry> entries;
  for (const auto& t : cfg.tokens) {
    const auto role = gateway::parse_role(t.role);
    if (!role) {  // the loader validates roles; a mismatch is a defect
      error = "token '" + t.name + "' has unknown role '" + t.role + "'";
      return false;
    }
    entries.push_back(gateway::token_entry{t.sha256, {t.name, *role, t.node, t.department}});
  }
  out = gateway::token_registry(std::move(entries));
  std::string admin;
  const char* env = std::getenv("CITYOPS_ADMIN_TOKEN");
  if (env && *env) {
    admin = env;
    if (admin.size() < 16) {
      error = "CITYOPS_ADMIN_TOKEN must be at least 16 characters";
      return false;
    }
    spdlog::info("cityopsd: admin token from CITYOPS_ADMIN_TOKEN; {} configured tokens",
                 cfg.tokens.size());
  } else {
    const std::string path = cfg.service.data_dir + "/admin.token";
    if (!load_or_create_secret(path, admin, error)) return false;
    spdlog::info("cityopsd: admin token in {}; {} configured tokens", path, cfg.tokens.size());
  }
  out.add_plain(admin, gateway::principal{"admin", gateway::role::admin, "", ""});
  return true;
}

struct service::parts {
  system_wall_clock clock;
  std::unique_ptr<city_runtime> runtime;
  std::unique_ptr<gateway::actor_bridge> bridge;
  std::unique_ptr<gateway::api_context> api;
  // Operations: /metrics, /readyz, access log (gateway/ops_routes.hpp, metrics.hpp).
  gateway::ops_context ops;
  std::unique_ptr<gateway::ops_actor> ops_actor;
  std::unique_ptr<gateway::access_log> access_log;
  std::atomic<bool> store_open{false};
  std::atomic<bool> accepting{false};
  gateway::token_registry tokens;
  gateway::router router;
  std::optional<gateway::static_catalogue> web;  // the web app's files (null: not built)
  std::unique_ptr<gateway::http_server> server;
};

service::service(const config::city_config& cfg, action_failpoint before_action)
    : cfg_(cfg), before_action_(std::move(before_action)), parts_(std::make_unique<parts>()) {}

service::~service() { stop(); }

bool service::start(std::string& error) {
  const auto& s = cfg_.service;
  gateway::http_server::options http;
  if (!split_listen(s.listen, http.host, http.port)) {
    error = "listen address '" + s.listen + "' is not HOST:PORT";
    return false;
  }
  city_runtime::options rt;
  rt.data_dir = s.data_dir;
  rt.case_idle = std::chrono::duration_cast<std::chrono::milliseconds>(s.case_idle_passivation);
  rt.sla_scan_interval = s.sla_scan_interval;
  rt.network.dispatch.max_returns = s.dispatch_max_returns;
  rt.network.dispatch.dispatch_on_accept = s.dispatch_on_accept;
  rt.network.max_restarts = s.max_actor_restarts;
  rt.network.restart_period = s.actor_restart_period;
  rt.before_action = before_action_;
  rt.intake = &cfg_.intake;
  rt.report_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(s.actor_request_timeout);
  rt.classifier = prepare_classifier(cfg_, s.data_dir, error);
  if (!rt.classifier && !error.empty()) return false;
  rt.sensitive_words = std::make_shared<const domain::sensitive_matcher>(cfg_.risk.lexicon);
  spdlog::info("risk lexicon: {} words in {} classes", rt.sensitive_words->word_count(),
               cfg_.risk.lexicon.size());
  rt.letters = cfg_.risk.letters;
  rt.reports = cfg_.reports;
  rt.risk = &cfg_.risk;
  rt.indicators = &cfg_.indicators;
  rt.on_fatal = [](const std::string& why) {
    // main() waits for SIGTERM and then stops everything in order: the same clean path as
    // an operator's Ctrl-C.
    spdlog::critical("cityopsd: {}; shutting down", why);
    ::kill(::getpid(), SIGTERM);
  };
  auto& p = *parts_;
  p.runtime = city_runtime::start(cfg_.city, p.clock, rt, error);
  if (!p.runtime) return false;
  std::string salt;
  if (!load_or_create_secret(s.data_dir + "/reporter.salt", salt, error)) return false;
  if (!build_token_registry(cfg_, p.tokens, error)) return false;

  p.bridge = std::make_unique<gateway::actor_bridge>(p.runtime->system(), p.runtime->directory(),
                                                     p.runtime->network(), p.runtime->store(),
                                                     s.actor_request_timeout);
  p.bridge->attach_oversight(p.runtime->alert_board(), p.runtime->feed_hub());
  p.bridge->attach_letters(p.runtime->letter_office());
  p.bridge->attach_kpi(p.runtime->kpi_board());
  p.bridge->attach_vital_signs(p.runtime->vital_signs());
  p.bridge->attach_reports(p.runtime->daily_reporter());
  p.bridge->attach_scenarios(p.runtime->scenarios());
  if (p.runtime->insight()) p.bridge->attach_insight(p.runtime->insight());
  p.bridge->attach_intake(p.runtime->intake_shards());
  p.api = std::make_unique<gateway::api_context>(cfg_.city, *p.bridge, p.tokens, std::move(salt),
                                                 s.max_inflight_requests);
  p.api->indicators = &cfg_.indicators;
  p.api->repeat = &cfg_.risk.repeat;
  load_web_app(s.web_root, p.web);
  p.api->web = p.web ? &*p.web : nullptr;
  p.api->web_root = s.web_root;
  p.store_open = true;
  p.ops_actor = std::make_unique<gateway::ops_actor>(p.runtime->system(), p.runtime->directory(),
                                                     ops_probe_timeout);
  {
    auto& probes = p.ops.probes;
    const storage::event_store* store = &p.runtime->event_store();
    probes.store_open = [&p] { return p.store_open.load(); };
    probes.accepting = [&p] { return p.accepting.load(); };
    probes.cases_total = [store] { return store->case_count(); };
    probes.storage_stats = [store] { return store->stats(); };
    probes.case_statuses = [store] {
      std::vector<std::pair<std::string, std::uint64_t>> out;
      const auto counts = store->status_counts();
      for (std::size_t i = 0; i < counts.size(); ++i)
        out.emplace_back(domain::to_string(static_cast<domain::case_status>(i)), counts[i]);
      return out;
    };
    probes.kpi_today = [store, &city = cfg_.city, &clock = p.clock] {
      return kpi_today(*store, city, clock.now_ms());
    };
    probes.live_case_actors = [actor = p.ops_actor.get()](auto done) {
      actor->live_case_actors(std::move(done));
    };
  }
  p.api->ops = &p.ops;
  p.access_log = std::make_unique<gateway::access_log>(gateway::access_log::stderr_logger());
  gateway::add_api_routes(p.router, *p.api);

  http.io_threads = s.io_threads;
  http.max_body_bytes = s.max_body_bytes;
  http.max_header_bytes = s.max_header_bytes;
  http.max_connections = s.max_connections;
  http.read_timeout = s.read_timeout;
  http.idle_timeout = s.idle_timeout;
  http.upgrade = gateway::make_feed_upgrade(*p.api);  // GET /api/v1/feed (WebSocket)
  gateway::request_observers observers;
  observers.metrics = &p.ops.metrics;
  observers.log = p.access_log.get();
  observers.principal_of = [tokens = &p.tokens](const gateway::http_request& req) {
    auto who = tokens->from_request(req);
    return who ? who->name : std::string();
  };
  p.server = std::make_unique<gateway::http_server>(
      http, gateway::observed_dispatch(p.router, std::move(observers)));
  // Read on io threads only (the /metrics handler), where the server is alive.
  p.ops.probes.http_connections = [server = p.server.get()] { return server->connection_count(); };
  if (!p.server->start(error)) return false;
  p.accepting = true;
  spdlog::info("cityopsd: city {} ({} nodes, {} departments, {} categories), data in {}",
               cfg_.city.city_name, cfg_.city.nodes().size(), cfg_.city.departments().size(),
               cfg_.city.categories().size(), s.data_dir);
  return true;
}

std::string service::address() const {
  return parts_->server ? parts_->server->local_address() : std::string();
}

void service::stop() {
  auto& p = *parts_;
  // Order matters: no new requests, answer those in flight, then stop the actors (which
  // flushes the store), then close the store.
  p.accepting = false;  // /readyz answers 503 while draining
  if (p.server) p.server->stop(std::chrono::seconds(5));
  p.server.reset();
  p.ops_actor.reset();  // before the actor system shuts down
  p.store_open = false;
  p.bridge.reset();
  if (p.runtime) p.runtime->stop();
  p.runtime.reset();
}

}  // namespace cityops
