// /api/v1/cases: intake, listing, reading a case, and every move of its state machine.
#include <memory>
#include <optional>
#include <utility>

#include "actors/domain/case_machine.hpp"
#include "gateway/api_context.hpp"
#include "gateway/case_json.hpp"
#include "gateway/case_query_request.hpp"
#include "gateway/case_request.hpp"
#include "gateway/error_json.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

// Holds one in-flight slot for as long as the request waits on the actors.
class inflight_slot {
 public:
  explicit inflight_slot(api_context& ctx) : ctx_(ctx) { ++ctx_.inflight; }
  ~inflight_slot() { --ctx_.inflight; }
  inflight_slot(const inflight_slot&) = delete;
  inflight_slot& operator=(const inflight_slot&) = delete;

 private:
  api_context& ctx_;
};

// Hands `call` a callback taking domain::result<Reply> and holds an in-flight slot until it
// runs; answers with `write`'s JSON (or the domain error) then. Refuses at once when too
// many requests already wait.
template <class Reply, class Call, class Write>
void with_actor_reply(api_context& ctx, responder respond, int success_status, Call&& call,
                      Write write) {
  if (ctx.inflight.load() >= ctx.max_inflight) {
    respond(overloaded_response("too many requests in flight; retry shortly"));
    return;
  }
  auto slot = std::make_shared<inflight_slot>(ctx);
  call([respond = std::move(respond), success_status, slot,
        write = std::move(write)](domain::result<Reply> r) {
    if (!r.ok()) {
      respond(domain_error_response(r.error()));
      return;
    }
    json_writer w;
    write(w, r.value());
    respond(json_response(success_status, w.take()));
  });
}

// The case with its history.
template <class Call>
void with_case_reply(api_context& ctx, responder respond, int success_status, Call&& call) {
  with_actor_reply<domain::case_record>(
      ctx, std::move(respond), success_status, std::forward<Call>(call),
      [](json_writer& w, const domain::case_record& r) { write_case(w, r); });
}

// {"items": [case without history…], "next_cursor": "…" | null}
void write_case_list(json_writer& w, const case_list& list) {
  w.begin_object().key("items").begin_array();
  for (const auto& r : list.items) write_case(w, r, /*with_history=*/false);
  w.end_array().key("next_cursor");
  if (list.next_cursor.empty())
    w.null();
  else
    w.value(list.next_cursor);
  w.end_object();
}

// Case ids are "<city>-<yyyymmdd>-<seq>"; anything else cannot exist, so it is answered
// here instead of activating an actor for it.
bool plausible_case_id(const std::string& id) {
  if (id.empty() || id.size() > 48) return false;
  int dashes = 0;
  for (char c : id) {
    if (c == '-')
      ++dashes;
    else if (c < '0' || c > '9')
      return false;
  }
  return dashes == 2;
}

http_response unknown_case(const std::string& id) {
  return error_response(404, "not_found", "no case '" + id + "'", "id");
}

// The {action} and body of an action route, or nullopt after answering the error (unknown
// or system-only action, bad body, impossible case id).
std::optional<domain::action_request> parse_case_action_request(const http_request& req,
                                                                const route_params& p,
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
  auto parsed = parse_action(*action, req.body);
  if (auto* err = std::get_if<input_error>(&parsed)) {
    respond(error_response(*err));
    return std::nullopt;
  }
  if (!plausible_case_id(p.at("id"))) {
    respond(unknown_case(p.at("id")));
    return std::nullopt;
  }
  return std::move(std::get<domain::action_request>(parsed));
}

}  // namespace

void add_case_routes(router& r, api_context& ctx) {
  r.add("POST", "/api/v1/cases",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          auto parsed = parse_new_case(req.body, ctx.reporter_salt);
          if (auto* err = std::get_if<input_error>(&parsed)) {
            respond(error_response(*err));
            return;
          }
          with_case_reply(ctx, std::move(respond), 201, [&](auto done) {
            ctx.bridge.report(std::move(std::get<domain::new_case>(parsed)), std::move(done));
          });
        });

  r.add("GET", "/api/v1/cases",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          auto parsed = parse_case_query(req.query, ctx.city);
          if (auto* err = std::get_if<input_error>(&parsed)) return respond(error_response(*err));
          with_actor_reply<case_list>(
              ctx, std::move(respond), 200,
              [&](auto done) {
                ctx.bridge.list(std::move(std::get<case_query>(parsed)), std::move(done));
              },
              write_case_list);
        });

  r.add("GET", "/api/v1/cases/{id}",
        [&ctx](const http_request&, const route_params& p, responder respond) {
          const auto& id = p.at("id");
          if (!plausible_case_id(id)) return respond(unknown_case(id));
          with_case_reply(ctx, std::move(respond), 200,
                          [&](auto done) { ctx.bridge.fetch(id, std::move(done)); });
        });

  r.add("POST", "/api/v1/cases/{id}/actions/{action}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          auto request = parse_case_action_request(req, p, respond);
          if (!request) return;
          with_case_reply(ctx, std::move(respond), 200, [&](auto done) {
            ctx.bridge.act(p.at("id"), std::move(*request), std::move(done));
          });
        });

  // Department staff act through their department, which accepts only its own cases.
  r.add("POST", "/api/v1/departments/{department}/cases/{id}/actions/{action}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto& department = p.at("department");
          if (!ctx.city.find_department(department))
            return respond(error_response(404, "not_found",
                                          "unknown department '" + department + "'",
                                          "department"));
          auto request = parse_case_action_request(req, p, respond);
          if (!request) return;
          with_case_reply(ctx, std::move(respond), 200, [&](auto done) {
            ctx.bridge.department_act(department, p.at("id"), std::move(*request),
                                      std::move(done));
          });
        });
}

}  // namespace cityops::gateway
