// KPI routes (kpi_routes.hpp).
#include "gateway/kpi_routes.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/kpi_calculator.hpp"
#include "actors/domain/kpi_summary.hpp"
#include "actors/wall_clock.hpp"
#include "config/civil_date.hpp"
#include "gateway/error_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/kpi_json.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

constexpr std::int64_t default_span_days = 30;
constexpr std::int64_t max_span_days = 3700;
constexpr std::size_t default_ranking_limit = 20;

const std::initializer_list<role> reading_roles = {role::operator_role, role::department,
                                                   role::supervisor, role::admin};

http_response invalid(std::string_view field, const std::string& message) {
  return error_response(400, "invalid_field", message, field);
}

struct date_range {
  std::int64_t from = 0;
  std::int64_t to = 0;
};

std::int64_t today() { return domain::china_local_day(system_now_ms()); }

// from/to of the query (defaults: the last 30 days to today); nullopt after answering 400.
std::optional<date_range> read_range(const http_request& req, responder& respond) {
  date_range r;
  for (auto [name, out] : {std::pair<const char*, std::int64_t*>{"to", &r.to},
                           std::pair<const char*, std::int64_t*>{"from", &r.from}}) {
    const auto text = req.query_param(name);
    if (!text) {
      *out = std::string_view(name) == "to" ? today() : r.to - (default_span_days - 1);
      continue;
    }
    const auto date = config::parse_civil_date(*text);
    if (!date) {
      respond(invalid(name, std::string(name) + " must be a date YYYY-MM-DD, not '" + *text + "'"));
      return std::nullopt;
    }
    *out = config::days_from_civil(*date);
  }
  if (r.from > r.to) {
    respond(invalid("from", "from must not be after to"));
    return std::nullopt;
  }
  if (r.to - r.from + 1 > max_span_days) {
    respond(invalid("from", "a range spans at most " + std::to_string(max_span_days) + " days"));
    return std::nullopt;
  }
  return r;
}

struct scope_ref {
  std::string scope;  // node:<id> | department:<id>
  std::string kind;   // node | department
  std::string id;
  std::string name;
};

// The scope parameter, checked against the city and the caller; nullopt after answering.
std::optional<scope_ref> read_scope(const api_context& ctx, const http_request& req,
                                    const principal& who, responder& respond) {
  std::string text = req.query_param("scope").value_or("city");
  if (text == "city") text = "node:" + ctx.city.city_id;
  scope_ref s;
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    respond(invalid("scope", "scope must be city, node:<id> or department:<id>"));
    return std::nullopt;
  }
  s.kind = text.substr(0, colon);
  s.id = text.substr(colon + 1);
  // The name of the node or department the scope names; nullptr when there is none.
  const std::string* name = nullptr;
  if (s.kind == "node") {
    if (const auto* n = ctx.city.find_node(s.id)) name = &n->name;
    s.scope = domain::kpi_node_scope(s.id);
  } else if (s.kind == "department") {
    if (const auto* d = ctx.city.find_department(s.id)) name = &d->name;
    s.scope = domain::kpi_department_scope(s.id);
  } else {
    respond(invalid("scope", "scope must be city, node:<id> or department:<id>"));
    return std::nullopt;
  }
  if (!name) {
    respond(error_response(404, "not_found", "unknown " + s.kind + " '" + s.id + "'", "scope"));
    return std::nullopt;
  }
  s.name = *name;
  const bool allowed =
      who.role == role::supervisor || who.role == role::admin ||
      (who.role == role::operator_role && s.kind == "node" &&
       ctx.city.in_subtree(s.id, who.node)) ||
      (who.role == role::department && s.kind == "department" && s.id == who.department);
  if (!allowed) {
    respond(error_response(403, "forbidden", "this token may not read the KPIs of " + text,
                           "scope"));
    return std::nullopt;
  }
  return s;
}

void write_kpi_answer(json_writer& w, const api_context& ctx, const scope_ref& s,
                      const date_range& r, domain::kpi_period by, const kpi_table& t) {
  const bool department = s.kind == "department";
  domain::kpi_counters total;
  for (const auto& [day, c] : t.days) total.add(c);
  w.begin_object().member("scope", s.scope).member("kind", s.kind).member("id", s.id);
  w.member("name", s.name).member("from", day_text(r.from)).member("to", day_text(r.to));
  w.member("by", domain::to_string(by)).key("total");
  write_kpi_summary(w, domain::summarize(total, t.now, department), ctx.city);
  w.key("series").begin_array();
  auto next = t.days.begin();
  for (auto start = r.from; start <= r.to;) {
    // The next period starts at the first day after this one's start whose period differs.
    auto end = start;
    while (end + 1 <= r.to && domain::period_start(by, end + 1) == domain::period_start(by, start))
      ++end;
    domain::kpi_counters sum;
    for (; next != t.days.end() && next->first <= end; ++next) sum.add(next->second);
    w.begin_object().member("period", domain::period_label(by, start));
    w.member("from", day_text(start)).member("to", day_text(end)).key("kpi");
    write_kpi_summary(w, domain::summarize(sum, {}, department), ctx.city, 0, false);
    w.end_object();
    start = end + 1;
  }
  w.end_array().end_object();
}

struct ranking_request {
  std::string of;
  const domain::kpi_metric* metric = nullptr;
  bool best_first = true;
  std::size_t limit = default_ranking_limit;
  std::vector<scope_ref> entries;
};

