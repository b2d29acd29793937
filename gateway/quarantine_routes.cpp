#include "gateway/quarantine_routes.hpp"

#include <string>
#include <utility>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "actors/domain/iso_time.hpp"
#include "gateway/inflight.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

void write_entry(json_writer& w, const domain::quarantine_entry& q) {
  w.begin_object();
  w.member("id", q.case_id);
  w.member("reason", q.reason);
  w.member("since", domain::format_iso8601(q.at_ms));
  w.member("failures", static_cast<std::int64_t>(q.failures));
  w.end_object();
}

}  // namespace

void add_quarantine_routes(router& r, api_context& ctx) {
  r.add("GET", "/api/v1/quarantine",
        [&ctx](const http_request& req, const route_params&, responder respond) {
          if (!require(ctx.tokens, req, respond, {role::supervisor, role::admin})) return;
          with_actor_reply<std::vector<domain::quarantine_entry>>(
              ctx, std::move(respond), 200,
              [&ctx](auto done) { ctx.bridge.list_quarantine(std::move(done)); },
              [](json_writer& w, const std::vector<domain::quarantine_entry>& items) {
                w.begin_object().key("items").begin_array();
                for (const auto& q : items) write_entry(w, q);
                w.end_array().end_object();
              });
        });

  r.add("POST", "/api/v1/quarantine/{id}/release",
        [&ctx](const http_request& req, const route_params& p, responder respond) {
          const auto who = require(ctx.tokens, req, respond, {role::admin});
          if (!who) return;
          const auto& id = p.at("id");
          auto not_quarantined = error_response(
              404, "not_found", "case '" + id + "' is not quarantined", "id");
          if (!domain::plausible_case_id(id)) return respond(std::move(not_quarantined));
          auto slot = take_inflight_slot(ctx, respond);
          if (!slot) return;
          ctx.bridge.release_quarantine(
              id, [respond, slot, id, not_quarantined](domain::result<bool> res) {
                if (!res.ok()) return respond(domain_error_response(res.error()));
                if (!res.value()) return respond(not_quarantined);
                json_writer w;
                w.begin_object().member("id", id).member("released", true).end_object();
                respond(json_response(200, w.take()));
              });
        });
}

}  // namespace cityops::gateway
