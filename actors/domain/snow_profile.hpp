#pragma once
// What each snow response level changes (docs/snow-response.md): per level, the SLA limit and
// priority of the road and icing categories and the departments stationed at a command
// centre, as the rules overlay (scenario_rules.hpp) takes them. Pure.
//
// A level without a profile of its own uses the nearest lower level's (I without one acts as
// II); IV without one changes nothing. No level lengthens a limit: a profile's limit longer
// than a category's own leaves that category as it is.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/scenario_rules.hpp"
#include "actors/domain/snow_level.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

struct snow_level_profile {
  std::vector<std::string> categories;  // empty: the scenario's road and icing categories
  std::optional<config::sla_limit> sla;  // unset: the catalogue's limits
  bool urgent = false;
  std::string centre;                    // the command centre's node ("" none)
  std::vector<std::string> departments;  // stationed at the centre: dispatched at once
};

struct snow_profile {
  std::vector<std::string> categories;  // the road and icing categories (minor or major codes)
  std::array<std::optional<snow_level_profile>, 4> levels;  // IV, III, II, I
  // A case already open when the level rises keeps at least this long from the change.
  std::int64_t grace_ms = 30 * 60 * 1000LL;
};

// IV: the road and icing categories within 8 hours; III: 4 hours; II: 2 hours and urgent;
// I: 1 hour and urgent. No centre: the departments of the normal routes take the cases.
std::array<std::optional<snow_level_profile>, 4> default_snow_levels();

// The profile in force at `level` (nullptr at none, or when no level up to it has one).
const snow_level_profile* profile_at(const snow_profile& p, snow_level level);

// The categories a level's profile touches: its own list, else the scenario's.
const std::vector<std::string>& categories_at(const snow_profile& p, snow_level level);

// Whether `category` (a minor code) is one of `codes` (minor or major codes).
bool in_categories(const std::vector<std::string>& codes, const std::string& category);

// The overlay rules of `level` in `area`: an SLA rule per category whose limit it shortens
// (with the grace for open cases), a priority rule when urgent, a routing rule to the centre
// with its stationed departments; empty at none.
// A working day counts as 24 hours when limits are compared.
scenario_rule_set snow_rules(const snow_profile& p, snow_level level, const scenario_area& area,
                             const config::city_model& city);

}  // namespace cityops::domain
