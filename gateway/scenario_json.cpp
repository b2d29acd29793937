#include "gateway/scenario_json.hpp"

#include "actors/domain/iso_time.hpp"
#include "gateway/json_fields.hpp"

namespace cityops::gateway {
namespace {

// Parameters and journal data are JSON objects checked when they were taken in (the
// activation body, scenario_context::record); an empty text is {}.
void member_json(json_writer& w, std::string_view key, const std::string& json) {
  w.key(key).raw(json.empty() ? std::string_view("{}") : std::string_view(json));
}

// {"…": {"seq"?, "kind"?, "by", "at", `rest`}} for the activation and last end of a view.
template <class Rest>
void summary(json_writer& w, std::string_view key, const domain::scenario_event& e, Rest rest) {
  w.key(key).begin_object();
  rest(w);
  w.member("by", e.by).member("at", domain::format_iso8601(e.at_ms));
  w.end_object();
}

}  // namespace

void write_scenario_event(json_writer& w, const domain::scenario_event& e) {
  w.begin_object()
      .member("seq", e.seq)
      .member("scenario", e.scenario)
      .member("kind", e.kind)
      .member("at", domain::format_iso8601(e.at_ms))
      .member("by", e.by)
      .member("activation", e.activation);
  namespace kind = domain::scenario_kind;
  if (e.kind == kind::activated || e.kind == kind::restored)
    member_json(w, "parameters", e.parameters);
  else if (domain::is_lifecycle_kind(e.kind))
    member_or_null(w, "detail", e.detail);
  else
    member_json(w, "data", e.detail);
  w.end_object();
}

void write_scenario(json_writer& w, const scenario_view& v) {
  w.begin_object();
  if (v.description) {
    const auto& d = *v.description;
    w.member("name", d.name).member("title", d.title).member("description", d.description);
    w.key("parameters").begin_array();
    for (const auto& p : d.parameters)
      w.begin_object()
          .member("name", p.name)
          .member("type", p.type)
          .member("required", p.required)
          .member("description", p.description)
          .end_object();
    w.end_array();
  }
  w.member("state", v.state).member("active", v.state == "active");
  if (v.state == "inactive" || v.activation.seq == 0)
    w.key("activation").null();
  else
    summary(w, "activation", v.activation, [&v](json_writer& o) {
      o.member("seq", v.activation.seq);
      member_json(o, "parameters", v.activation.parameters);
    });
  if (v.ended.kind.empty())
    w.key("last_ended").null();
  else
    summary(w, "last_ended", v.ended, [&v](json_writer& o) {
      o.member("kind", v.ended.kind);
      member_or_null(o, "detail", v.ended.detail);
    });
  w.end_object();
}

void write_scenario_history(json_writer& w, const scenario_history& h) {
  w.begin_object().key("items").begin_array();
  for (const auto& e : h.items) write_scenario_event(w, e);
  w.end_array().key("next_before");
  if (h.next_before == 0)
    w.null();
  else
    w.value(h.next_before);
  w.end_object();
}

std::string feed_scenario_json(const scenario_notice& n) {
  json_writer w;
  w.begin_object()
      .member("kind", "scenario")
      .member("scenario", n.scenario)
      .member("event", n.event)
      .member("at", domain::format_iso8601(n.at_ms));
  member_or_null(w, "node", n.node);
  member_json(w, "data", n.data);
  w.end_object();
  return w.take();
}

}  // namespace cityops::gateway
