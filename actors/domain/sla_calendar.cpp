#include "actors/domain/sla_calendar.hpp"

#include "actors/domain/iso_time.hpp"
#include "config/civil_date.hpp"

namespace cityops::domain {

sla_calendar::sla_calendar(const std::vector<config::calendar_day>& days) {
  for (const auto& d : days) {
    std::int64_t day = 0;
    if (!parse_date(d.date, day)) continue;  // the config loader has validated dates
    (d.working ? makeup_workdays_ : holidays_).insert(day);
  }
}

std::int64_t sla_calendar::local_day(std::int64_t unix_ms) { return china_local_day(unix_ms); }

bool sla_calendar::parse_date(const std::string& text, std::int64_t& day) {
  const auto d = config::parse_civil_date(text);
  if (!d) return false;
  day = config::days_from_civil(*d);
  return true;
}

std::string sla_calendar::format_date(std::int64_t day) {
  return config::format_civil_date(config::civil_from_days(day));
}

bool sla_calendar::is_working_day(std::int64_t day) const {
  if (makeup_workdays_.count(day)) return true;
  if (holidays_.count(day)) return false;
  return config::weekday(config::civil_from_days(day)) < 5;
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
