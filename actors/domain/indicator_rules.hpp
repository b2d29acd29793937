#pragma once
// The rules of city vital signs (docs/vital-signs.md): classifying a value against an
// indicator's thresholds, telling a silent sensor, and checking a posted sample against the
// registry. Pure: no CAF, no I/O.

#include <cstdint>
#include <optional>
#include <string>

#include "actors/domain/indicator_sample.hpp"
#include "config/indicator_settings.hpp"

namespace cityops::domain {

struct classification {
  indicator_level level = indicator_level::normal;
  breach_side side = breach_side::none;
  double threshold = 0;           // the threshold reached (0 when normal)
  std::string_view threshold_key;  // "alarm_high", … ("" when normal)
};

// Alarm before warning: value >= alarm_high or <= alarm_low is alarm, then the warning
// thresholds likewise; any other value (also one outside the normal band but short of a
// threshold) is normal.
classification classify(const config::indicator_spec& spec, double value);

// Whether the indicator has gone silent at `now_ms`: it had a sample, and none for
// spec.silence_ms() (3 × interval_s unless silent_after_s says otherwise) or longer.
bool is_silent(const config::indicator_spec& spec, const indicator_status& status,
               std::int64_t now_ms);

// What the API shows for the indicator at `now_ms`.
indicator_state state_of(const config::indicator_spec& spec, const indicator_status& status,
                         std::int64_t now_ms);

// Samples may lie at most this far ahead of the receiver's clock (clocks drift).
inline constexpr std::int64_t sample_future_slack_ms = 5 * 60 * 1000;

// The refusal of a sample of the indicator `spec` (nullptr: unknown) given with `unit`, or
// nullopt when it may be kept: the indicator must be known, the unit (when given) the
// indicator's, the value finite, the time set and at most sample_future_slack_ms ahead of
// `now_ms`. Fields: "indicator", "unit", "value", "at".
std::optional<sample_refusal> check_sample(const config::indicator_spec* spec,
                                           const indicator_sample& sample,
                                           const std::string& unit, std::int64_t now_ms);

}  // namespace cityops::domain
