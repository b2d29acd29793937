#include "actors/domain/snow_profile.hpp"

namespace cityops::domain {
namespace {

std::int64_t hours_of(const config::sla_limit& l) {
  return l.unit == config::sla_unit::hours ? l.limit : 24LL * l.limit;
}

snow_level_profile level(std::uint32_t hours, bool urgent) {
  snow_level_profile p;
  p.sla = config::sla_limit{hours, config::sla_unit::hours};
  p.urgent = urgent;
  return p;
}

}  // namespace

std::array<std::optional<snow_level_profile>, 4> default_snow_levels() {
  return {level(8, false), level(4, false), level(2, true), level(1, true)};
}

const snow_level_profile* profile_at(const snow_profile& p, snow_level at) {
  for (auto l = static_cast<int>(at); l >= 1; --l)
    if (const auto& x = p.levels[static_cast<std::size_t>(l - 1)]) return &*x;
  return nullptr;
}

const std::vector<std::string>& categories_at(const snow_profile& p, snow_level at) {
  const auto* level = profile_at(p, at);
  return level && !level->categories.empty() ? level->categories : p.categories;
}

bool in_categories(const std::vector<std::string>& codes, const std::string& category) {
  if (category.empty()) return false;
  for (const auto& c : codes)
    if (c == category || (c.size() == 2 && category.compare(0, 2, c) == 0)) return true;
  return false;
}

scenario_rule_set snow_rules(const snow_profile& p, snow_level at, const scenario_area& area,
                             const config::city_model& city) {
  scenario_rule_set rules;
  const auto* level = profile_at(p, at);
  if (!level) return rules;
  const auto& codes = categories_at(p, at);
  if (!level->centre.empty())
    rules.routing.push_back(routing_override{area, codes, level->centre, level->departments,
                                             !level->departments.empty()});
  // SLA rules per minor category, so a limit is only ever shortened.
  for (const auto& c : city.categories()) {
    if (!in_categories(codes, c.code)) continue;
    if (level->sla && hours_of(*level->sla) < hours_of(c.sla))
      rules.sla.push_back(sla_override{c.code, *level->sla, area, p.grace_ms});
    if (level->urgent) rules.priority.push_back(priority_override{c.code, case_priority::urgent, area});
  }
  return rules;
}

}  // namespace cityops::domain
