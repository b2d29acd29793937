#pragma once
// What the REST handlers share: the city model (read directly — it is immutable), the
// actor bridge, the reporter salt and the intake limit. Owned by the service; must outlive
// the HTTP server.

#include <atomic>
#include <cstdint>
#include <string>

#include "config/city_model.hpp"
#include "config/indicator_settings.hpp"
#include "config/risk_settings.hpp"
#include "gateway/actor_bridge.hpp"
#include "gateway/auth.hpp"

namespace cityops::gateway {

class router;
class static_catalogue;
struct ops_context;

struct api_context {
  api_context(const config::city_model& c, actor_bridge& b, const token_registry& t,
              std::string salt, std::int64_t inflight_limit)
      : city(c),
        bridge(b),
        tokens(t),
        reporter_salt(std::move(salt)),
        max_inflight(inflight_limit) {}

  const config::city_model& city;
  actor_bridge& bridge;
  const token_registry& tokens;
  const std::string reporter_salt;
  // Requests waiting on actors. Past max_inflight new ones get 503 + Retry-After instead of
  // growing the actors' unbounded mailboxes.
  std::atomic<std::int64_t> inflight{0};
  const std::int64_t max_inflight;
  // /metrics and /readyz (ops_routes.hpp); set by the service before the server starts.
  // Null (tests): /metrics shows only what this context knows, /readyz answers 503.
  ops_context* ops = nullptr;
  // The vital-signs registry (indicator_routes.hpp); set by the service before the server
  // starts. Null: no indicators.
  const config::indicator_settings* indicators = nullptr;
  // The web app's files served at `/` (static_files.hpp) and the root they were loaded from
  // (or were looked for in); set by the service before the server starts. Null: `/` answers
  // 404 saying the web app was not built.
  const static_catalogue* web = nullptr;
  std::string web_root;
  // 一人多诉's thresholds, for the intake preview's caller history; null: the defaults.
  const config::repeat_settings* repeat = nullptr;
};

// Registers every route of the service (each room's add_* below); the single list the
// service, the OpenAPI check and tests build their router from.
void add_api_routes(router& r, api_context& ctx);

// Registers /api/v1/cases… routes.
void add_case_routes(router& r, api_context& ctx);
// Registers /api/v1/nodes, /departments, /categories and /healthz.
void add_city_routes(router& r, api_context& ctx);
// Registers /metrics and /readyz (ops_routes.hpp; no token needed).
void add_ops_routes(router& r, api_context& ctx);
// Registers Open311 GeoReport v2 under /open311/v2/ (gateway/open311/open311_routes.cpp).
void add_open311_routes(router& r, api_context& ctx);
// Registers POST /api/v1/intake/preview (gateway/intake_preview_routes.cpp).
void add_intake_preview_routes(router& r, api_context& ctx);
// The web app at `/`: GET/HEAD of any path no route takes (gateway/static_routes.cpp).
void add_static_routes(router& r, api_context& ctx);

}  // namespace cityops::gateway
