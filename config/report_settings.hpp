#pragma once
// The 每日信息 (daily report, runtime/daily_reporter.hpp): the issuing centre on its head and
// the local time (UTC+8) it is generated every day for the day before.

#include <string>

namespace cityops::config {

struct report_settings {
  std::string issuer = "城运中心";
  int daily_at_minute = 8 * 60 + 30;  // minutes after local midnight, 0..1439
  bool daily = true;                  // generate by itself (on demand it always can)
};

}  // namespace cityops::config
