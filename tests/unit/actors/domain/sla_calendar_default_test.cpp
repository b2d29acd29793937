// SLA deadlines with the embedded default city's holiday calendar (config/default/
// calendar.toml): the 2026 Spring Festival with its make-up Saturdays, and the 2025 National
// Day / Mid-Autumn holiday with a make-up Sunday and Saturday. Days counted by hand.
#include <catch2/catch.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_loader.hpp"

using namespace cityops::domain;
using cityops::config::sla_limit;
using cityops::config::sla_unit;

namespace {

std::int64_t at(const char* iso) {
  const auto t = parse_iso8601(iso);
  REQUIRE(t.has_value());
  return *t;
}

const sla_calendar& default_calendar() {
  static const sla_calendar cal(cityops::config::default_city().city.calendar());
  return cal;
}

bool working(const char* date) {
  std::int64_t day = 0;
  REQUIRE(sla_calendar::parse_date(date, day));
  return default_calendar().is_working_day(day);
}

std::int64_t working_days(const char* start, std::uint32_t n) {
  return default_calendar().deadline(at(start), sla_limit{n, sla_unit::working_days});
}

}  // namespace

TEST_CASE("the default calendar knows the 2026 Spring Festival", "[sla_calendar][default_city]") {
  CHECK(working("2026-02-13"));        // Fri
  CHECK(working("2026-02-14"));        // Sat, 春节调休
  CHECK_FALSE(working("2026-02-15"));  // Sun, first holiday
  CHECK_FALSE(working("2026-02-16"));  // Mon, holiday
  CHECK_FALSE(working("2026-02-20"));  // Fri, holiday
  CHECK_FALSE(working("2026-02-23"));  // Mon, last holiday
  CHECK(working("2026-02-24"));        // Tue
  CHECK(working("2026-02-28"));        // Sat, 春节调休
  CHECK_FALSE(working("2026-03-01"));  // Sun
}

TEST_CASE("working-day limits jump the 2026 Spring Festival", "[sla_calendar][default_city]") {
  // Thu 2/12 10:00 + 3: Fri 2/13 (1), Sat 2/14 make-up (2), holidays 2/15-2/23, Tue 2/24 (3).
  CHECK(working_days("2026-02-12T10:00:00+08:00", 3) == at("2026-02-24T10:00:00+08:00"));
  // + 2 ends on the make-up Saturday itself.
  CHECK(working_days("2026-02-12T10:00:00+08:00", 2) == at("2026-02-14T10:00:00+08:00"));
  // Sat 2/14 (a working day) 17:45 + 1: the next working day is Tue 2/24.
  CHECK(working_days("2026-02-14T17:45:00+08:00", 1) == at("2026-02-24T17:45:00+08:00"));
  // Reported on a holiday (Wed 2/18) + 1: Tue 2/24.
  CHECK(working_days("2026-02-18T08:00:00+08:00", 1) == at("2026-02-24T08:00:00+08:00"));
}

TEST_CASE("a limit across the 2/28 make-up Saturday counts it", "[sla_calendar][default_city]") {
  // Wed 2/25 09:30 + 3: Thu 2/26 (1), Fri 2/27 (2), Sat 2/28 make-up (3).
  CHECK(working_days("2026-02-25T09:30:00+08:00", 3) == at("2026-02-28T09:30:00+08:00"));
  // Thu 2/26 + 3: Fri 2/27 (1), Sat 2/28 (2), Sun 3/1 rests, Mon 3/2 (3).
  CHECK(working_days("2026-02-26T16:00:00+08:00", 3) == at("2026-03-02T16:00:00+08:00"));
}

TEST_CASE("hour limits ignore holidays", "[sla_calendar][default_city]") {
  const auto& cal = default_calendar();
  CHECK(cal.deadline(at("2026-02-14T20:00:00+08:00"), sla_limit{24, sla_unit::hours}) ==
        at("2026-02-15T20:00:00+08:00"));
  CHECK(cal.deadline(at("2026-02-13T10:00:00+08:00"), sla_limit{72, sla_unit::hours}) ==
        at("2026-02-16T10:00:00+08:00"));
  CHECK(cal.deadline(at("2025-09-30T22:30:00+08:00"), sla_limit{2, sla_unit::hours}) ==
        at("2025-10-01T00:30:00+08:00"));
}

TEST_CASE("2025 National Day and Mid-Autumn: 10/1-10/8, make-up 9/28 and 10/11",
          "[sla_calendar][default_city]") {
  CHECK_FALSE(working("2025-09-27"));  // Sat, an ordinary weekend
  CHECK(working("2025-09-28"));        // Sun, 国庆节调休
  CHECK_FALSE(working("2025-10-01"));
  CHECK_FALSE(working("2025-10-08"));  // Wed, last holiday
  CHECK(working("2025-10-09"));
  CHECK(working("2025-10-11"));        // Sat, 国庆节调休
  CHECK_FALSE(working("2025-10-12"));  // Sun

  // Fri 9/26 14:00 + 1: Sat 9/27 rests, Sun 9/28 is worked.
  CHECK(working_days("2025-09-26T14:00:00+08:00", 1) == at("2025-09-28T14:00:00+08:00"));
  // Tue 9/30 09:00 + 2: holidays 10/1-10/8, Thu 10/9 (1), Fri 10/10 (2).
  CHECK(working_days("2025-09-30T09:00:00+08:00", 2) == at("2025-10-10T09:00:00+08:00"));
  // + 3: the make-up Saturday 10/11; + 4: Sun 10/12 rests, Mon 10/13.
  CHECK(working_days("2025-09-30T09:00:00+08:00", 3) == at("2025-10-11T09:00:00+08:00"));
  CHECK(working_days("2025-09-30T09:00:00+08:00", 4) == at("2025-10-13T09:00:00+08:00"));
}
