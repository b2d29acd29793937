#include "config/detail/indicator_document.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

namespace cityops::config::detail {
namespace {

constexpr double unbounded = std::numeric_limits<double>::max();

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Domain codes: "weather", "air_quality".
bool is_domain_code(std::string_view s) {
  if (s.empty() || s.size() > 32 || !(s.front() >= 'a' && s.front() <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '_'; });
}

// Indicator ids: "water.pressure.zhifu" — URL-safe, no '/', a key component of the store.
bool is_indicator_id(std::string_view s) {
  if (s.empty() || s.size() > 64 || !is_lower_alnum(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_lower_alnum(c) || c == '.' || c == '_' || c == '-';
  });
}

bool seen_before(std::vector<std::string>& seen, const std::string& id) {
  if (std::find(seen.begin(), seen.end(), id) != seen.end()) return true;
  seen.push_back(id);
  return false;
}

void read_domain(table_reader& r, std::vector<std::string>& seen, indicator_settings& s) {
  const auto code = r.text("code");
  const auto name = r.text("name");
  r.reject_unknown_keys("code, name");
  if (!code || !name) return;
  if (!is_domain_code(*code)) {
    r.fail("code", "bad domain code '" + *code + "': expected lower-case ASCII, digits and '_'");
    return;
  }
  if (seen_before(seen, *code)) {
    r.fail("code", "domain '" + *code + "' appears twice in this file");
    return;
  }
  indicator_domain d{*code, *name};
  auto it = std::find_if(s.domains.begin(), s.domains.end(),
                         [&](const indicator_domain& x) { return x.code == d.code; });
  if (it != s.domains.end())
    *it = std::move(d);
  else
    s.domains.push_back(std::move(d));
}

// Thresholds keep alarm_low < warning_low <= normal.lo <= normal.hi <= warning_high <
// alarm_high (absent ones skipped); the first one out of place fails, naming its key.
void check_order(table_reader& r, const indicator_spec& i) {
  const double low_edge = i.warning_low ? *i.warning_low : i.normal_lo;
  const double high_edge = i.warning_high ? *i.warning_high : i.normal_hi;
  const char* bad = nullptr;
  if (i.warning_low && *i.warning_low > i.normal_lo)
    bad = "warning_low";
  else if (i.alarm_low && *i.alarm_low >= low_edge)
    bad = "alarm_low";
  else if (i.warning_high && *i.warning_high < i.normal_hi)
    bad = "warning_high";
  else if (i.alarm_high && *i.alarm_high <= high_edge)
    bad = "alarm_high";
  if (bad)
    r.fail(bad, "thresholds out of order: expected alarm_low < warning_low <= normal.lo <= "
                "normal.hi <= warning_high < alarm_high");
}

void read_indicator(table_reader& r, std::vector<std::string>& seen, indicator_layer& layer,
                    const origin& where) {
  indicator_spec i;
  const auto id = r.text("id");
  const auto domain = r.text("domain");
  const auto name = r.text("name");
  const auto unit = r.text("unit");
  const auto normal = r.number_pair("normal");
  i.warning_high = r.number("warning_high", -unbounded, unbounded, false);
  i.alarm_high = r.number("alarm_high", -unbounded, unbounded, false);
  i.warning_low = r.number("warning_low", -unbounded, unbounded, false);
  i.alarm_low = r.number("alarm_low", -unbounded, unbounded, false);
  const auto interval = r.integer("interval_s", 1, 7 * 86400);
  const auto silent_after = r.integer("silent_after_s", 1, 30 * 86400, false);
  const auto node = r.text("node", false);
  r.reject_unknown_keys(
      "id, domain, name, unit, normal, warning_high, alarm_high, warning_low, alarm_low, "
      "interval_s, silent_after_s, node");
  if (!id || !domain || !name || !unit || !normal || !interval) return;
  if (!is_indicator_id(*id)) {
    r.fail("id", "bad indicator id '" + *id +
                     "': expected lower-case ASCII, digits, '.', '_' and '-' (at most 64)");
    return;
  }
  if (seen_before(seen, *id)) {
    r.fail("id", "indicator '" + *id + "' appears twice in this file");
    return;
  }
  if (!layer.settings.find_domain(*domain)) {
    r.fail("domain", "unknown domain '" + *domain + "' (declare it in [[domains]])");
    return;
  }
  if (!i.warning_high && !i.alarm_high && !i.warning_low && !i.alarm_low) {
    r.fail("alarm_high", "missing key: an indicator needs at least one of warning_high, "
                         "alarm_high, warning_low, alarm_low");
    return;
  }
  i.id = *id;
  i.domain = *domain;
  i.name = *name;
  i.unit = *unit;
  i.normal_lo = normal->first;
  i.normal_hi = normal->second;
  i.interval_s = *interval;
  if (silent_after) {
    if (*silent_after < *interval) {
      r.fail("silent_after_s", "must be at least interval_s (" + std::to_string(*interval) + ")");
      return;
    }
    i.silent_after_s = *silent_after;
  }
  i.node = node.value_or("");
  check_order(r, i);
  auto& list = layer.settings.indicators;
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const indicator_spec& x) { return x.id == i.id; });
  if (it != list.end()) {
    layer.origins[static_cast<std::size_t>(it - list.begin())] = where;
    *it = std::move(i);
  } else {
    list.push_back(std::move(i));
    layer.origins.push_back(where);
  }
}

}  // namespace

void read_indicators(table_reader& top, error_slot& errors, indicator_layer& layer) {
  std::vector<std::string> seen;
  for (const auto& [t, path] : top.tables("domains")) {
    table_reader r(errors, top.file(), *t, path);
    read_domain(r, seen, layer.settings);
  }
  seen.clear();
  for (const auto& [t, path] : top.tables("indicators")) {
    table_reader r(errors, top.file(), *t, path);
    read_indicator(r, seen, layer, origin{top.file(), path});
    if (!errors.ok()) return;
  }
}

void check_indicator_nodes(const indicator_layer& layer, const city_model& city,
                           error_slot& errors) {
  const auto& list = layer.settings.indicators;
  for (std::size_t k = 0; k < list.size() && errors.ok(); ++k) {
    if (!list[k].node.empty() && !city.find_node(list[k].node))
      errors.fail(layer.origins[k].file, layer.origins[k].key + ".node",
                  "unknown node '" + list[k].node + "'");
  }
}

}  // namespace cityops::config::detail
