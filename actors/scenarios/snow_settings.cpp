#include "actors/scenarios/snow_settings.hpp"

namespace cityops::scenarios {
namespace {

constexpr std::int64_t ms_per_minute = 60 * 1000LL;

bool speaks_of_snow_or_ice(const config::category& c) {
  return c.name.find("雪") != std::string::npos || c.name.find("冰") != std::string::npos;
}

// `key`: whole minutes within lo..hi, as ms; `fallback` when absent.
std::int64_t read_minutes(param_reader& in, std::string_view key, std::int64_t lo,
                          std::int64_t hi, std::int64_t fallback) {
  const auto m = in.integer(key);
  if (!m) return fallback;
  if (*m < lo || *m > hi) {
    in.fail(key, "'" + in.field_name(key) + "' must be within " + std::to_string(lo) + ".." +
                     std::to_string(hi) + " minutes");
    return fallback;
  }
  return *m * ms_per_minute;
}

// {"IV": x, "III": y, …}: the levels given; the others unset.
domain::level_thresholds read_levels(param_reader& in, double lo, double hi) {
  domain::level_thresholds t;
  for (const auto l : domain::snow_levels) {
    const auto key = domain::to_string(l);
    const auto x = in.number(key);
    if (!x) continue;
    if (*x < lo || *x > hi) {
      in.fail(key, "'" + in.field_name(key) + "' must be within " + std::to_string(lo) + ".." +
                       std::to_string(hi));
      continue;
    }
    t[domain::level_index(l)] = *x;
  }
  return t;
}

void read_indicator(param_reader& in, std::string& id) {
  if (auto x = in.string("indicator", false, 128)) {
    if (x->empty()) in.fail("indicator", "'" + in.field_name("indicator") + "' is empty");
    id = std::move(*x);
  }
}

void read_thresholds(param_reader& in, snow_settings& out) {
  auto t = in.object("thresholds");
  if (!t.present()) return;
  t.reject_unknown({"snowfall", "temperature", "hot_spots"});
  if (auto s = t.object("snowfall"); s.present()) {
    read_indicator(s, out.snowfall_indicator);
    out.thresholds.snowfall = read_levels(s, 0, 1000);
    s.reject_unknown({"indicator", "IV", "III", "II", "I"});
  }
  if (auto s = t.object("temperature"); s.present()) {
    read_indicator(s, out.temperature_indicator);
    out.thresholds.temperature = read_levels(s, -80, 60);
    s.reject_unknown({"indicator", "IV", "III", "II", "I"});
  }
  if (auto s = t.object("hot_spots"); s.present()) {
    out.thresholds.hot_spots = read_levels(s, 1, 10000);
    out.window_ms = read_minutes(s, "window_minutes", 10, 7 * 24 * 60, out.window_ms);
    if (const auto n = s.integer("reports")) {
      if (*n < 1 || *n > 10000)
        s.fail("reports", "'" + s.field_name("reports") + "' must be within 1..10000");
      else
        out.hot_spot_reports = static_cast<std::uint32_t>(*n);
    }
    s.reject_unknown({"IV", "III", "II", "I", "window_minutes", "reports"});
  }
  if (in.error()) return;
  if (const auto bad = domain::threshold_order_error(out.thresholds))
    t.fail(*bad, "'" + t.field_name(*bad) + "' must grow more severe from IV to I");
}

std::optional<domain::snow_level_profile> read_level(param_reader& levels, domain::snow_level l,
                                                     const config::city_model& city) {
  auto in = levels.object(domain::to_string(l));
  if (!in.present()) return std::nullopt;
  domain::snow_level_profile p;
  p.categories = read_categories(in, "categories", city);
  p.sla = read_sla_limit(in, "sla", false);
  p.urgent = in.boolean("urgent").value_or(false);
  p.centre = read_node(in, "centre", city, false).value_or("");
  p.departments = read_departments(in, "departments", city);
  in.reject_unknown({"categories", "sla", "urgent", "centre", "departments"});
  if (!p.departments.empty() && p.centre.empty())
    in.record(config::input_error{"missing_field", in.field_name("centre"),
                                  "'departments' are stationed at a 'centre': name it"});
  return p;
}

}  // namespace

domain::result<snow_settings> read_snow_settings(param_reader& in, const scenario_setup& setup) {
  const auto& city = setup.city;
  snow_settings out;
  auto area = read_area(in, "area", city, false);
  out.profile.categories = read_categories(in, "categories", city);
  const bool named = in.has("categories");
  if (auto levels = in.object("levels"); levels.present()) {
    for (const auto l : domain::snow_levels)
      out.profile.levels[domain::level_index(l)] = read_level(levels, l, city);
    levels.reject_unknown({"IV", "III", "II", "I"});
  } else {
    out.profile.levels = domain::default_snow_levels();
  }
  out.profile.grace_ms = read_minutes(in, "grace_minutes", 0, 24 * 60, out.profile.grace_ms);
  read_thresholds(in, out);
  out.hold_ms = read_minutes(in, "hold_minutes", 0, 7 * 24 * 60, out.hold_ms);
  out.feedback_ms = read_minutes(in, "feedback_minutes", 5, 24 * 60, out.feedback_ms);
  in.reject_unknown({"area", "categories", "levels", "grace_minutes", "thresholds",
                     "hold_minutes", "feedback_minutes"});
  if (in.error()) return param_error(*in.error());
  if (!named)
    for (const auto& c : city.categories())
      if (speaks_of_snow_or_ice(c)) out.profile.categories.push_back(c.code);
  if (out.profile.categories.empty())
    return domain::field_error(domain::error_code::missing_field, "categories",
                               "the city has no snow or icing category: name the road and "
                               "icing categories in 'categories'");
  if (area)
    out.area = std::move(*area);
  else
    out.area.node = city.city_id;
  return out;
}

std::vector<scenario_parameter> snow_parameters() {
  return {
      {"area", "area", false, "{\"node\": id} or {\"polygon\": […]}; default: the whole city"},
      {"categories", "categories", false,
       "the road and icing categories; default: the city's categories about 雪 or 冰"},
      {"levels", "object", false,
       "per level IV, III, II, I: {sla, urgent, categories, centre, departments}; a level "
       "without one acts as the next lower; default IV 8 h, III 4 h, II 2 h urgent, I 1 h urgent"},
      {"grace_minutes", "integer", false,
       "an open case a level change shortens keeps at least this long (default 30)"},
      {"thresholds", "object", false,
       "snowfall {indicator, IV…I mm/h}, temperature {indicator, IV…I °C at or below}, "
       "hot_spots {IV…I count, window_minutes, reports}"},
      {"hold_minutes", "integer", false, "inputs stay lower this long before the level drops "
                                         "(default 60)"},
      {"feedback_minutes", "integer", false, "how often the 反馈 tally is published (default 60)"},
  };
}

}  // namespace cityops::scenarios
