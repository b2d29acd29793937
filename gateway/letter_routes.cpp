// 预警函 / 提醒函 routes (letter_routes.hpp).
#include "gateway/letter_routes.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "gateway/alert_routes.hpp"
#include "gateway/case_json.hpp"
#include "gateway/error_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/json_input.hpp"
#include "gateway/letter_json.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

constexpr std::uint32_t default_letter_limit = 100;
constexpr std::size_t max_facts_bytes = 8000;
constexpr std::size_t max_reply_bytes = 8000;

const std::initializer_list<role> issuing_roles = {role::operator_role, role::supervisor,
                                                   role::admin};
const std::initializer_list<role> reading_roles = {role::operator_role, role::department,
                                                   role::supervisor, role::admin};
const std::initializer_list<role> replying_roles = {role::department, role::supervisor,
                                                    role::admin};

http_response invalid(std::string_view field, const std::string& message) {
  return error_response(400, "invalid_field", message, field);
}

// The caller's own limit: operators their node, department staff their department.
domain::alert_scope own_scope(const principal& who) {
  domain::alert_scope scope;
  if (who.role == role::operator_role) scope.node = who.node;
  if (who.role == role::department) scope.department = who.department;
  return scope;
}

// The letter request of a POST body; nullopt after answering 400.
std::optional<letter_issue> read_issue(const http_request& req, const principal& who,
                                       responder& respond) {
  json_object_reader in;
  if (auto err = json_object_reader::parse(req.body, in)) {
    respond(error_response(*err));
    return std::nullopt;
  }
  auto kind = in.string("kind", /*required=*/true, 16);
  auto department = in.string("department", /*required=*/true, 200);
  auto facts = in.string("facts", /*required=*/true, max_facts_bytes);
  auto due = in.string("reply_due");
  in.reject_unknown({"kind", "department", "facts", "reply_due"});
  if (in.error()) {
    respond(error_response(*in.error()));
    return std::nullopt;
  }
  letter_issue out;
  const auto parsed_kind = domain::parse_letter_kind(*kind);
  if (!parsed_kind) {
    respond(invalid("kind", "kind must be warning or reminder, not '" + *kind + "'"));
    return std::nullopt;
  }
  out.draft.kind = *parsed_kind;
  if (due) {
    const auto ms = domain::parse_iso8601(*due);
    if (!ms) {
      respond(invalid("reply_due", "reply_due must be an ISO 8601 time, not '" + *due + "'"));
      return std::nullopt;
    }
    out.draft.reply_due_ms = *ms;
  }
  out.draft.department = std::move(*department);
  out.draft.facts = std::move(*facts);
  out.draft.issued_by = who.name;
  out.scope = own_scope(who);
  return out;
}

// Reads the letter's attached cases (at most domain::letter_max_cases) and answers the HTML
// page once every read came back; a case that could not be read is listed by id alone.
void respond_html(api_context& ctx, responder respond, std::shared_ptr<inflight_slot> slot,
                  domain::risk_letter l) {
  struct gather {
    std::mutex m;
    std::vector<domain::case_record> cases;
    std::atomic<std::size_t> left{0};
  };
  auto g = std::make_shared<gather>();
  auto letter = std::make_shared<const domain::risk_letter>(std::move(l));
  auto finish = [&ctx, respond, slot, g, letter] {
    http_response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = letter_html(*letter, g->cases, ctx.city);
    respond(std::move(r));
  };
  if (letter->case_ids.empty()) return finish();
  g->left = letter->case_ids.size();
  for (const auto& id : letter->case_ids)
    ctx.bridge.fetch(id, [g, finish](domain::result<domain::case_record> r) {
      if (r.ok()) {
        std::lock_guard<std::mutex> lock(g->m);
        g->cases.push_back(std::move(r.value()));
      }
      if (--g->left == 0) finish();
    });
}

bool wants_html(const http_request& req, std::string& id) {
  constexpr std::string_view suffix = ".html";
  if (id.size() > suffix.size() && id.compare(id.size() - suffix.size(), suffix.size(), suffix) == 0) {
    id.resize(id.size() - suffix.size());
    return true;
  }
  return req.query_param("format").value_or("json") == "html";
}

void write_one(json_writer& w, const domain::risk_letter& l) { write_letter(w, l); }

}  // namespace

void add_letter_routes(router& r, api_context& ctx) {
  r.add("POST", "/api/v1/alerts/{id}/letters",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, issuing_roles);
          if (!who) return;
          auto issue = read_issue(req, *who, respond);
          if (!issue) return;
          issue->alert_id = p.at("id");
          with_actor_reply<domain::risk_letter>(
              ctx, std::move(respond), 201,
              [&ctx, &issue](auto done) { ctx.bridge.issue_letter(std::move(*issue), done); },
              write_one);
        });

  r.add("GET", "/api/v1/letters",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond, reading_roles);
          if (!who) return;
          auto scope = oversight_scope(ctx, *who, req, respond);
          if (!scope) return;
          letter_query q;
          q.scope = std::move(*scope);
          q.status = req.query_param("status").value_or("");
          if (!q.status.empty() && !domain::parse_letter_status(q.status))
            return respond(
                invalid("status", "status must be issued or replied, not '" + q.status + "'"));
          q.limit = default_letter_limit;
          if (const auto limit = req.query_param("limit")) {
            const bool digits = !limit->empty() && limit->size() <= 4 &&
                                limit->find_first_not_of("0123456789") == std::string::npos;
            if (!digits) return respond(invalid("limit", "limit must be 1..1000"));
            q.limit = static_cast<std::uint32_t>(std::stoul(*limit));
          }
          q.cursor = req.query_param("cursor").value_or("");
          with_actor_reply<letter_list>(
              ctx, std::move(respond), 200,
              [&ctx, &q](auto done) { ctx.bridge.list_letters(std::move(q), done); },
              write_letter_list);
        });

  r.add("GET", "/api/v1/letters/{id}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, reading_roles);
          if (!who) return;
          auto id = p.at("id");
          const bool html = wants_html(req, id);
          auto slot = take_inflight_slot(ctx, respond);
          if (!slot) return;
          ctx.bridge.get_letter(
              std::move(id), own_scope(*who),
              [&ctx, respond, slot, html](domain::result<domain::risk_letter> res) {
                if (!res.ok()) return respond(domain_error_response(res.error()));
                if (html) return respond_html(ctx, respond, slot, std::move(res.value()));
                json_writer w;
                write_letter(w, res.value());
                respond(json_response(200, w.take()));
              });
        });

  r.add("POST", "/api/v1/letters/{id}/reply",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, replying_roles);
          if (!who) return;
          json_object_reader in;
          if (auto err = json_object_reader::parse(req.body, in))
            return respond(error_response(*err));
          auto text = in.string("text", /*required=*/true, max_reply_bytes);
          in.reject_unknown({"text"});
          if (in.error()) return respond(error_response(*in.error()));
          letter_reply reply;
          reply.id = p.at("id");
          reply.text = std::move(*text);
          reply.who.name = who->name;
          reply.who.department = who->department;
          reply.who.oversight = who->role != role::department;
          with_actor_reply<domain::risk_letter>(
              ctx, std::move(respond), 200,
              [&ctx, &reply](auto done) { ctx.bridge.reply_letter(std::move(reply), done); },
              write_one);
        });
}

}  // namespace cityops::gateway
