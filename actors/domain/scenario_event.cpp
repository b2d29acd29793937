#include "actors/domain/scenario_event.hpp"

namespace cityops::domain {

bool is_lifecycle_kind(std::string_view kind) {
  return kind == scenario_kind::activated || kind == scenario_kind::restored ||
         kind == scenario_kind::deactivated || kind == scenario_kind::failed;
}

bool valid_scenario_identifier(std::string_view s) {
  if (s.empty() || s.size() > 32 || s[0] < 'a' || s[0] > 'z') return false;
  for (const char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool valid_journal_kind(std::string_view kind) {
  return valid_scenario_identifier(kind) && !is_lifecycle_kind(kind);
}

}  // namespace cityops::domain
