// /api/v1/cases: intake, listing, reading a case, and every move of its state machine.
// Every route needs a bearer token; who may do what is in docs/security.md (and auth.hpp).
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "actors/domain/case_machine.hpp"
#include "gateway/api_context.hpp"
#include "gateway/case_json.hpp"
#include "gateway/case_query_request.hpp"
#include "gateway/case_request.hpp"
#include "gateway/error_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

// The case with its history.
template <class Call>
void with_case_reply(api_context& ctx, responder respond, int success_status, Call&& call) {
  with_actor_reply<domain::case_record>(
      ctx, std::move(respond), success_status, std::forward<Call>(call),
      [&ctx](json_writer& w, const domain::case_record& r) { write_case(w, r, true, &ctx.city); });
}

// {"items": [case without history…], "next_cursor": "…" | null}
void write_case_list(json_writer& w, const case_list& list) {
  w.begin_object().key("items").begin_array();
  for (const auto& r : list.items) write_case(w, r, /*with_history=*/false);
  w.end_array();
  member_or_null(w, "next_cursor", list.next_cursor);
  w.end_object();
}


http_response unknown_case(const std::string& id) {
  return error_response(404, "not_found", "no case '" + id + "'", "id");
}

http_response forbidden(const std::string& message, std::string_view field = {}) {
  return error_response(403, "forbidden", message, field);
}

// ---- Idempotency-Key ----------------------------------------------------------------------

constexpr std::size_t max_idempotency_key = 200;

// The request's Idempotency-Key: nullopt when absent; "" after answering 400 (repeated,
// empty, too long or not printable ASCII).
std::optional<std::string> idempotency_key_of(const http_request& req, responder& respond) {
  std::optional<std::string> key;
  for (const auto& [name, value] : req.headers) {
    if (name != "idempotency-key") continue;
    if (key) {
      respond(error_response(400, "invalid_field", "'Idempotency-Key' may be sent only once",
                             "Idempotency-Key"));
      return std::string();
    }
    key = value;
  }
  if (!key) return std::nullopt;
  const bool printable = std::all_of(key->begin(), key->end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) <= 0x7e;
  });
  if (key->empty() || key->size() > max_idempotency_key || !printable) {
    respond(error_response(400, "invalid_field",
                           "'Idempotency-Key' must be 1 to 200 printable ASCII characters",
                           "Idempotency-Key"));
    return std::string();
  }
  return key;
}

// The {action} and body of an action route, or nullopt after answering the error (unknown
// or system-only action, bad body, impossible case id; with `check_role`, an action the
// caller's role may not take — the department door leaves that to the department actor).
// `by` defaults to the caller's name.
std::optional<domain::action_request> parse_case_action_request(const http_request& req,
                                                                const route_params& p,
                                                                const principal& who,
                                                                bool check_role,
                                                                responder& respond) {
  auto action = domain::parse_case_action(p.at("action"));
  if (action && domain::is_system_action(*action)) action.reset();
  if (!action) {
    std::string known;
    for (auto a : domain::all_case_actions())
      if (!domain::is_system_action(a))
        known += (known.empty() ? "" : ", ") + std::string(domain::to_string(a));
    respond(error_response(404, "not_found",
                           "unknown action '" + p.at("action") + "'; actions: " + known,
                           "action"));
    return std::nullopt;
  }
  if (check_role && !may_act(who, *action)) {
    respond(forbidden("role '" + std::string(to_string(who.role)) + "' may not take action '" +
                          p.at("action") + "'",
                      "action"));
    return std::nullopt;
  }
  auto parsed = parse_action(*action, req.body);
  if (auto* err = std::get_if<input_error>(&parsed)) {
    respond(error_response(*err));
    return std::nullopt;
  }
  if (!domain::plausible_case_id(p.at("id"))) {
    respond(unknown_case(p.at("id")));
    return std::nullopt;
  }
  auto& request = std::get<domain::action_request>(parsed);
  if (request.by.empty()) request.by = who.name;
  return std::move(request);
}

// A keyed report: 201 when this request created the case, 200 with `Idempotent-Replay: true`
// when an earlier request with the same key did.
void report_with_key(api_context& ctx, responder respond, domain::new_case report,
                     idempotency_key key) {
  auto slot = take_inflight_slot(ctx, respond);
  if (!slot) return;
  ctx.bridge.report(std::move(report), std::move(key),
                    [&ctx, respond = std::move(respond), slot](domain::result<report_outcome> r) {
                      if (!r.ok()) return respond(domain_error_response(r.error()));
                      json_writer w;
                      write_case(w, r.value().record, true, &ctx.city);
                      auto res = json_response(r.value().replayed ? 200 : 201, w.take());
                      if (r.value().replayed) res.headers.emplace_back("Idempotent-Replay", "true");
                      respond(std::move(res));
                    });
}

}  // namespace

