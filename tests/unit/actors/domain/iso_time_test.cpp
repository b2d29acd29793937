#include "actors/domain/iso_time.hpp"

#include <catch2/catch.hpp>

using namespace cityops::domain;

TEST_CASE("timestamps are written in UTC+8 with milliseconds", "[iso_time]") {
  CHECK(format_iso8601(0) == "1970-01-01T08:00:00.000+08:00");
  CHECK(format_iso8601(1'795'000'000'123) == "2026-11-18T19:06:40.123+08:00");
}

TEST_CASE("timestamps parse with any offset and round-trip", "[iso_time]") {
  const std::int64_t t = 1'795'000'000'123;
  CHECK(parse_iso8601(format_iso8601(t)) == t);
  CHECK(parse_iso8601("2026-11-18T11:06:40.123Z") == t);
  CHECK(parse_iso8601("2026-11-18T06:06:40.123-05:00") == t);
  CHECK(parse_iso8601("2026-11-18T19:06+08:00") == t - 40'123);
  CHECK(parse_iso8601("2026-11-18") == *parse_iso8601("2026-11-18T00:00:00+08:00"));
}

TEST_CASE("malformed timestamps are refused", "[iso_time]") {
  for (const char* bad : {"", "2026", "2026-02-30", "2026-11-18T25:00:00Z", "2026-11-18T10:00:00",
                          "2026-11-18T10:00:00+0800", "2026-11-18T10:00:00Zjunk",
                          "2026-11-18T10:00:00.Z", "tomorrow"}) {
    INFO(bad);
    CHECK_FALSE(parse_iso8601(bad).has_value());
  }
}
