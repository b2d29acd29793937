#include "actors/domain/war_room_profile.hpp"

namespace cityops::domain {

std::uint32_t war_room_station::people() const {
  std::uint32_t n = 0;
  for (const auto& t : teams) n += t.people;
  return n;
}

std::vector<std::string> war_room_profile::departments() const {
  std::vector<std::string> out;
  for (const auto& s : stations) out.push_back(s.department);
  return out;
}

std::uint32_t war_room_profile::people_on_site() const {
  std::uint32_t n = 0;
  for (const auto& s : stations) n += s.people();
  return n;
}

const war_room_station* war_room_profile::station(const std::string& department) const {
  for (const auto& s : stations)
    if (s.department == department) return &s;
  return nullptr;
}

scenario_rule_set war_room_rules(const war_room_profile& p, const config::city_model& city) {
  scenario_rule_set rules;
  rules.routing.push_back(routing_override{p.area, {}, p.centre, p.departments(), true});
  for (const auto& major : city.majors()) rules.sla.push_back(sla_override{major.code, p.sla, p.area});
  return rules;
}

}  // namespace cityops::domain
