#pragma once
// The festival war room's profile (战时: actors/scenarios/war_room.hpp): the area it takes,
// the node whose centre is the on-site desk, its time window, the short SLA limit, the
// departments stationed on site with their teams, and the resources it dispatches (shuttle
// buses with their capacity). Pure data, read from the activation parameters by the
// scenario; war_room_rules turns it into the rules overlay's contribution.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/domain/scenario_rules.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

struct on_site_team {
  std::string name;  // 东门交警组
  std::uint32_t people = 0;
};

// A department stationed at the war room and the teams it sent.
struct war_room_station {
  std::string department;
  std::vector<on_site_team> teams;
  std::uint32_t people() const;
};

// Something the war room dispatches and whose runs it counts.
struct war_room_resource {
  std::string id;    // [a-z0-9_-]{1,32}: the URL segment
  std::string kind;  // shuttle_bus, ambulance, tow_truck, …
  std::string name;  // 接驳车 01
  std::uint32_t capacity = 0;  // people one run may carry
};

struct war_room_profile {
  scenario_area area;
  std::string centre;         // the war-room node: its centre holds the on-site queue
  std::int64_t from_ms = 0;   // the window; rules are in force from `from` to `until`
  std::int64_t until_ms = 0;
  config::sla_limit sla{2, config::sla_unit::hours};
  std::vector<war_room_station> stations;
  std::vector<war_room_resource> resources;

  std::vector<std::string> departments() const;  // stationed, in profile order
  std::uint32_t people_on_site() const;
  const war_room_station* station(const std::string& department) const;
};

// What the war room contributes while its window is open: every case of the area goes to the
// centre and is dispatched there at once among the stationed departments (a category none
// of them handles takes the normal route from the centre), and every category of the city
// gets the profile's SLA limit in the area.
scenario_rule_set war_room_rules(const war_room_profile& profile, const config::city_model& city);

}  // namespace cityops::domain
