#include "actors/domain/indicator_rules.hpp"

#include <array>
#include <cmath>

#include "actors/domain/enum_names.hpp"
#include "actors/domain/iso_time.hpp"

namespace cityops::domain {
namespace {

constexpr std::array<std::string_view, 3> level_names{"normal", "warning", "alarm"};
constexpr std::array<std::string_view, 3> side_names{"none", "high", "low"};
constexpr std::array<std::string_view, 5> state_names{"no_data", "normal", "warning", "alarm",
                                                      "silent"};

sample_refusal refuse(std::string field, std::string reason) {
  return sample_refusal{0, std::move(field), std::move(reason)};
}

}  // namespace

std::string_view to_string(indicator_level l) { return detail::enum_name(level_names, l); }
std::string_view to_string(breach_side s) { return detail::enum_name(side_names, s); }
std::string_view to_string(indicator_state s) { return detail::enum_name(state_names, s); }
std::optional<indicator_state> parse_indicator_state(std::string_view s) {
  return detail::enum_from_name<indicator_state>(state_names, s);
}

classification classify(const config::indicator_spec& spec, double value) {
  if (spec.alarm_high && value >= *spec.alarm_high)
    return {indicator_level::alarm, breach_side::high, *spec.alarm_high, "alarm_high"};
  if (spec.alarm_low && value <= *spec.alarm_low)
    return {indicator_level::alarm, breach_side::low, *spec.alarm_low, "alarm_low"};
  if (spec.warning_high && value >= *spec.warning_high)
    return {indicator_level::warning, breach_side::high, *spec.warning_high, "warning_high"};
  if (spec.warning_low && value <= *spec.warning_low)
    return {indicator_level::warning, breach_side::low, *spec.warning_low, "warning_low"};
  return {};
}

bool is_silent(const config::indicator_spec& spec, const indicator_status& status,
               std::int64_t now_ms) {
  return status.at_ms != 0 && now_ms - status.at_ms >= spec.silence_ms();
}

indicator_state state_of(const config::indicator_spec& spec, const indicator_status& status,
                         std::int64_t now_ms) {
  if (status.at_ms == 0) return indicator_state::no_data;
  if (is_silent(spec, status, now_ms)) return indicator_state::silent;
  switch (status.level) {
    case indicator_level::warning: return indicator_state::warning;
    case indicator_level::alarm: return indicator_state::alarm;
    case indicator_level::normal: break;
  }
  return indicator_state::normal;
}

std::optional<sample_refusal> check_sample(const config::indicator_spec* spec,
                                           const indicator_sample& sample,
                                           const std::string& unit, std::int64_t now_ms) {
  if (!spec) return refuse("indicator", "unknown indicator '" + sample.indicator + "'");
  if (!unit.empty() && unit != spec->unit)
    return refuse("unit", "unit '" + unit + "' is not the indicator's unit '" + spec->unit + "'");
  if (!std::isfinite(sample.value)) return refuse("value", "value must be a finite number");
  if (sample.at_ms <= 0) return refuse("at", "at must be a time after 1970");
  if (sample.at_ms > now_ms + sample_future_slack_ms)
    return refuse("at", "at " + format_iso8601(sample.at_ms) +
                            " is too far in the future (more than 5 minutes ahead of " +
                            format_iso8601(now_ms) + ")");
  return std::nullopt;
}

}  // namespace cityops::domain
