#pragma once
// City vital signs (城市体征): the registry of the indicators the centre watches — weather,
// air, water supply, drainage, traffic, heating, gas, power, transport, the 12345 hotline, the
// sea — each with its unit, its normal band, its warning and alarm thresholds and how often a
// sample is expected. Read from [[domains]] and [[indicators]] (config/README.md); the
// embedded city's registry is config/default/indicators.toml. docs/vital-signs.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::config {

// A group of indicators with its own desk: code "weather", name "气象".
struct indicator_domain {
  std::string code;  // [a-z][a-z0-9_]*
  std::string name;
};

// One indicator. A value at or above a `*_high` threshold (at or below a `*_low` one) is in
// that state, alarm before warning; every other value is normal. The thresholds given are
// ordered alarm_low < warning_low <= normal.lo <= normal.hi <= warning_high < alarm_high,
// and at least one is given. The normal band is the range a value usually keeps (shown with
// it); classification uses the thresholds.
struct indicator_spec {
  std::string id;      // [a-z0-9][a-z0-9._-]*, e.g. "water.pressure.zhifu"
  std::string domain;  // an indicator_domain's code
  std::string name;    // e.g. "芝罘区供水管网压力"
  std::string unit;    // e.g. "MPa", "mm", "%", "µg/m³", "°C", "次/小时"
  double normal_lo = 0;
  double normal_hi = 0;
  std::optional<double> warning_high;
  std::optional<double> alarm_high;
  std::optional<double> warning_low;
  std::optional<double> alarm_low;
  std::int64_t interval_s = 60;  // a sample is expected this often
  // Silent after this long without a sample (0: 3 × interval_s).
  std::int64_t silent_after_s = 0;
  std::string node;  // the tier node it belongs to ("" = the city)

  std::int64_t silence_ms() const {
    return 1000 * (silent_after_s > 0 ? silent_after_s : 3 * interval_s);
  }
};

struct indicator_settings {
  std::vector<indicator_domain> domains;
  std::vector<indicator_spec> indicators;  // in file order

  const indicator_spec* find(std::string_view id) const {
    for (const auto& i : indicators)
      if (i.id == id) return &i;
    return nullptr;
  }
  const indicator_domain* find_domain(std::string_view code) const {
    for (const auto& d : domains)
      if (d.code == code) return &d;
    return nullptr;
  }
};

}  // namespace cityops::config
