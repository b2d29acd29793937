#include "actors/domain/snow_level.hpp"

namespace cityops::domain {
namespace {

// The most severe level whose threshold `reached` says the value reaches.
template <class Reached>
snow_level level_of(const level_thresholds& t, Reached reached) {
  snow_level out = snow_level::none;
  for (const auto l : snow_levels)
    if (t[level_index(l)] && reached(*t[level_index(l)])) out = l;
  return out;
}

// Whether the set thresholds keep the order `before(lower level's, higher level's)`.
template <class Before>
bool ordered(const level_thresholds& t, Before before) {
  std::optional<double> last;
  for (const auto& x : t) {
    if (!x) continue;
    if (last && !before(*last, *x)) return false;
    last = x;
  }
  return true;
}

}  // namespace

std::string_view to_string(snow_level l) {
  switch (l) {
    case snow_level::iv: return "IV";
    case snow_level::iii: return "III";
    case snow_level::ii: return "II";
    case snow_level::i: return "I";
    case snow_level::none: break;
  }
  return "none";
}

std::optional<snow_level> parse_snow_level(std::string_view s) {
  for (const auto l : snow_levels)
    if (s == to_string(l)) return l;
  return std::nullopt;
}

std::string_view warning_colour(snow_level l) {
  switch (l) {
    case snow_level::iv: return "blue";
    case snow_level::iii: return "yellow";
    case snow_level::ii: return "orange";
    case snow_level::i: return "red";
    case snow_level::none: break;
  }
  return "";
}

std::optional<snow_level> parse_warning_signal(std::string_view s) {
  if (s == "lifted" || s == "解除") return snow_level::none;
  if (s == "蓝色") return snow_level::iv;
  if (s == "黄色") return snow_level::iii;
  if (s == "橙色") return snow_level::ii;
  if (s == "红色") return snow_level::i;
  for (const auto l : snow_levels)
    if (s == warning_colour(l)) return l;
  return std::nullopt;
}

snow_thresholds default_snow_thresholds() {
  snow_thresholds t;
  t.snowfall = {0.5, 1.0, 2.5, 4.0};
  t.temperature = {-3.0, -8.0, std::nullopt, std::nullopt};
  t.hot_spots = {1.0, 3.0, 6.0, 10.0};
  return t;
}

std::optional<std::string> threshold_order_error(const snow_thresholds& t) {
  const auto rising = [](double a, double b) { return a < b; };
  if (!ordered(t.snowfall, rising)) return std::string("snowfall");
  if (!ordered(t.temperature, [](double a, double b) { return a > b; }))
    return std::string("temperature");
  if (!ordered(t.hot_spots, rising)) return std::string("hot_spots");
  return std::nullopt;
}

snow_assessment assess(const snow_inputs& in, const snow_thresholds& t) {
  snow_assessment a;
  a.by_warning = in.warning;
  if (in.snowfall)
    a.by_snowfall = level_of(t.snowfall, [&](double x) { return *in.snowfall >= x; });
  if (in.temperature)
    a.by_temperature = level_of(t.temperature, [&](double x) { return *in.temperature <= x; });
  const auto spots = static_cast<double>(in.hot_spots);
  a.by_hot_spots = level_of(t.hot_spots, [&](double x) { return spots >= x; });
  for (const auto l : {a.by_warning, a.by_snowfall, a.by_temperature, a.by_hot_spots})
    if (l > a.level) a.level = l;
  if (a.level == snow_level::none) return a;
  const std::pair<snow_level, const char*> inputs[] = {{a.by_warning, "warning"},
                                                        {a.by_snowfall, "snowfall"},
                                                        {a.by_temperature, "temperature"},
                                                        {a.by_hot_spots, "hot_spots"}};
  for (const auto& [l, name] : inputs)
    if (l == a.level) a.deciding.emplace_back(name);
  return a;
}

level_step next_level(snow_level current, snow_level assessed, std::int64_t lower_since_ms,
                      std::int64_t now_ms, std::int64_t hold_ms) {
  level_step s;
  s.level = current;
  if (assessed >= current) {
    s.level = assessed;
    s.changed = assessed != current;
    return s;
  }
  s.lower_since_ms = lower_since_ms != 0 ? lower_since_ms : now_ms;
  if (now_ms - s.lower_since_ms >= hold_ms) {
    s.level = assessed;
    s.changed = true;
    s.lower_since_ms = 0;
    return s;
  }
  s.recheck_ms = s.lower_since_ms + hold_ms;
  return s;
}

}  // namespace cityops::domain
