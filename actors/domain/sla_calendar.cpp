#include "actors/domain/sla_calendar.hpp"

#include "actors/domain/civil_time.hpp"

#include <cstdio>

namespace cityops::domain {
namespace {

using civil::china_offset_ms;
using civil::ms_per_day;
using civil::ms_per_hour;

}  // namespace

sla_calendar::sla_calendar(const std::vector<config::calendar_day>& days) {
  for (const auto& d : days) {
    std::int64_t day = 0;
    if (!parse_date(d.date, day)) continue;  // the config loader has validated dates
    (d.working ? makeup_workdays_ : holidays_).insert(day);
  }
}

std::int64_t sla_calendar::local_day(std::int64_t unix_ms) {
  return civil::floor_div(unix_ms + china_offset_ms, ms_per_day);
}

bool sla_calendar::parse_date(const std::string& text, std::int64_t& day) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  day = civil::days_from_civil(y, m, d);
  const auto back = civil::civil_from_days(day);
  return back.month == m && back.day == d;  // rejects 2026-02-30
}

std::string sla_calendar::format_date(std::int64_t day) {
  const auto c = civil::civil_from_days(day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

bool sla_calendar::is_working_day(std::int64_t day) const {
  if (makeup_workdays_.count(day)) return true;
  if (holidays_.count(day)) return false;
  // 1970-01-01 was a Thursday: weekday 0 = Monday.
  const auto weekday = ((day % 7) + 7 + 3) % 7;
  return weekday < 5;
}

std::int64_t sla_calendar::deadline(std::int64_t start_ms, const config::sla_limit& limit) const {
  if (limit.unit == config::sla_unit::hours)
    return start_ms + static_cast<std::int64_t>(limit.limit) * ms_per_hour;
  std::int64_t day = local_day(start_ms);
  const std::int64_t time_of_day = start_ms + china_offset_ms - day * ms_per_day;
  for (std::uint32_t left = limit.limit; left > 0;) {
    ++day;
    if (is_working_day(day)) --left;
  }
  return day * ms_per_day + time_of_day - china_offset_ms;
}

}  // namespace cityops::domain
