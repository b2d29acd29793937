#pragma once
// A small vital-signs registry for the test city (test_city.hpp): water pressure in district
// 990001 (MPa, both sides, a sample every 5 minutes) and the city's PM2.5 (µg/m³, high side
// only, hourly).

#include <optional>
#include <string>

#include "config/indicator_settings.hpp"

namespace cityops::testing {

inline config::indicator_settings make_test_indicators() {
  using limit = std::optional<double>;
  const auto spec = [](std::string id, std::string domain, std::string name, std::string unit,
                       double lo, double hi, limit warning_high, limit alarm_high,
                       limit warning_low, limit alarm_low, std::int64_t interval_s,
                       std::string node) {
    return config::indicator_spec{std::move(id), std::move(domain), std::move(name),
                                  std::move(unit), lo,              hi,
                                  warning_high,    alarm_high,      warning_low,
                                  alarm_low,       interval_s,      0,
                                  std::move(node)};
  };
  config::indicator_settings s;
  s.domains = {{"water_supply", "城市供水"}, {"air", "空气质量"}};
  s.indicators = {spec("water.pressure.test", "water_supply", "测试区供水管网压力", "MPa", 0.28,
                       0.45, 0.55, 0.65, 0.2, 0.14, 300, "990001"),
                  spec("air.pm25.test", "air", "测试市PM2.5浓度", "µg/m³", 0, 75, 115, 150,
                       std::nullopt, std::nullopt, 3600, "")};
  return s;
}

}  // namespace cityops::testing
