#pragma once
// Calendar dates for the holiday calendar: strict "YYYY-MM-DD" parsing, day arithmetic and
// weekdays on the proleptic Gregorian calendar. Pure functions, no time zones.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cityops::config {

struct civil_date {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
};

// Parses exactly "YYYY-MM-DD" (years 1900..2199) and rejects impossible dates (2026-02-30).
std::optional<civil_date> parse_civil_date(std::string_view text);
std::string format_civil_date(const civil_date& d);
// "YYYYMMDD" of a day (days since 1970-01-01), as keys and case ids spell dates.
std::string compact_date(std::int64_t days);

// Days since 1970-01-01 and back.
std::int64_t days_from_civil(const civil_date& d);
civil_date civil_from_days(std::int64_t days);

// 0 = Monday ... 6 = Sunday.
unsigned weekday(const civil_date& d);

}  // namespace cityops::config
