#include "tools/eval/eval_duplicate_rules.hpp"

namespace cityops::eval {
namespace {

constexpr std::int64_t ms_per_hour = 3600LL * 1000;

}  // namespace

domain::duplicate_rules duplicate_rules_from_settings(const config::duplicate_settings& s) {
  domain::duplicate_rules r;
  r.radius_m = s.radius_m;
  r.window_ms = s.window_hours * ms_per_hour;
  r.link_score = s.link_score;
  r.flag_score = s.flag_score;
  r.radius_by_category = s.radius_by_category;
  for (const auto& [code, hours] : s.window_hours_by_category) {
    r.window_by_category[code] = hours * ms_per_hour;
  }
  r.related = s.related;
  return r;
}

}  // namespace cityops::eval
