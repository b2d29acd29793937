#pragma once
// Working-day arithmetic for SLA deadlines in China Standard Time (UTC+8, no DST).
// Weekends are rest days unless listed as make-up working days (调休); listed public
// holidays are rest days. Pure: no clock, no I/O.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "config/city_model.hpp"

namespace cityops::domain {

class sla_calendar {
 public:
  sla_calendar() = default;
  explicit sla_calendar(const std::vector<config::calendar_day>& days);

  // Days since 1970-01-01 in UTC+8 for a unix time in ms.
  static std::int64_t local_day(std::int64_t unix_ms);
  // "YYYY-MM-DD" ↔ local day number; parse returns false on a malformed date.
  static bool parse_date(const std::string& text, std::int64_t& day);
  static std::string format_date(std::int64_t day);

  bool is_working_day(std::int64_t day) const;

  // The deadline for a limit starting at `start_ms`: hours are wall-clock hours; N working
  // days ends at the same local time of day on the N-th working day after the start day.
  std::int64_t deadline(std::int64_t start_ms, const config::sla_limit& limit) const;

 private:
  std::set<std::int64_t> holidays_;
  std::set<std::int64_t> makeup_workdays_;
};

}  // namespace cityops::domain
