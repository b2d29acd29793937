#pragma once
// JSON pieces of the snow response's feed messages, journal entries and REST answers
// (docs/snow-response.md), with the scenarios' JSON pieces (scenario_json.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/snow_level.hpp"
#include "actors/domain/snow_profile.hpp"
#include "actors/domain/snow_roads.hpp"
#include "actors/scenarios/scenario_json.hpp"
#include "config/city_model.hpp"

namespace cityops::scenarios {

// {"warning":"III","snowfall":"none",…}: what each input calls for.
std::string assessment_json(const domain::snow_assessment& a);
// The level's profile: {"categories":[…],"sla":{…}|null,"urgent":…,"centre":…,"departments":[…]}.
std::string profile_json(const domain::snow_profile& p, domain::snow_level level);
// The ranking, first to clear first: [{"rank":1,"road":…,"node":…,"node_name":…,"score":…,
// "reports":…,"open":…,"urgent":…,"last":…,"cases":[…]},…].
std::string roads_json(const std::vector<domain::road_rank>& roads, const config::city_model& city);

}  // namespace cityops::scenarios
