// City vital-sign routes (indicator_routes.hpp).
#include "gateway/indicator_routes.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/domain/indicator_rules.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/wall_clock.hpp"
#include "gateway/error_json.hpp"
#include "gateway/indicator_json.hpp"
#include "gateway/inflight.hpp"
#include "gateway/json_input.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

constexpr std::size_t max_samples = 1000;
constexpr std::int64_t default_history_ms = 24 * 3600 * 1000;

const std::initializer_list<role> posting_roles = {role::iot, role::supervisor, role::admin};
const std::initializer_list<role> reading_roles = {role::operator_role, role::department,
                                                   role::supervisor, role::admin, role::iot};

const config::indicator_settings& registry_of(const api_context& ctx) {
  static const config::indicator_settings none;
  return ctx.indicators ? *ctx.indicators : none;
}

http_response invalid(std::string_view field, const std::string& message) {
  return error_response(400, "invalid_field", message, field);
}

// One item of the body: the sample, or its refusal (field names relative to the item).
void read_item(json_object_reader item, std::uint32_t index, sample_batch& batch,
               std::vector<domain::sample_refusal>& refused) {
  auto own = item.detached();
  auto indicator = own.string("indicator", /*required=*/true, 64);
  auto value = own.number("value", /*required=*/true);
  auto unit = own.string("unit", /*required=*/false, 32);
  auto at = own.string("at", /*required=*/true, 64);
  own.reject_unknown({"indicator", "value", "unit", "at"});
  if (const auto& e = own.error()) {
    const auto dot = e->field.rfind('.');
    refused.push_back({index, dot == std::string::npos ? e->field : e->field.substr(dot + 1),
                       e->message});
    return;
  }
  const auto at_ms = domain::parse_iso8601(*at);
  if (!at_ms) {
    refused.push_back({index, "at", "at must be an ISO 8601 time, not '" + *at + "'"});
    return;
  }
  sample_input in;
  in.index = index;
  in.sample = domain::indicator_sample{std::move(*indicator), *value, *at_ms};
  in.unit = unit.value_or("");
  batch.items.push_back(std::move(in));
}