void add_case_routes(router& r, api_context& ctx) {
  r.add("POST", "/api/v1/cases",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond,
                                   {role::citizen_app, role::operator_role, role::supervisor,
                                    role::admin});
          if (!who) return;
          const auto key = idempotency_key_of(req, respond);
          if (key && key->empty()) return;
          auto parsed = parse_new_case(req.body, ctx.reporter_salt);
          if (auto* err = std::get_if<input_error>(&parsed)) {
            respond(error_response(*err));
            return;
          }
          auto& report = std::get<domain::new_case>(parsed);
          report.reported_by = who->name;
          if (key) {
            // Keys are per principal; the body is hashed with the installation salt (it may
            // hold a phone number).
            idempotency_key k{who->name + "/" + *key,
                              hex_digest(sha256({ctx.reporter_salt, ":", req.body}))};
            report_with_key(ctx, std::move(respond), std::move(report), std::move(k));
            return;
          }
          with_case_reply(ctx, std::move(respond), 201, [&](auto done) {
            ctx.bridge.report(std::move(report), std::move(done));
          });
        });

  r.add("GET", "/api/v1/cases",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond,
                                   {role::operator_role, role::department, role::supervisor,
                                    role::admin});
          if (!who) return;
          auto parsed = parse_case_query(req.query, ctx.city, ctx.reporter_salt);
          if (auto* err = std::get_if<input_error>(&parsed)) return respond(error_response(*err));
          auto& q = std::get<case_query>(parsed);
          // Operators list their subtree, department staff their department.
          if (who->role == role::operator_role) {
            if (q.node.empty())
              q.node = who->node;
            else if (!ctx.city.in_subtree(q.node, who->node))
              return respond(forbidden("node '" + q.node + "' is outside node " + who->node +
                                           "'s subtree",
                                       "node"));
          } else if (who->role == role::department) {
            if (!q.reporter_hash.empty())
              return respond(forbidden("listing a caller's cases is for operators and up",
                                       "reporter_phone"));
            if (q.department.empty())
              q.department = who->department;
            else if (q.department != who->department)
              return respond(forbidden("department staff list only their own department's cases",
                                       "department"));
          }
          with_actor_reply<case_list>(
              ctx, std::move(respond), 200,
              [&](auto done) { ctx.bridge.list(std::move(q), std::move(done)); }, write_case_list);
        });

  r.add("GET", "/api/v1/cases/{id}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          auto who = require(ctx.tokens, req, respond, any_role);
          if (!who) return;
          const auto& id = p.at("id");
          if (!domain::plausible_case_id(id)) return respond(unknown_case(id));
          auto slot = take_inflight_slot(ctx, respond);
          if (!slot) return;
          // A case outside the caller's scope is answered like a missing one: 404, so its
          // existence is not revealed (docs/security.md).
          ctx.bridge.fetch(id, [&ctx, id, who = std::move(*who), respond = std::move(respond),
                                slot](domain::result<domain::case_record> r) {
            if (!r.ok()) return respond(domain_error_response(r.error()));
            if (!may_read_case(ctx.city, who, r.value())) return respond(unknown_case(id));
            json_writer w;
            write_case(w, r.value(), true, &ctx.city);
            respond(json_response(200, w.take()));
          });
        });

  r.add("POST", "/api/v1/cases/{id}/actions/{action}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond,
                                   {role::operator_role, role::supervisor, role::admin});
          if (!who) return;
          auto request = parse_case_action_request(req, p, *who, true, respond);
          if (!request) return;
          // An operator's scope goes with the move: the case actor checks it against the
          // case's current state in the same step, so no move can slip in between.
          access_scope scope;
          if (who->role == role::operator_role) scope.node = who->node;
          with_case_reply(ctx, std::move(respond), 200, [&](auto done) {
            ctx.bridge.act(p.at("id"), std::move(*request), std::move(scope), std::move(done));
          });
        });

  // Department staff act through their department, which accepts only its own cases.
  r.add("POST", "/api/v1/departments/{department}/cases/{id}/actions/{action}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, {role::department, role::admin});
          if (!who) return;
          const auto& department = p.at("department");
          if (who->role == role::department && who->department != department)
            return respond(forbidden("department staff act only through their own department",
                                     "department"));
          if (!ctx.city.find_department(department))
            return respond(error_response(404, "not_found",
                                          "unknown department '" + department + "'",
                                          "department"));
          auto request = parse_case_action_request(req, p, *who, false, respond);
          if (!request) return;
          with_case_reply(ctx, std::move(respond), 200, [&](auto done) {
            ctx.bridge.department_act(department, p.at("id"), std::move(*request),
                                      std::move(done));
          });
        });
}

}  // namespace cityops::gateway
