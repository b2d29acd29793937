#pragma once
// Calendar arithmetic on days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's
// public-domain civil-date algorithms. China Standard Time is UTC+8 all year (no DST), so
// local dates and times need only the fixed offset below.

#include <cstdint>

namespace cityops::domain::civil {

constexpr std::int64_t ms_per_hour = 3600LL * 1000;
constexpr std::int64_t ms_per_day = 24 * ms_per_hour;
constexpr std::int64_t china_offset_ms = 8 * ms_per_hour;

struct date {
  std::int64_t year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};

constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr date civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return date{static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace cityops::domain::civil
