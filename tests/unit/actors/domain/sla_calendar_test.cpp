#include "actors/domain/sla_calendar.hpp"

#include <catch2/catch.hpp>

#include "actors/domain/iso_time.hpp"

using namespace cityops::domain;
using cityops::config::calendar_day;
using cityops::config::sla_limit;
using cityops::config::sla_unit;

namespace {

std::int64_t at(const char* iso) { return *parse_iso8601(iso); }

}  // namespace

TEST_CASE("dates parse, format and reject impossible days", "[sla_calendar]") {
  std::int64_t day = 0;
  REQUIRE(sla_calendar::parse_date("2026-11-28", day));
  CHECK(sla_calendar::format_date(day) == "2026-11-28");
  CHECK_FALSE(sla_calendar::parse_date("2026-02-30", day));
  CHECK_FALSE(sla_calendar::parse_date("2026-13-01", day));
  CHECK_FALSE(sla_calendar::parse_date("2026-1-01", day));
  CHECK_FALSE(sla_calendar::parse_date("2026-01-01x", day));
}

TEST_CASE("weekends rest, holidays rest, make-up Saturdays work", "[sla_calendar]") {
  const sla_calendar cal({{"2026-10-01", false, "国庆"}, {"2026-10-10", true, "调休"}});
  std::int64_t d = 0;
  sla_calendar::parse_date("2026-11-28", d);  // Saturday
  CHECK_FALSE(cal.is_working_day(d));
  CHECK(cal.is_working_day(d + 2));  // Monday
  sla_calendar::parse_date("2026-10-01", d);  // Thursday, holiday
  CHECK_FALSE(cal.is_working_day(d));
  sla_calendar::parse_date("2026-10-10", d);  // Saturday, worked
  CHECK(cal.is_working_day(d));
}

TEST_CASE("hour limits are wall-clock hours", "[sla_calendar]") {
  const sla_calendar cal;
  CHECK(cal.deadline(at("2026-11-28T10:00:00+08:00"), sla_limit{24, sla_unit::hours}) ==
        at("2026-11-29T10:00:00+08:00"));
}

TEST_CASE("working-day limits skip weekends and holidays, keep the time of day",
          "[sla_calendar]") {
  const sla_calendar cal({{"2026-10-01", false, "国庆"},
                          {"2026-10-02", false, "国庆"},
                          {"2026-10-05", false, "国庆"},
                          {"2026-10-10", true, "调休"}});
  // Friday 15:30 + 1 working day = Monday 15:30.
  CHECK(cal.deadline(at("2026-11-27T15:30:00+08:00"), sla_limit{1, sla_unit::working_days}) ==
        at("2026-11-30T15:30:00+08:00"));
  // Wed 9/30 + 2: 10/1, 10/2 holidays, 10/3-4 weekend, 10/5 holiday → 10/6, 10/7.
  CHECK(cal.deadline(at("2026-09-30T09:00:00+08:00"), sla_limit{2, sla_unit::working_days}) ==
        at("2026-10-07T09:00:00+08:00"));
  // Fri 10/9 + 1 → the make-up Saturday 10/10.
  CHECK(cal.deadline(at("2026-10-09T09:00:00+08:00"), sla_limit{1, sla_unit::working_days}) ==
        at("2026-10-10T09:00:00+08:00"));
}

TEST_CASE("local days follow China time, not UTC", "[sla_calendar]") {
  // 2026-11-27T20:00Z is already Saturday 04:00 in Yantai.
  const auto t = at("2026-11-27T20:00:00Z");
  CHECK(sla_calendar::format_date(sla_calendar::local_day(t)) == "2026-11-28");
  CHECK(local_day_stamp(t) == "20261128");
}
