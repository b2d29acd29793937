#pragma once
// The snow response's activation parameters (docs/snow-response.md "Parameters"), read and
// checked against the city like config: every error names its field ("levels.II.sla.limit",
// "thresholds.snowfall.III").

#include <cstdint>
#include <optional>
#include <string>

#include "actors/domain/scenario_rules.hpp"
#include "actors/domain/snow_level.hpp"
#include "actors/domain/snow_profile.hpp"
#include "actors/scenario.hpp"

namespace cityops::scenarios {

struct snow_settings {
  domain::scenario_area area;  // default: the whole city
  domain::snow_profile profile;
  domain::snow_thresholds thresholds = domain::default_snow_thresholds();
  std::string snowfall_indicator = "weather.snowfall.hourly.city";
  std::string temperature_indicator = "weather.temperature.city";
  std::int64_t window_ms = 3 * 3600 * 1000LL;     // recent reports: hot spots and roads
  std::uint32_t hot_spot_reports = 3;
  std::int64_t hold_ms = 60 * 60 * 1000LL;        // before a level is lowered
  std::int64_t feedback_ms = 60 * 60 * 1000LL;    // 反馈: the tally on the feed and the log
};

// The settings, or the first error naming its field.
domain::result<snow_settings> read_snow_settings(param_reader& in, const scenario_setup& setup);

// The parameter summary GET /api/v1/scenarios lists.
std::vector<scenario_parameter> snow_parameters();

}  // namespace cityops::scenarios
