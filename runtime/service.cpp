#include "runtime/service.hpp"

#include <signal.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "gateway/actor_bridge.hpp"
#include "gateway/api_context.hpp"
#include "gateway/http_server.hpp"
#include "gateway/router.hpp"
#include "runtime/city_runtime.hpp"
#include "runtime/secrets.hpp"

namespace cityops {
namespace {

// Requests allowed to wait on actors at once before the gateway answers 503.
constexpr std::int64_t max_inflight_requests = 4096;

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

}  // namespace

struct service::parts {
  system_wall_clock clock;
  std::unique_ptr<city_runtime> runtime;
  std::unique_ptr<gateway::actor_bridge> bridge;
  std::unique_ptr<gateway::api_context> api;
  gateway::token_registry tokens;
  gateway::router router;
  std::unique_ptr<gateway::http_server> server;
};

service::service(const config::city_config& cfg) : cfg_(cfg), parts_(std::make_unique<parts>()) {}

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

  p.bridge = std::make_unique<gateway::actor_bridge>(p.runtime->system(), p.runtime->directory(),
                                                     p.runtime->network(), p.runtime->store(),
                                                     s.actor_request_timeout);
  p.api = std::make_unique<gateway::api_context>(cfg_.city, *p.bridge, p.tokens, std::move(salt),
                                                 max_inflight_requests);
  gateway::add_api_routes(p.router, *p.api);

  http.io_threads = s.io_threads;
  http.max_body_bytes = s.max_body_bytes;
  p.server = std::make_unique<gateway::http_server>(
      http, [router = &p.router](gateway::http_request req, gateway::responder respond) {
        router->dispatch(req, std::move(respond));
      });
  if (!p.server->start(error)) return false;
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
  if (p.server) p.server->stop(std::chrono::seconds(5));
  p.server.reset();
  p.bridge.reset();
  if (p.runtime) p.runtime->stop();
  p.runtime.reset();
}

}  // namespace cityops
