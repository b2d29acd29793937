#include "gateway/indicator_json.hpp"

#include "actors/domain/indicator_rules.hpp"
#include "gateway/json_fields.hpp"

namespace cityops::gateway {
namespace {

void member_threshold(json_writer& w, std::string_view key, const std::optional<double>& v) {
  if (v) w.member(key, *v);
}

}  // namespace

void write_indicator(json_writer& w, const config::indicator_settings& registry,
                     const config::indicator_spec& spec, const indicator_view& view) {
  const auto* domain = registry.find_domain(spec.domain);
  const auto& s = view.status;
  w.begin_object()
      .member("id", spec.id)
      .member("domain", spec.domain)
      .member("domain_name", domain ? domain->name : std::string())
      .member("name", spec.name)
      .member("unit", spec.unit);
  member_or_null(w, "node", spec.node);
  w.key("normal").begin_array().value(spec.normal_lo).value(spec.normal_hi).end_array();
  w.key("thresholds").begin_object();
  member_threshold(w, "warning_high", spec.warning_high);
  member_threshold(w, "alarm_high", spec.alarm_high);
  member_threshold(w, "warning_low", spec.warning_low);
  member_threshold(w, "alarm_low", spec.alarm_low);
  w.end_object();
  w.member("interval_s", spec.interval_s)
      .member("silent_after_s", spec.silence_ms() / 1000)
      .member("state", domain::to_string(view.state));
  if (s.at_ms == 0) {
    w.key("latest").null();
  } else {
    w.key("latest").begin_object().member("value", s.value);
    member_time(w, "at", s.at_ms);
    w.member("level", domain::to_string(s.level)).member("side", domain::to_string(s.side));
    w.end_object();
  }
  member_time(w, "episode_since", s.episode_ms);
  w.end_object();
}

void write_refusals(json_writer& w, const std::vector<domain::sample_refusal>& refused) {
  w.key("refused").begin_array();
  for (const auto& r : refused)
    w.begin_object()
        .member("index", r.index)
        .member("field", r.field)
        .member("reason", r.reason)
        .end_object();
  w.end_array();
}

void write_receipt(json_writer& w, const sample_receipt& r) {
  w.begin_object().member("accepted", r.accepted);
  write_refusals(w, r.refused);
  w.end_object();
}

void write_history(json_writer& w, const config::indicator_spec& spec, const history_query& q,
                   const domain::indicator_history& h) {
  w.begin_object().member("indicator", spec.id).member("unit", spec.unit);
  member_time(w, "from", q.from_ms);
  member_time(w, "to", q.to_ms);
  w.member("downsampled", h.downsampled);
  if (h.downsampled) w.member("bucket_s", static_cast<double>(h.bucket_ms) / 1000.0);
  w.member("samples", h.samples);
  w.key("points").begin_array();
  for (const auto& p : h.points) {
    w.begin_object();
    member_time(w, "at", p.at_ms);
    if (h.downsampled) {
      member_time(w, "to", p.to_ms);
      w.member("min", p.min)
          .member("max", p.max)
          .member("mean", p.mean)
          .member("last", p.value)
          .member("count", p.count);
    } else {
      w.member("value", p.value);
    }
    w.end_object();
  }
  w.end_array().end_object();
}

}  // namespace cityops::gateway
