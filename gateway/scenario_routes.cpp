// Scenario routes (scenario_routes.hpp).
#include "gateway/scenario_routes.hpp"

#include <utility>
#include <vector>

#include "gateway/error_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/json_input.hpp"
#include "gateway/router.hpp"
#include "gateway/scenario_json.hpp"

namespace cityops::gateway {
namespace {

constexpr std::uint32_t default_history_limit = 50;
constexpr std::size_t max_reason_bytes = 2000;

const std::initializer_list<role> managing_roles = {role::supervisor, role::admin};
const std::initializer_list<role> resource_roles = {role::operator_role, role::department,
                                                    role::supervisor, role::admin};

http_response invalid(std::string_view field, const std::string& message) {
  return error_response(400, "invalid_field", message, field);
}

// A query parameter of up to `digits` decimal digits, or nullopt after answering 400.
std::optional<std::uint64_t> number_param(const http_request& req, std::string_view name,
                                          std::size_t digits, std::uint64_t fallback,
                                          const std::string& expected, responder& respond) {
  const auto text = req.query_param(name);
  if (!text) return fallback;
  const bool ok = !text->empty() && text->size() <= digits &&
                  text->find_first_not_of("0123456789") == std::string::npos;
  if (!ok) {
    respond(invalid(name, std::string(name) + " must be " + expected));
    return std::nullopt;
  }
  return std::stoull(*text);
}

void write_view(json_writer& w, const scenario_view& v) { write_scenario(w, v); }

// POST …/{name}/activate|deactivate by a supervisor or admin: `read` takes the body into the
// call (an error answers 400), `send` hands it to the supervisor.
template <class Read, class Send>
void add_switch(router& r, api_context& ctx, const char* pattern, Read read, Send send) {
  r.add("POST", pattern,
        [&ctx, read, send](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, managing_roles);
          if (!who) return;
          scenario_call call;
          call.name = p.at("name");
          call.by = who->name;
          if (auto err = read(req, call)) return respond(error_response(*err));
          with_actor_reply<scenario_view>(
              ctx, std::move(respond), 200,
              [&ctx, &call, &send](auto done) { send(ctx.bridge, std::move(call), std::move(done)); },
              write_view);
        });
}

void resource_route(router& r, api_context& ctx, const char* method) {
  r.add(method, "/api/v1/scenarios/{name}/{path*}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, resource_roles);
          if (!who) return;
          scenario_request sr;
          sr.method = req.method;
          sr.path = p.get("path");
          for (const auto& [k, v] : req.query) sr.query.emplace(k, v);
          sr.body = req.body;
          sr.caller = who->name;
          sr.role = std::string(to_string(who->role));
          sr.node = who->node;
          sr.department = who->department;
          auto slot = take_inflight_slot(ctx, respond);
          if (!slot) return;
          ctx.bridge.call_scenario(
              p.at("name"), std::move(sr),
              [respond, slot](domain::result<scenario_reply> res) {
                if (!res.ok()) return respond(domain_error_response(res.error()));
                auto& reply = res.value();
                if (reply.error) return respond(domain_error_response(*reply.error));
                respond(json_response(reply.status, std::move(reply.body)));
              });
        });
}

}  // namespace

void add_scenario_routes(router& r, api_context& ctx) {
  r.add("GET", "/api/v1/scenarios",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, managing_roles)) return;
          with_actor_reply<std::vector<scenario_view>>(
              ctx, std::move(respond), 200,
              [&ctx](auto done) { ctx.bridge.list_scenarios(std::move(done)); },
              [](json_writer& w, const std::vector<scenario_view>& items) {
                w.begin_object().key("items").begin_array();
                for (const auto& v : items) write_scenario(w, v);
                w.end_array().end_object();
              });
        });

  r.add("GET", "/api/v1/scenarios/{name}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          if (!require(ctx.tokens, req, respond, managing_roles)) return;
          with_actor_reply<scenario_view>(
              ctx, std::move(respond), 200,
              [&ctx, &p](auto done) { ctx.bridge.get_scenario(p.at("name"), std::move(done)); },
              write_view);
        });

  // The body is the parameters: a JSON object (empty = {}), read by the scenario itself.
  add_switch(
      r, ctx, "/api/v1/scenarios/{name}/activate",
      [](const http_request& req, scenario_call& call) -> std::optional<input_error> {
        call.parameters = req.body.empty() ? "{}" : req.body;
        json_object_reader in;
        return json_object_reader::parse(call.parameters, in);
      },
      [](actor_bridge& b, scenario_call call, actor_bridge::scenario_callback done) {
        b.activate_scenario(std::move(call), std::move(done));
      });

  add_switch(
      r, ctx, "/api/v1/scenarios/{name}/deactivate",
      [](const http_request& req, scenario_call& call) -> std::optional<input_error> {
        if (req.body.empty()) return std::nullopt;
        json_object_reader in;
        if (auto err = json_object_reader::parse(req.body, in)) return err;
        auto reason = in.string("reason", false, max_reason_bytes);
        in.reject_unknown({"reason"});
        call.reason = reason.value_or("");
        return in.error();
      },
      [](actor_bridge& b, scenario_call call, actor_bridge::scenario_callback done) {
        b.deactivate_scenario(std::move(call), std::move(done));
      });

  r.add("GET", "/api/v1/scenarios/{name}/history",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          if (!require(ctx.tokens, req, respond, managing_roles)) return;
          history_request q;
          q.name = p.at("name");
          const auto limit =
              number_param(req, "limit", 4, default_history_limit, "1..1000", respond);
          if (!limit) return;
          const auto before = number_param(req, "before", 19, 0, "a sequence number", respond);
          if (!before) return;
          if (*limit == 0 || *limit > 1000) return respond(invalid("limit", "limit must be 1..1000"));
          q.limit = static_cast<std::uint32_t>(*limit);
          q.before = *before;
          with_actor_reply<scenario_history>(
              ctx, std::move(respond), 200,
              [&ctx, &q](auto done) { ctx.bridge.get_scenario_history(std::move(q), std::move(done)); },
              write_scenario_history);
        });

  for (const char* method : {"GET", "POST", "PUT", "DELETE"}) resource_route(r, ctx, method);
}

}  // namespace cityops::gateway
