// POST /api/v1/intake/preview: what the 12345 seat's desk shows before a report is saved
// (docs/api.md "Intake preview"). The body is POST /api/v1/cases's, read by the same parser;
// an intake shard decides the `reported` event as it would for the real report, the case
// insight actor adds duplicates, the caller's history and dispatch options. Nothing is
// stored, no case id is used.
#include <string>
#include <utility>

#include "actors/domain/intake_triage.hpp"
#include "gateway/api_context.hpp"
#include "gateway/case_json.hpp"
#include "gateway/case_request.hpp"
#include "gateway/error_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/insight_routes.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/router.hpp"
#include "gateway/utf8.hpp"

namespace cityops::gateway {
namespace {

// Report texts of other cases are shown as excerpts of this many characters.
constexpr std::size_t excerpt_chars = 120;

std::string excerpt(const std::string& text) {
  return std::string(utf8_prefix(text, excerpt_chars));
}

const std::string& name_or_empty(const std::string* name) {
  static const std::string none;
  return name ? *name : none;
}

std::string category_name(const config::city_model& city, const std::string& code) {
  const auto* c = city.find_category(code);
  return name_or_empty(c ? &c->name : nullptr);
}

// What the operator may see: an operator only cases of their subtree.
bool visible(const api_context& ctx, const principal& who, const std::string& node) {
  return who.role != role::operator_role || ctx.city.in_subtree(node, who.node);
}

void write_decision(json_writer& w, const api_context& ctx, const domain::case_record& r) {
  member_or_null(w, "category", r.category);
  member_or_null(w, "category_name", category_name(ctx.city, r.category));
  write_classification(w, r.report.classification, &ctx.city);
  member_or_null(w, "intake_mode", r.report.intake_mode);
  w.member("needs_classification", domain::needs_classification(r));
  w.member("priority", domain::to_string(r.report.priority));
  write_risk(w, r.report.risk);
  w.member("node", r.node);
  const auto* node = ctx.city.find_node(r.node);
  member_or_null(w, "node_name", name_or_empty(node ? &node->name : nullptr));
  write_strings(w, "location_path", r.location_path);
  member_time(w, "deadline", r.deadline_ms);
}

void write_duplicates(json_writer& w, const api_context& ctx, const principal& who,
                      const intake_preview& p) {
  std::string linked, flagged;
  w.key("duplicates").begin_array();
  for (const auto& d : p.duplicates) {
    if (d.status.empty() || !visible(ctx, who, d.node)) continue;
    if (d.verdict == "duplicate" && linked.empty()) linked = d.id;
    if (d.verdict == "possible" && linked.empty() && flagged.empty()) flagged = d.id;
    w.begin_object()
        .member("id", d.id)
        .member("score", d.score);
    member_or_null(w, "verdict", d.verdict);
    w.member("distance_m", d.distance_m)
        .member("text_similarity", d.text_similarity)
        .member("same_category", d.same_category)
        .member("status", d.status)
        .member("category", d.category)
        .member("node", d.node)
        .member("text", excerpt(d.text));
    member_time(w, "reported_at", d.reported_ms);
    w.end_object();
  }
  w.end_array();
  // What intake would record: the best candidate's verdict.
  member_or_null(w, "duplicate_of", linked);
  member_or_null(w, "possible_duplicate_of", linked.empty() ? flagged : std::string());
}

void write_caller(json_writer& w, const api_context& ctx, const principal& who,
                  const intake_preview& p) {
  static const config::repeat_settings defaults;
  const auto& repeat = ctx.repeat ? *ctx.repeat : defaults;
  const bool has_phone = !p.reported.report.reporter_hash.empty();
  w.key("caller").begin_object().member("has_phone", has_phone);
  if (has_phone) {
    write_reporter_history(w, p.reporter);
    w.key("cases").begin_array();
    for (const auto& c : p.caller_cases) {
      if (c.status.empty() || !visible(ctx, who, c.node)) continue;
      w.begin_object().member("id", c.id);
      member_time(w, "reported_at", c.reported_ms);
      member_or_null(w, "category", c.category);
      w.member("status", c.status)
          .member("open", c.open)
          .member("node", c.node)
          .member("text", excerpt(c.text))
          .end_object();
    }
    w.end_array();
    w.key("repeat")
        .begin_object()
        .member("window_hours", repeat.window_hours)
        .member("min_cases", repeat.min_cases)
        .member("in_window", p.caller_in_repeat_window)
        .member("would_flag",
                domain::repeat_caller_would_flag(p.caller_in_repeat_window, repeat.min_cases))
        .end_object();
  }
  w.end_object();
}

void write_dispatch(json_writer& w, const api_context& ctx, const domain::case_record& r,
                    const intake_preview& p) {
  w.key("dispatch").begin_object();
  member_or_null(w, "department", r.department);
  const auto* d = ctx.city.find_department(r.department);
  member_or_null(w, "department_name", name_or_empty(d ? &d->name : nullptr));
  w.key("options").begin_array();
  for (const auto& o : p.dispatch) write_dispatch_option(w, o);
  w.end_array().end_object();
}

void write_preview(json_writer& w, const api_context& ctx, const principal& who,
                   const intake_preview& p) {
  domain::case_record r;
  domain::apply(r, p.reported);
  w.begin_object();
  write_decision(w, ctx, r);
  write_duplicates(w, ctx, who, p);
  write_caller(w, ctx, who, p);
  write_dispatch(w, ctx, r, p);
  // False while the insight actor is still loading the stored cases (or did not answer):
  // duplicates, history and options are then empty, not "none".
  w.member("insight", p.insight);
  w.end_object();
}

}  // namespace

void add_intake_preview_routes(router& r, api_context& ctx) {
  r.add("POST", "/api/v1/intake/preview",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond,
                                   {role::operator_role, role::supervisor, role::admin});
          if (!who) return;
          auto parsed = parse_new_case(req.body, ctx.reporter_salt);
          if (auto* err = std::get_if<input_error>(&parsed)) return respond(error_response(*err));
          auto& report = std::get<domain::new_case>(parsed);
          report.reported_by = who->name;
          static const config::repeat_settings defaults;
          const auto window_ms = (ctx.repeat ? *ctx.repeat : defaults).window_hours * 3600 * 1000;
          with_actor_reply<intake_preview>(
              ctx, std::move(respond), 200,
              [&](auto done) { ctx.bridge.preview(std::move(report), window_ms, std::move(done)); },
              [&ctx, who = *who](json_writer& w, const intake_preview& p) {
                write_preview(w, ctx, who, p);
              });
        });
}

}  // namespace cityops::gateway
