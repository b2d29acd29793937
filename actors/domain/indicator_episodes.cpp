#include "actors/domain/indicator_episodes.hpp"

#include <algorithm>
#include <cstdio>

#include "actors/domain/alert_rules.hpp"
#include "actors/domain/iso_time.hpp"

namespace cityops::domain {
namespace {

// "0.12 MPa": up to 6 significant digits, no trailing noise.
std::string quantity(double v, const std::string& unit) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return std::string(buf) + " " + unit;
}

alert_level level_of(indicator_level l) {
  return l == indicator_level::alarm ? alert_level::red : alert_level::yellow;
}

// The alert's place: the indicator's node (the city when it has none) and its ancestors.
void place(alert& a, const config::indicator_spec& spec, const config::city_model& city) {
  a.node = spec.node.empty() ? city.city_id : spec.node;
  a.scope_nodes = scope_nodes_of(case_record{}, a.node, city);
  a.evidence.subject = spec.id;
  a.evidence.unit = spec.unit;
}

alert breach_alert(const config::indicator_spec& spec, const config::city_model& city,
                   const indicator_status& status, const indicator_sample& s,
                   const classification& c) {
  alert a;
  a.id = breach_alert_id(spec.id, status.episode_ms);
  a.kind = alert_kind::indicator_breach;
  a.level = level_of(c.level);
  a.at_ms = s.at_ms;
  place(a, spec, city);
  a.evidence.value = s.value;
  a.evidence.threshold = c.threshold;
  a.evidence.from_ms = status.episode_ms;
  a.evidence.to_ms = s.at_ms;
  a.message = spec.name + " (" + spec.id + ") " + quantity(s.value, spec.unit) + " at " +
              format_iso8601(s.at_ms) + " is at or " +
              (c.side == breach_side::high ? "above" : "below") + " its " +
              std::string(to_string(c.level)) + " threshold " +
              quantity(c.threshold, spec.unit) + " (" + std::string(c.threshold_key) + ")";
  return a;
}

}  // namespace

std::string breach_alert_id(std::string_view indicator, std::int64_t episode_ms) {
  return "ind-" + std::string(indicator) + "-b" + std::to_string(episode_ms);
}

std::string silent_alert_id(std::string_view indicator, std::int64_t last_sample_ms) {
  return "ind-" + std::string(indicator) + "-s" + std::to_string(last_sample_ms);
}

void apply_samples(const config::indicator_spec& spec, const config::city_model& city,
                   std::vector<indicator_sample> samples, indicator_status& status,
                   indicator_step& out) {
  std::sort(samples.begin(), samples.end(),
            [](const indicator_sample& a, const indicator_sample& b) { return a.at_ms < b.at_ms; });
  for (const auto& s : samples) {
    if (s.at_ms <= status.at_ms) continue;  // history only
    if (status.at_ms != 0 && s.at_ms - status.at_ms >= spec.silence_ms())
      out.close.push_back({silent_alert_id(spec.id, status.at_ms),
                           "samples resumed: " + quantity(s.value, spec.unit) + " at " +
                               format_iso8601(s.at_ms)});
    const auto c = classify(spec, s.value);
    if (c.level == indicator_level::normal && status.episode_ms != 0) {
      out.close.push_back({breach_alert_id(spec.id, status.episode_ms),
                           "back to normal: " + quantity(s.value, spec.unit) + " at " +
                               format_iso8601(s.at_ms)});
      status.episode_ms = 0;
      status.episode_level = indicator_level::normal;
    } else if (c.level != indicator_level::normal) {
      const bool starts = status.episode_ms == 0;
      if (starts) status.episode_ms = s.at_ms;
      if (starts || c.level > status.episode_level) {
        status.episode_level = c.level;
        out.raise.push_back(breach_alert(spec, city, status, s, c));
      }
    }
    status.indicator = spec.id;
    status.value = s.value;
    status.at_ms = s.at_ms;
    status.level = c.level;
    status.side = c.side;
  }
}

std::optional<alert> silent_alert(const config::indicator_spec& spec,
                                  const config::city_model& city, const indicator_status& status,
                                  std::int64_t now_ms) {
  if (!is_silent(spec, status, now_ms)) return std::nullopt;
  alert a;
  a.id = silent_alert_id(spec.id, status.at_ms);
  a.kind = alert_kind::indicator_silent;
  a.level = alert_level::blue;
  a.at_ms = now_ms;
  place(a, spec, city);
  a.evidence.value = status.value;  // the last sample's; no threshold was reached
  a.evidence.from_ms = status.at_ms;
  a.evidence.to_ms = now_ms;
  a.message = spec.name + " (" + spec.id + ") is silent: no sample since " +
              format_iso8601(status.at_ms) + " (last " + quantity(status.value, spec.unit) +
              "; one is expected every " + std::to_string(spec.interval_s) + " s)";
  return a;
}

}  // namespace cityops::domain
