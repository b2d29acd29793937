// The city model for clients building their forms: nodes, departments, categories, the
// district map (GeoJSON); who the caller's token is (/api/v1/me); plus the live queue of one
// node or department, and /healthz. The /api/v1 routes need a token of any role; /healthz is
// open.
#include <memory>

#include "actors/domain/iso_time.hpp"
#include "gateway/api_context.hpp"
#include "gateway/case_json.hpp"
#include "gateway/error_json.hpp"
#include "gateway/json_fields.hpp"
#include "gateway/router.hpp"
#include "gateway/static_files.hpp"

namespace cityops::gateway {
namespace {

void write_node(json_writer& w, const config::node& n) {
  w.begin_object()
      .member("id", n.id)
      .member("name", n.name)
      .member("tier", config::to_string(n.tier));
  member_or_null(w, "parent", n.parent);
  w.member("lat", n.lat).member("lon", n.lon).end_object();
}

void write_department(json_writer& w, const config::department& d) {
  w.begin_object()
      .member("id", d.id)
      .member("name", d.name)
      .member("tier", config::to_string(d.tier))
      .member("node", d.node)
      .member("kind", d.kind);
  write_strings(w, "categories", d.categories);
  w.end_object();
}

void write_limit(json_writer& w, const config::sla_limit& l) {
  w.begin_object().member("limit", l.limit).member("unit", config::to_string(l.unit)).end_object();
}

// `urgent_sla`: the configured urgent limit (the category's or its major's), null when none.
void write_category(json_writer& w, const config::city_model& city, const config::category& c) {
  w.begin_object().member("code", c.code).member("name", c.name).member("major", c.major);
  write_limit(w.key("sla"), c.sla);
  w.key("urgent_sla");
  if (const auto u = city.urgent_sla(c.code))
    write_limit(w, *u);
  else
    w.null();
  write_strings(w, "keywords", c.keywords);
  w.end_object();
}

// `?tier=` must name a tier when given; writes the error and returns false otherwise.
bool tier_filter(const http_request& req, std::optional<config::tier>& out, responder& respond) {
  const auto t = req.query_param("tier");
  if (!t) return true;
  out = config::parse_tier(*t);
  if (!out) {
    respond(error_response(400, "invalid_field",
                           "'tier' must be one of city, district, street, community", "tier"));
    return false;
  }
  return true;
}

// Answers `{"<item>": …, "queue": {length, overdue, urgent, assisting?, oldest_case,
// oldest_since, next: [{id, since, urgent, overdue}]}}` once the holder's actor replies, or
// the error when it cannot. `next` lists the first cases in working order: urgent first.
template <class WriteItem>
void with_queue(api_context& ctx, std::string kind, std::string id, WriteItem write_item,
                responder respond) {
  const bool is_department = kind == "department";
  ctx.bridge.queue(
      std::move(kind), std::move(id),
      [respond = std::move(respond), write_item, is_department](domain::result<queue_view> q) {
        if (!q.ok()) return respond(domain_error_response(q.error()));
        const auto& v = q.value();
        json_writer w;
        w.begin_object();
        write_item(w);
        w.key("queue").begin_object().member("length", v.length).member("overdue", v.overdue);
        w.member("urgent", v.urgent);
        if (is_department) w.member("assisting", v.assisting);
        w.key("oldest_case");
        if (v.oldest_case.empty())
          w.null().key("oldest_since").null();
        else
          w.value(v.oldest_case).member("oldest_since", domain::format_iso8601(v.oldest_since_ms));
        w.key("next").begin_array();
        for (const auto& e : v.next)
          w.begin_object()
              .member("id", e.case_id)
              .member("since", domain::format_iso8601(e.since_ms))
              .member("urgent", e.urgent)
              .member("overdue", e.overdue)
              .end_object();
        w.end_array().end_object().end_object();
        respond(json_response(200, w.take()));
      });
}

// Who the token is: name, role, its centre or department (null when the role has none) and
// the case actions the role may take at all (each case still checks its own scope).
void write_principal(json_writer& w, const config::city_model& city, const principal& who) {
  w.begin_object().member("name", who.name).member("role", to_string(who.role));
  w.key("node");
  if (const auto* n = who.node.empty() ? nullptr : city.find_node(who.node))
    write_node(w, *n);
  else
    w.null();
  w.key("department");
  if (const auto* d = who.department.empty() ? nullptr : city.find_department(who.department))
    write_department(w, *d);
  else
    w.null();
  w.key("actions").begin_array();
  for (const auto a : domain::all_case_actions())
    if (!domain::is_system_action(a) && may_act(who, a)) w.value(domain::to_string(a));
  w.end_array().end_object();
}

// The district GeoJSON the city places reports with (an empty FeatureCollection when it has
// none), revalidated by its ETag: 304 without a body when the client holds the same text.
http_response district_map_response(const config::district_map* map,
                                    const std::string& if_none_match) {
  static const std::string empty = R"({"type":"FeatureCollection","features":[]})";
  const std::string etag = "\"" + (map ? map->fingerprint() : std::string("none")) + "\"";
  http_response res;
  res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("Cache-Control", "private, no-cache");
  if (!if_none_match.empty() && etag_matches(if_none_match, etag)) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  res.content_type = "application/geo+json";
  res.body = map ? map->geojson() : empty;
  return res;
}

}  // namespace

void add_city_routes(router& r, api_context& ctx) {
  r.add("GET", "/api/v1/me",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          const auto who = require(ctx.tokens, req, respond, any_role);
          if (!who) return;
          json_writer w;
          write_principal(w, ctx.city, *who);
          respond(json_response(200, w.take()));
        });

