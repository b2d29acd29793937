#pragma once
// City vital signs (城市体征): a sample of an indicator, where an indicator stands (its latest
// sample, its level, its running breach episode), and the levels a value can be in. Pure
// data: no CAF, no I/O. The registry is config::indicator_settings; the rules are in
// indicator_rules.hpp and indicator_episodes.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::domain {

// One value of one indicator at one time (ms since the epoch), in the indicator's unit.
struct indicator_sample {
  std::string indicator;
  double value = 0;
  std::int64_t at_ms = 0;
};

// Where a value lies against the indicator's thresholds.
enum class indicator_level : std::uint8_t { normal = 0, warning, alarm };
// Which threshold it reached: too high or too low.
enum class breach_side : std::uint8_t { none = 0, high, low };
// What the API shows for an indicator: its latest level, `silent` when no sample came for
// too long, `no_data` before its first sample.
enum class indicator_state : std::uint8_t { no_data = 0, normal, warning, alarm, silent };

std::string_view to_string(indicator_level l);
std::string_view to_string(breach_side s);
std::string_view to_string(indicator_state s);
std::optional<indicator_state> parse_indicator_state(std::string_view s);

// Where one indicator stands, kept per indicator (the store's latest record): its newest
// sample by time and what it was classified as, and the breach episode running since
// `episode_ms` (the time of its first sample past a threshold; 0 = none) with the highest
// level it reached.
struct indicator_status {
  std::string indicator;
  double value = 0;
  std::int64_t at_ms = 0;  // 0: no sample yet
  indicator_level level = indicator_level::normal;
  breach_side side = breach_side::none;
  std::int64_t episode_ms = 0;
  indicator_level episode_level = indicator_level::normal;
};

// A sample refused: its index in the batch, the field at fault ("at", "unit", …) and why.
struct sample_refusal {
  std::uint32_t index = 0;
  std::string field;
  std::string reason;
};

}  // namespace cityops::domain
