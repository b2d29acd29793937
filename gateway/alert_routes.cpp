// /api/v1/alerts: listing, acknowledging and closing alerts.
#include "gateway/alert_routes.hpp"

#include <memory>
#include <string>
#include <utility>

#include "gateway/case_json.hpp"
#include "gateway/error_json.hpp"
#include "gateway/feed_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/json_input.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

constexpr std::uint32_t default_alert_limit = 100;
constexpr std::uint32_t max_alert_limit = 1000;  // = storage::alert_list_max_limit

http_response forbidden(const std::string& message, std::string_view field) {
  return error_response(403, "forbidden", message, field);
}

http_response invalid(std::string_view field, const std::string& message) {
  return error_response(400, "invalid_field", message, field);
}

void write_alert_list(json_writer& w, const alert_list& list) {
  w.begin_object().key("items").begin_array();
  for (const auto& a : list.items) write_alert(w, a);
  w.end_array();
  member_or_null(w, "next_cursor", list.next_cursor);
  w.end_object();
}

const std::initializer_list<role> oversight_roles = {role::operator_role, role::department,
                                                     role::supervisor, role::admin};

}  // namespace

std::optional<domain::alert_scope> oversight_scope(const api_context& ctx, const principal& who,
                                                   const http_request& req, responder& respond) {
  domain::alert_scope scope;
  scope.node = req.query_param("node").value_or("");
  scope.department = req.query_param("department").value_or("");
  if (!scope.node.empty() && !ctx.city.find_node(scope.node)) {
    respond(error_response(400, "unknown_node", "unknown node '" + scope.node + "'", "node"));
    return std::nullopt;
  }
  if (!scope.department.empty() && !ctx.city.find_department(scope.department)) {
    respond(error_response(400, "unknown_department",
                           "unknown department '" + scope.department + "'", "department"));
    return std::nullopt;
  }
  if (who.role == role::operator_role) {
    if (scope.node.empty()) {
      scope.node = who.node;
    } else if (!ctx.city.in_subtree(scope.node, who.node)) {
      respond(forbidden("node '" + scope.node + "' is outside node " + who.node + "'s subtree",
                        "node"));
      return std::nullopt;
    }
  } else if (who.role == role::department) {
    if (scope.department.empty()) {
      scope.department = who.department;
    } else if (scope.department != who.department) {
      respond(forbidden("department staff see only their own department", "department"));
      return std::nullopt;
    }
  }
  return scope;
}

void add_alert_routes(router& r, api_context& ctx) {
  r.add("GET", "/api/v1/alerts",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond, oversight_roles);
          if (!who) return;
          auto scope = oversight_scope(ctx, *who, req, respond);
          if (!scope) return;
          alert_query q;
          q.scope = std::move(*scope);
          const auto status = req.query_param("status").value_or("open");
          const auto parsed = domain::parse_alert_status(status);
          if (!parsed)
            return respond(
                invalid("status", "status must be open, acked or closed, not '" + status + "'"));
          q.status = *parsed;
          q.limit = default_alert_limit;
          if (const auto limit = req.query_param("limit")) {
            std::uint32_t n = 0;
            bool ok = !limit->empty() && limit->size() <= 4;
            for (char c : *limit) {
              if (c < '0' || c > '9') ok = false;
              else n = n * 10 + static_cast<std::uint32_t>(c - '0');
            }
            if (!ok || n == 0 || n > max_alert_limit)
              return respond(
                  invalid("limit", "limit must be 1.." + std::to_string(max_alert_limit)));
            q.limit = n;
          }
          q.cursor = req.query_param("cursor").value_or("");
          auto slot = take_inflight_slot(ctx, respond);
          if (!slot) return;
          ctx.bridge.list_alerts(std::move(q), [respond, slot](domain::result<alert_list> res) {
            if (!res.ok()) return respond(domain_error_response(res.error()));
            json_writer w;
            write_alert_list(w, res.value());
            respond(json_response(200, w.take()));
          });
        });

  r.add("POST", "/api/v1/alerts/{id}/ack",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, oversight_roles);
          if (!who) return;
          alert_ack ack;
          ack.id = p.at("id");
          ack.by = who->name;
          // Only the caller's own limit applies here (no node=/department= narrowing).
          if (who->role == role::operator_role) ack.scope.node = who->node;
          if (who->role == role::department) ack.scope.department = who->department;
          auto slot = take_inflight_slot(ctx, respond);
          if (!slot) return;
          ctx.bridge.ack_alert(std::move(ack), [respond, slot](domain::result<domain::alert> res) {
            if (!res.ok()) return respond(domain_error_response(res.error()));
            json_writer w;
            write_alert(w, res.value());
            respond(json_response(200, w.take()));
          });
        });

  r.add("POST", "/api/v1/alerts/{id}/close",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, oversight_roles);
          if (!who) return;
          json_object_reader in;
          if (auto err = json_object_reader::parse(req.body, in))
            return respond(error_response(*err));
          auto note = in.string("note", /*required=*/true, 2000);
          in.reject_unknown({"note"});
          if (in.error()) return respond(error_response(*in.error()));
          if (note->find_first_not_of(" \t\r\n") == std::string::npos)
            return respond(invalid("note", "'note' must say what was done"));
          alert_close close;
          close.id = p.at("id");
          close.by = who->name;
          close.note = std::move(*note);
          if (who->role == role::operator_role) close.scope.node = who->node;
          if (who->role == role::department) close.scope.department = who->department;
          auto slot = take_inflight_slot(ctx, respond);
          if (!slot) return;
          ctx.bridge.close_alert(std::move(close),
                                 [respond, slot](domain::result<domain::alert> res) {
                                   if (!res.ok()) return respond(domain_error_response(res.error()));
                                   json_writer w;
                                   write_alert(w, res.value());
                                   respond(json_response(200, w.take()));
                                 });
        });
}

}  // namespace cityops::gateway
