// The web app at `/`: GET and HEAD of every path no API route takes are answered from the
// in-memory catalogue of the web root (static_files.hpp). Paths under the API's own prefixes
// keep the router's 404, so a mistyped API call never comes back as a page.
#include <array>
#include <string_view>

#include "gateway/api_context.hpp"
#include "gateway/router.hpp"
#include "gateway/static_files.hpp"

namespace cityops::gateway {
namespace {

// The API's prefixes: "/api" and "/api/…", and the same for the others.
bool api_path(std::string_view path) {
  static constexpr std::array<std::string_view, 5> prefixes{"/api", "/open311", "/metrics",
                                                            "/healthz", "/readyz"};
  for (auto p : prefixes) {
    if (path.rfind(p, 0) != 0) continue;
    if (path.size() == p.size() || path[p.size()] == '/' || path[p.size()] == '.') return true;
  }
  return false;
}

}  // namespace

void add_static_routes(router& r, api_context& ctx) {
  r.set_fallback(
      {"GET", "HEAD"}, "/{web app}",
      [&ctx](const http_request& req, const route_params&, responder respond) {
        respond(static_response(ctx.web, ctx.web_root, req));
      },
      [](std::string_view path) { return !api_path(path); });
}

}  // namespace cityops::gateway
