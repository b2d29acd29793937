#include "gateway/insight_routes.hpp"

#include <string>
#include <utility>

#include "actors/domain/iso_time.hpp"
#include "gateway/auth.hpp"
#include "gateway/error_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {
namespace {

constexpr std::uint64_t default_similar = 5;
constexpr std::uint64_t max_similar = 20;

http_response unknown_case(const std::string& id) {
  return error_response(404, "not_found", "no case '" + id + "'", "id");
}

void write_options(json_writer& w, const std::string& id,
                   const std::vector<dispatch_option>& items) {
  w.begin_object().member("case", id).key("items").begin_array();
  for (const auto& o : items) write_dispatch_option(w, o);
  w.end_array().end_object();
}

void write_similar(json_writer& w, const std::string& id, const std::vector<similar_case>& items) {
  w.begin_object().member("case", id).key("items").begin_array();
  for (const auto& s : items) {
    w.begin_object()
        .member("id", s.id)
        .member("score", s.score)
        .member("category", s.category)
        .member("text", s.text);
    member_or_null(w, "department", s.department);
    member_or_null(w, "result", s.result);
    member_time(w, "closed_at", s.closed_ms);
    if (s.satisfaction != 0) w.member("satisfaction", s.satisfaction);
    w.end_object();
  }
  w.end_array().end_object();
}

// Reads the case (404 outside the caller's scope, as GET /cases/{id}), then runs `then` with
// it while holding one in-flight slot.
template <class Then>
void with_readable_case(api_context& ctx, const principal& who, const std::string& id,
                        responder respond, Then then) {
  if (!domain::plausible_case_id(id)) return respond(unknown_case(id));
  auto slot = take_inflight_slot(ctx, respond);
  if (!slot) return;
  ctx.bridge.fetch(id, [&ctx, id, who, respond = std::move(respond), slot,
                        then = std::move(then)](domain::result<domain::case_record> r) mutable {
    if (!r.ok()) return respond(domain_error_response(r.error()));
    if (!may_read_case(ctx.city, who, r.value())) return respond(unknown_case(id));
    then(std::move(r.value()), std::move(respond), slot);
  });
}

template <class Reply, class Write>
auto reply_with(std::string id, Write write) {
  return [id = std::move(id), write](domain::result<Reply> r, responder& respond) {
    if (!r.ok()) return respond(domain_error_response(r.error()));
    json_writer w;
    write(w, id, r.value());
    respond(json_response(200, w.take()));
  };
}

}  // namespace

void write_dispatch_option(json_writer& w, const dispatch_option& o) {
  w.begin_object()
      .member("department", o.department)
      .member("name", o.name)
      .member("node", o.node)
      .member("tier", o.tier)
      .member("score", o.score)
      .member("routed", o.routed);
  w.key("load").begin_object().member("open", o.open).member("overdue", o.overdue).end_object();
  w.key("history_90d")
      .begin_object()
      .member("dispatched", o.dispatched_90d)
      .member("returned", o.returned_90d)
      .member("finished", o.finished_90d)
      .member("on_time", o.on_time_90d)
      .end_object();
  write_strings(w, "reasons", o.reasons);
  w.end_object();
}

void add_insight_routes(router& r, api_context& ctx) {
  r.add("GET", "/api/v1/cases/{id}/dispatch-suggestions",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          auto who = require(ctx.tokens, req, respond,
                             {role::operator_role, role::supervisor, role::admin});
          if (!who) return;
          const auto id = p.at("id");
          with_readable_case(ctx, *who, id, std::move(respond),
                             [&ctx, id](domain::case_record c, responder respond, auto slot) {
            if (c.category.empty())
              return respond(error_response(409, "conflict",
                                            "case " + id + " has no category yet: classify it first",
                                            "category"));
            ctx.bridge.dispatch_suggestions(
                std::move(c), [id, respond = std::move(respond),
                               slot](domain::result<std::vector<dispatch_option>> r) mutable {
                  reply_with<std::vector<dispatch_option>>(id, write_options)(std::move(r), respond);
                });
          });
        });

  r.add("GET", "/api/v1/cases/{id}/similar",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          auto who = require(ctx.tokens, req, respond,
                             {role::operator_role, role::supervisor, role::admin});
          if (!who) return;
          std::uint64_t k = default_similar;
          for (const auto& [name, value] : req.query) {
            if (name != "k")
              return respond(error_response(400, "invalid_field",
                                            "unknown parameter '" + name + "'; parameters: k",
                                            name));
            const bool digits = !value.empty() && value.size() <= 2 &&
                                value.find_first_not_of("0123456789") == std::string::npos;
            k = digits ? std::stoull(value) : 0;
            if (k < 1 || k > max_similar)
              return respond(error_response(
                  400, "invalid_field", "'k' must be an integer 1.." + std::to_string(max_similar),
                  "k"));
          }
          const auto id = p.at("id");
          with_readable_case(ctx, *who, id, std::move(respond),
                             [&ctx, id, k](domain::case_record c, responder respond, auto slot) {
            ctx.bridge.similar_cases(
                std::move(c), k,
                [id, respond = std::move(respond),
                 slot](domain::result<std::vector<similar_case>> r) mutable {
                  reply_with<std::vector<similar_case>>(id, write_similar)(std::move(r), respond);
                });
          });
        });
}

}  // namespace cityops::gateway
