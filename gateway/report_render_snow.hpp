#pragma once
// The 每日信息's snow response section (domain/snow_daily.hpp), in the report's JSON as
//   "snow_response": null | {"level_at_start","level_at_end","highest",
//     "monitor":{"max_snowfall","min_temperature","max_hot_spots"},
//     "warnings":[{"at","signal","source","text"}],
//     "levels":[{"at","from","to","deciding":[…]}],
//     "roads":[{"rank","road","node","node_name","score","reports","open"}],
//     "feedback":{"reported","closed"}}
// and as the HTML page's 十四、降雪应急响应 (the loop 监测 → 预警 → 研判 → 处置 → 反馈). Pure.

#include <optional>
#include <string>

#include "actors/domain/snow_daily.hpp"
#include "config/city_model.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

void write_snow_day(json_writer& w, const std::optional<domain::snow_day>& d,
                    const config::city_model& city);
void snow_day_html(std::string& out, const std::optional<domain::snow_day>& d,
                   const config::city_model& city);

}  // namespace cityops::gateway