  r.add("GET", "/healthz", [](const http_request&, const route_params&, responder respond) {
    respond(json_response(200, R"({"status":"ok"})"));
  });

  r.add("GET", "/api/v1/nodes",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, any_role)) return;
          std::optional<config::tier> tier;
          if (!tier_filter(req, tier, respond)) return;
          const auto parent = req.query_param("parent");
          if (parent && !ctx.city.find_node(*parent))
            return respond(
                error_response(400, "unknown_node", "unknown node '" + *parent + "'", "parent"));
          json_writer w;
          w.begin_object().key("items").begin_array();
          if (parent) {
            for (const auto& id : ctx.city.children(*parent))
              if (const auto* n = ctx.city.find_node(id); n && (!tier || n->tier == *tier))
                write_node(w, *n);
          } else {
            for (const auto& n : ctx.city.nodes())
              if (!tier || n.tier == *tier) write_node(w, n);
          }
          w.end_array().end_object();
          respond(json_response(200, w.take()));
        });

  r.add("GET", "/api/v1/nodes/{id}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          if (!require(ctx.tokens, req, respond, any_role)) return;
          const auto* n = ctx.city.find_node(p.at("id"));
          if (!n)
            return respond(
                error_response(404, "not_found", "unknown node '" + p.at("id") + "'", "id"));
          with_queue(
              ctx, "node", n->id,
              [n, &ctx](json_writer& w) {
                w.key("node");
                write_node(w, *n);
                w.key("children").begin_array();
                for (const auto& c : ctx.city.children(n->id)) w.value(c);
                w.end_array();
              },
              std::move(respond));
        });

  r.add("GET", "/api/v1/departments",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, any_role)) return;
          std::optional<config::tier> tier;
          if (!tier_filter(req, tier, respond)) return;
          const auto node = req.query_param("node");
          json_writer w;
          w.begin_object().key("items").begin_array();
          for (const auto& d : ctx.city.departments())
            if ((!tier || d.tier == *tier) && (!node || d.node == *node)) write_department(w, d);
          w.end_array().end_object();
          respond(json_response(200, w.take()));
        });

  r.add("GET", "/api/v1/departments/{id}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          if (!require(ctx.tokens, req, respond, any_role)) return;
          const auto* d = ctx.city.find_department(p.at("id"));
          if (!d)
            return respond(error_response(404, "not_found",
                                          "unknown department '" + p.at("id") + "'", "id"));
          with_queue(
              ctx, "department", d->id,
              [d](json_writer& w) {
                w.key("department");
                write_department(w, *d);
              },
              std::move(respond));
        });

  r.add("GET", "/api/v1/categories",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, any_role)) return;
          const auto major = req.query_param("major");
          json_writer w;
          w.begin_object().key("items").begin_array();
          for (const auto& c : ctx.city.categories())
            if (!major || c.major == *major) write_category(w, ctx.city, c);
          w.end_array();
          w.key("majors").begin_array();
          for (const auto& m : ctx.city.majors())
            w.begin_object()
                .member("code", m.code)
                .member("name", m.name)
                .member("kind", m.kind)
                .end_object();
          w.end_array().end_object();
          respond(json_response(200, w.take()));
        });

  r.add("GET", "/api/v1/city/map",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, any_role)) return;
          respond(district_map_response(ctx.city.map().get(), req.header("if-none-match")));
        });
}

}  // namespace cityops::gateway
