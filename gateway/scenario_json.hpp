#pragma once
// JSON of the scenarios API (gateway/scenario_routes.hpp) and of the feed's scenario
// messages:
//
//   scenario  {"name","title","description","parameters":[{"name","type","required",
//              "description"}],"state":"inactive|starting|active|stopping","active",
//              "activation":{"seq","by","at","parameters":{…}}|null,
//              "last_ended":{"kind","by","at","detail"}|null}
//   event     {"seq","scenario","kind","at","by","activation", and "parameters":{…} for
//              activated/restored, "detail" for deactivated/failed, "data":{…} for journal
//              entries}
//   feed      {"kind":"scenario","scenario","event","at","node"|null,"data":{…}}

#include <string>

#include "actors/scenario_protocol.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

void write_scenario(json_writer& w, const scenario_view& v);
void write_scenario_event(json_writer& w, const domain::scenario_event& e);
void write_scenario_history(json_writer& w, const scenario_history& h);
std::string feed_scenario_json(const scenario_notice& n);

}  // namespace cityops::gateway
