#pragma once
// 分级应急响应 (graded snow response, docs/snow-response.md): the response level IV → I follows
// the weather warning (POST /api/v1/scenarios/snow_response/warnings), the snowfall and
// temperature samples and the hotline's hot spots (roads with several road and icing reports
// in the recent window), decided by domain/snow_level.hpp. Each level applies its profile
// (domain/snow_profile.hpp): shorter SLA limits and urgency for the road and icing
// categories, departments stationed at a command centre; new cases get it at intake, open
// ones are adjusted when the level rises. The loop 监测 → 预警 → 研判 → 处置 → 反馈 is on the
// feed (`kind: "scenario"`, each message's `stage`), level changes and warnings are journal
// entries (durable, restored after a restart), and the daily report shows the day's
// response (domain/snow_daily.hpp).
//
// Resources under /api/v1/scenarios/snow_response/:
//   POST warnings  {"signal": "blue"|"yellow"|"orange"|"red"|"lifted", "source", "text",
//                   "issued"}: operators, supervisors, admins
//   GET  status    level, warning, inputs, assessment, profile in force, cases, timeline
//   GET  roads     the roads to clear first (?limit=1..100, default 20)

#include <memory>

#include "actors/scenario.hpp"

namespace cityops::scenarios {

scenario_description snow_response_description();
std::unique_ptr<scenario> make_snow_response();

}  // namespace cityops::scenarios