// 200 with the receipt; 422 when nothing was kept, naming the first refused item's field.
http_response receipt_response(sample_receipt r) {
  std::sort(r.refused.begin(), r.refused.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  if (r.accepted > 0 || r.refused.empty()) {
    json_writer w;
    write_receipt(w, r);
    return json_response(200, w.take());
  }
  const auto& first = r.refused.front();
  return error_response(
      422, "invalid_field",
      "no sample was kept; samples[" + std::to_string(first.index) + "]: " + first.reason,
      "samples[" + std::to_string(first.index) + "]." + first.field,
      [&r](json_writer& w) { write_refusals(w, r.refused); });
}

void post_samples(api_context& ctx, const http_request& req, responder respond) {
  json_object_reader in;
  if (auto err = json_object_reader::parse(req.body, in)) return respond(error_response(*err));
  auto items = in.object_array("samples", max_samples, /*required=*/true);
  in.reject_unknown({"samples"});
  if (in.error()) return respond(error_response(*in.error()));
  if (items.empty()) return respond(invalid("samples", "samples must hold at least one sample"));
  sample_batch batch;
  std::vector<domain::sample_refusal> refused;
  for (std::size_t i = 0; i < items.size(); ++i)
    read_item(std::move(items[i]), static_cast<std::uint32_t>(i), batch, refused);
  if (batch.items.empty()) return respond(receipt_response(sample_receipt{0, std::move(refused)}));
  auto slot = take_inflight_slot(ctx, respond);
  if (!slot) return;
  ctx.bridge.post_samples(
      std::move(batch), [respond, slot, refused = std::move(refused)](
                            domain::result<sample_receipt> r) mutable {
        if (!r.ok()) return respond(domain_error_response(r.error()));
        auto receipt = std::move(r.value());
        receipt.refused.insert(receipt.refused.end(), refused.begin(), refused.end());
        respond(receipt_response(std::move(receipt)));
      });
}

void list_indicators(api_context& ctx, const http_request& req, responder respond) {
  const auto& registry = registry_of(ctx);
  const auto domain = req.query_param("domain").value_or("");
  if (!domain.empty() && !registry.find_domain(domain))
    return respond(invalid("domain", "unknown domain '" + domain + "'"));
  std::optional<domain::indicator_state> state;
  if (const auto s = req.query_param("state")) {
    state = domain::parse_indicator_state(*s);
    if (!state)
      return respond(invalid("state", "state must be no_data, normal, warning, alarm or silent"));
  }
  auto slot = take_inflight_slot(ctx, respond);
  if (!slot) return;
  ctx.bridge.list_indicators([&registry, respond, slot, domain,
                              state](domain::result<std::vector<indicator_view>> r) {
    if (!r.ok()) return respond(domain_error_response(r.error()));
    json_writer w;
    w.begin_object().key("domains").begin_array();
    for (const auto& d : registry.domains)
      w.begin_object().member("code", d.code).member("name", d.name).end_object();
    w.end_array().key("items").begin_array();
    for (const auto& view : r.value()) {
      const auto* spec = registry.find(view.status.indicator);
      if (!spec || (!domain.empty() && spec->domain != domain)) continue;
      if (state && view.state != *state) continue;
      write_indicator(w, registry, *spec, view);
    }
    w.end_array().end_object();
    respond(json_response(200, w.take()));
  });
}

// The [from, to] of a history request; nullopt after answering 400.
std::optional<history_query> read_range(const http_request& req, responder& respond) {
  history_query q;
  const auto time_param = [&](const char* name, std::int64_t& out) {
    const auto text = req.query_param(name);
    if (!text) return true;
    const auto ms = domain::parse_iso8601(*text);
    if (!ms) {
      respond(invalid(name, std::string(name) + " must be an ISO 8601 time, not '" + *text + "'"));
      return false;
    }
    out = *ms;
    return true;
  };
  q.to_ms = system_now_ms();
  q.from_ms = 0;
  if (!time_param("to", q.to_ms) || !time_param("from", q.from_ms)) return std::nullopt;
  if (!req.query_param("from")) q.from_ms = q.to_ms - default_history_ms;
  if (q.from_ms > q.to_ms) {
    respond(invalid("from", "from must not be after to"));
    return std::nullopt;
  }
  if (const auto points = req.query_param("points")) {
    const bool digits = !points->empty() && points->size() <= 4 &&
                        points->find_first_not_of("0123456789") == std::string::npos;
    const auto n = digits ? std::stoul(*points) : 0;
    if (n == 0 || n > domain::history_max_points) {
      respond(invalid("points", "points must be 1.." + std::to_string(domain::history_max_points)));
      return std::nullopt;
    }
    q.points = static_cast<std::uint32_t>(n);
  }
  return q;
}

}  // namespace

void add_indicator_routes(router& r, api_context& ctx) {
  r.add("POST", "/api/v1/indicators/samples",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, posting_roles)) return;
          post_samples(ctx, req, std::move(respond));
        });

  r.add("GET", "/api/v1/indicators",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, reading_roles)) return;
          list_indicators(ctx, req, std::move(respond));
        });

  r.add("GET", "/api/v1/indicators/{id}",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          if (!require(ctx.tokens, req, respond, reading_roles)) return;
          const auto& registry = registry_of(ctx);
          const auto* spec = registry.find(p.at("id"));
          if (!spec)
            return respond(error_response(404, "not_found", "no indicator '" + p.at("id") + "'",
                                          "id"));
          with_actor_reply<indicator_view>(
              ctx, std::move(respond), 200,
              [&ctx, spec](auto done) { ctx.bridge.get_indicator(spec->id, done); },
              [&registry, spec](json_writer& w, const indicator_view& v) {
                write_indicator(w, registry, *spec, v);
              });
        });

  r.add("GET", "/api/v1/indicators/{id}/history",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          if (!require(ctx.tokens, req, respond, reading_roles)) return;
          const auto* spec = registry_of(ctx).find(p.at("id"));
          if (!spec)
            return respond(error_response(404, "not_found", "no indicator '" + p.at("id") + "'",
                                          "id"));
          auto q = read_range(req, respond);
          if (!q) return;
          q->indicator = spec->id;
          const auto range = *q;
          with_actor_reply<domain::indicator_history>(
              ctx, std::move(respond), 200,
              [&ctx, &q](auto done) { ctx.bridge.indicator_history(std::move(*q), done); },
              [spec, range](json_writer& w, const domain::indicator_history& h) {
                write_history(w, *spec, range, h);
              });
        });
}

}  // namespace cityops::gateway
