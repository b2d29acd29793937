#pragma once
// The snow response in the 每日信息 (docs/snow-response.md "Daily report"): one day of the
// snow_response scenario's audit log read back as the loop 监测 → 预警 → 研判 → 处置 → 反馈 —
// the level when the day began and ended and the highest, every level change with what
// decided it, the warnings received, the worst snowfall, cold and hot-spot count seen, the
// roads ranked at the day's last tally and the road and icing cases reported and closed that
// day. Pure: built from the log's events (scenario_event.hpp) alone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/scenario_event.hpp"

namespace cityops::domain {

// The scenario's registered name: its events are the daily report's input.
inline constexpr std::string_view snow_scenario_name = "snow_response";

struct snow_day {
  struct change {
    std::int64_t at_ms = 0;
    std::string from, to;
    std::vector<std::string> deciding;
  };
  struct warning {
    std::int64_t at_ms = 0;
    std::string signal, source, text;
  };
  struct road {
    std::string road, node;
    double score = 0;
    std::int64_t reports = 0, open = 0;
  };
  std::string level_at_start = "none";
  std::string level_at_end = "none";
  std::string highest = "none";
  std::vector<change> levels;      // 研判
  std::vector<warning> warnings;   // 预警
  std::optional<double> max_snowfall;     // 监测: mm/h, at the level changes of the day
  std::optional<double> min_temperature;  // °C
  std::int64_t max_hot_spots = 0;
  std::vector<road> roads;         // 处置: the day's last ranking
  std::int64_t reported = 0;       // 反馈: road and icing cases of the day
  std::int64_t closed = 0;
};

// The day [from_ms, to_ms) from the scenario's events, oldest first (those before the day
// give its starting level and the tally to count from); nullopt when the response was not
// active at any time of the day.
std::optional<snow_day> build_snow_day(const std::vector<scenario_event>& events,
                                       std::int64_t from_ms, std::int64_t to_ms);

}  // namespace cityops::domain