std::optional<ranking_request> read_ranking(const api_context& ctx, const http_request& req,
                                            responder& respond) {
  ranking_request q;
  q.of = req.query_param("of").value_or("departments");
  const auto metric = req.query_param("metric").value_or("on_time_rate");
  q.metric = domain::find_kpi_metric(metric);
  if (!q.metric) {
    std::string names;
    for (const auto& m : domain::kpi_metrics()) names += (names.empty() ? "" : ", ") + std::string(m.name);
    respond(invalid("metric", "metric must be one of " + names + ", not '" + metric + "'"));
    return std::nullopt;
  }
  const auto order = req.query_param("order").value_or("best");
  if (order != "best" && order != "worst") {
    respond(invalid("order", "order must be best or worst"));
    return std::nullopt;
  }
  q.best_first = order == "best";
  if (const auto limit = req.query_param("limit")) {
    char* end = nullptr;
    const long n = std::strtol(limit->c_str(), &end, 10);
    if (limit->empty() || *end != '\0' || n < 1 || n > 1000) {
      respond(invalid("limit", "limit must be a number 1..1000"));
      return std::nullopt;
    }
    q.limit = static_cast<std::size_t>(n);
  }
  if (q.of == "departments") {
    for (const auto& d : ctx.city.departments())
      q.entries.push_back({domain::kpi_department_scope(d.id), "department", d.id, d.name});
  } else if (q.of == "districts") {
    for (const auto& n : ctx.city.nodes())
      if (n.tier == config::tier::district)
        q.entries.push_back({domain::kpi_node_scope(n.id), "node", n.id, n.name});
  } else {
    respond(invalid("of", "of must be departments or districts"));
    return std::nullopt;
  }
  return q;
}

void write_ranking(json_writer& w, const ranking_request& q, const date_range& r,
                   const std::vector<kpi_table>& tables) {
  struct row {
    const scope_ref* ref;
    domain::kpi_summary s;
    std::optional<double> value;
  };
  std::vector<row> rows;
  for (std::size_t i = 0; i < tables.size() && i < q.entries.size(); ++i) {
    domain::kpi_counters total;
    for (const auto& [day, c] : tables[i].days) total.add(c);
    auto s = domain::summarize(total, tables[i].now, q.entries[i].kind == "department");
    auto v = domain::metric_value(s, q.metric->name);
    rows.push_back({&q.entries[i], std::move(s), v});
  }
  const bool high_first = q.metric->higher_is_better == q.best_first;
  std::stable_sort(rows.begin(), rows.end(), [high_first](const row& a, const row& b) {
    if (a.value.has_value() != b.value.has_value()) return a.value.has_value();
    if (!a.value) return false;
    return high_first ? *a.value > *b.value : *a.value < *b.value;
  });
  w.begin_object().member("of", q.of).member("metric", q.metric->name);
  w.member("order", q.best_first ? "best" : "worst");
  w.member("from", day_text(r.from)).member("to", day_text(r.to)).key("items").begin_array();
  std::size_t rank = 0;
  for (const auto& x : rows) {
    if (rank == q.limit) break;
    w.begin_object().member("rank", static_cast<std::uint64_t>(++rank));
    w.member("scope", x.ref->scope).member("id", x.ref->id).member("name", x.ref->name);
    if (x.value) w.member("value", *x.value); else w.key("value").null();
    if (const auto* rate = domain::metric_rate(x.s, q.metric->name))
      w.member("numerator", rate->numerator).member("denominator", rate->denominator);
    else
      w.key("numerator").null().key("denominator").null();
    w.member("reported", x.s.reported).end_object();
  }
  w.end_array().end_object();
}

}  // namespace

void add_kpi_routes(router& r, api_context& ctx) {
  r.add("GET", "/api/v1/kpi",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond, reading_roles);
          if (!who) return;
          auto scope = read_scope(ctx, req, *who, respond);
          if (!scope) return;
          const auto range = read_range(req, respond);
          if (!range) return;
          const auto by_text = req.query_param("by").value_or("day");
          const auto by = domain::parse_kpi_period(by_text);
          if (!by) {
            respond(invalid("by", "by must be day, week or month, not '" + by_text + "'"));
            return;
          }
          kpi_query q{{scope->scope}, range->from, range->to, true};
          with_actor_reply<std::vector<kpi_table>>(
              ctx, std::move(respond), 200,
              [&ctx, &q](auto done) { ctx.bridge.kpi(std::move(q), done); },
              [&ctx, s = *scope, range = *range, by = *by](json_writer& w,
                                                          const std::vector<kpi_table>& t) {
                write_kpi_answer(w, ctx, s, range, by, t.at(0));
              });
        });

  r.add("GET", "/api/v1/kpi/ranking",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond, reading_roles);
          if (!who) return;
          auto ranking = read_ranking(ctx, req, respond);
          if (!ranking) return;
          const auto range = read_range(req, respond);
          if (!range) return;
          kpi_query q;
          for (const auto& e : ranking->entries) q.scopes.push_back(e.scope);
          q.from_day = range->from;
          q.to_day = range->to;
          q.per_day = false;
          with_actor_reply<std::vector<kpi_table>>(
              ctx, std::move(respond), 200,
              [&ctx, &q](auto done) { ctx.bridge.kpi(std::move(q), done); },
              [ranking = std::move(*ranking), range = *range](json_writer& w,
                                                               const std::vector<kpi_table>& t) {
                write_ranking(w, ranking, range, t);
              });
        });
}

}  // namespace cityops::gateway
