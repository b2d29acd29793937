#pragma once
// The risk watch (风险预警): the sensitive-word lexicon and the thresholds of the detectors
// that watch the committed stream. Read from the [risk] table and the lexicon file it names
// (config/README.md); the embedded city's values are config/default/risk.toml and
// config/default/risk_lexicon.toml.

#include <cstdint>
#include <string>
#include <vector>

namespace cityops::config {

// One class of the lexicon: 极端诉求 (self-harm, threats), 风险行为 (gathering, petitioning),
// 舆情 (going to the media), 安全隐患 (gas smell, …). Severity 1..4 is the alert level it
// raises (1 blue, 2 yellow, 3 orange, 4 red).
struct lexicon_class {
  std::string code;   // wire name, e.g. "extreme_demand"
  std::string name;   // for people, e.g. "极端诉求"
  std::uint8_t severity = 2;
  std::vector<std::string> words;
};

// 一人多诉: one caller (salted phone hash) with at least `min_cases` cases within
// `window_hours`, across categories; one address with at least `address_min_callers`
// different callers within `address_window_hours`.
struct repeat_settings {
  std::uint32_t min_cases = 3;
  std::int64_t window_hours = 168;
  std::uint32_t address_min_callers = 4;
  std::int64_t address_window_hours = 168;
};

// 新发高发: per category × area (district, and street), the count of the last `window_hours`
// against the same hours of the week over the last `baseline_weeks` weeks. 高发 when the
// Poisson upper tail P(X >= count | baseline) < p_value and count >= min_count; 新发 when a
// case is the first of its category in the area for `new_days` days (and the watch has seen
// the area that long).
struct trend_settings {
  std::int64_t window_hours = 24;
  std::uint32_t baseline_weeks = 8;
  double p_value = 0.001;
  std::uint32_t min_count = 5;
  double baseline_floor = 0.2;  // an area with no history still expects this many
  std::int64_t new_days = 30;
  bool streets = true;  // also watch each street, not only each district
};

// 集中爆发: at least `min_reports` reports, any category, within `radius_m` metres and
// `window_minutes` minutes. The cluster grows while reports keep coming within the radius
// of its centre and the window of its last report; it is one alert.
struct cluster_settings {
  std::uint32_t min_reports = 5;
  double radius_m = 300;
  std::int64_t window_minutes = 60;
};

// 预警函 / 提醒函: the issuing centre's name on the letter head and how long a department
// has to reply. A rule may issue the 预警函 itself: an alert that is raised at, or rises to,
// `auto_warning_level` or above and concerns a department ("" = the rule is off; the file
// says "off").
struct letter_settings {
  std::string issuer = "城运中心";
  std::int64_t reply_hours = 72;
  std::string auto_warning_level;  // "", blue, yellow, orange, red
};

struct risk_settings {
  std::vector<lexicon_class> lexicon;
  repeat_settings repeat;
  trend_settings trend;
  cluster_settings cluster;
  letter_settings letters;
};

}  // namespace cityops::config
