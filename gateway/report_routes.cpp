// 每日信息 routes (report_routes.hpp).
#include "gateway/report_routes.hpp"

#include <memory>
#include <string>
#include <utility>

#include "actors/domain/iso_time.hpp"
#include "actors/wall_clock.hpp"
#include "config/civil_date.hpp"
#include "gateway/error_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

const std::initializer_list<role> reading_roles = {role::operator_role, role::department,
                                                   role::supervisor, role::admin};

void serve(api_context& ctx, const http_request& req, responder respond, bool html) {
  const auto who = require(ctx.tokens, req, respond, reading_roles);
  if (!who) return;
  const auto format = req.query_param("format").value_or(html ? "html" : "json");
  if (format != "json" && format != "html") {
    respond(error_response(400, "invalid_field", "format must be json or html", "format"));
    return;
  }
  std::int64_t day = 0;
  if (const auto text = req.query_param("date")) {
    const auto date = config::parse_civil_date(*text);
    if (!date) {
      respond(error_response(400, "invalid_field",
                             "date must be a date YYYY-MM-DD, not '" + *text + "'", "date"));
      return;
    }
    day = config::days_from_civil(*date);
  } else {
    day = domain::china_local_day(system_now_ms()) - 1;
  }
  auto slot = take_inflight_slot(ctx, respond);
  if (!slot) return;
  ctx.bridge.daily_report(day, [respond = std::move(respond), slot,
                                as_html = format == "html"](domain::result<daily_report_doc> r) {
    if (!r.ok()) {
      respond(domain_error_response(r.error()));
      return;
    }
    http_response out;
    out.status = 200;
    out.content_type = as_html ? "text/html; charset=utf-8" : "application/json";
    out.body = as_html ? std::move(r.value().html) : std::move(r.value().json);
    respond(std::move(out));
  });
}

}  // namespace

void add_report_routes(router& r, api_context& ctx) {
  r.add("GET", "/api/v1/reports/daily",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          serve(ctx, req, std::move(respond), false);
        });
  r.add("GET", "/api/v1/reports/daily.html",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          serve(ctx, req, std::move(respond), true);
        });
}

}  // namespace cityops::gateway
