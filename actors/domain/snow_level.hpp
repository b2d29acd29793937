#pragma once
// Graded snow response (docs/snow-response.md): the response levels IV → I and how one is
// decided. Pure: no CAF, no I/O; the snow_response scenario (actors/scenarios/) feeds it what
// it monitors and applies what it decides.
//
// A level is the highest of what four inputs say:
//   the weather warning      blue → IV, yellow → III, orange → II, red → I (lifted: none);
//   snowfall (mm/h)          the latest sample at or above a level's threshold;
//   temperature (°C)         the latest sample at or below a level's threshold (icing);
//   hotline hot spots        the number of roads or places with enough road and icing
//                            reports in the recent window (snow_roads.hpp).
// A level is raised at once; it is lowered only once the inputs have said lower for a hold
// period, so a lull between two showers does not loosen the limits in between.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::domain {

// Lowest first; I is the most severe.
enum class snow_level : std::uint8_t { none = 0, iv, iii, ii, i };
inline constexpr std::array<snow_level, 4> snow_levels = {snow_level::iv, snow_level::iii,
                                                          snow_level::ii, snow_level::i};

// "none", "IV", "III", "II", "I".
std::string_view to_string(snow_level l);
// "IV" … "I" (not "none").
std::optional<snow_level> parse_snow_level(std::string_view s);
// The warning colour of a level: blue, yellow, orange, red ("" for none).
std::string_view warning_colour(snow_level l);
// A warning signal: blue/yellow/orange/red (or 蓝色/黄色/橙色/红色) → IV … I; "lifted"
// (解除) → none.
std::optional<snow_level> parse_warning_signal(std::string_view s);
// Index 0..3 of a level (IV..I) in per-level arrays; none has no index.
inline std::size_t level_index(snow_level l) { return static_cast<std::size_t>(l) - 1; }

// One input's threshold per level (IV, III, II, I); an unset one does not decide that level.
using level_thresholds = std::array<std::optional<double>, 4>;

struct snow_thresholds {
  level_thresholds snowfall;     // mm/h, at or above
  level_thresholds temperature;  // °C, at or below
  level_thresholds hot_spots;    // count, at or above
};

// Snowfall 0.5 / 1 / 2.5 / 4 mm/h (a 12-hour blue warning's 4 mm to a 6-hour red one's 15 mm,
// spread per hour); temperature −3 / −8 °C make IV / III (roads ice over); hot spots 1 / 3 /
// 6 / 10.
snow_thresholds default_snow_thresholds();

// Whether the thresholds grow more severe with the level (snowfall and hot spots rising,
// temperature falling); else the name of the first input out of order ("snowfall", …).
std::optional<std::string> threshold_order_error(const snow_thresholds& t);

// What the scenario monitors now.
struct snow_inputs {
  snow_level warning = snow_level::none;
  std::optional<double> snowfall;     // latest sample
  std::optional<double> temperature;  // latest sample
  std::size_t hot_spots = 0;
};

// 研判: the level the inputs call for and which of them called for it.
struct snow_assessment {
  snow_level level = snow_level::none;
  snow_level by_warning = snow_level::none;
  snow_level by_snowfall = snow_level::none;
  snow_level by_temperature = snow_level::none;
  snow_level by_hot_spots = snow_level::none;
  std::vector<std::string> deciding;  // "warning", "snowfall", "temperature", "hot_spots"
};

snow_assessment assess(const snow_inputs& in, const snow_thresholds& t);

// Where the level goes after an assessment at `now_ms`: up at once; down to the assessed
// level once it has been lower since `lower_since_ms` for `hold_ms` (lower_since_ms 0: it
// was not lower before). `recheck_ms` says when to look again to lower it (0: no need).
struct level_step {
  snow_level level = snow_level::none;
  std::int64_t lower_since_ms = 0;
  std::int64_t recheck_ms = 0;
  bool changed = false;
};
level_step next_level(snow_level current, snow_level assessed, std::int64_t lower_since_ms,
                      std::int64_t now_ms, std::int64_t hold_ms);

}  // namespace cityops::domain
