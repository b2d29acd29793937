// One day of the snow response read back from its audit log: starting and ending level, the
// changes with what decided them, warnings, the worst inputs, the last ranking and the cases
// of the day (tallies counted from the day before); days it was off have no section.
#include "actors/domain/snow_daily.hpp"

#include <catch2/catch.hpp>

using namespace cityops::domain;

namespace {

constexpr std::int64_t day0 = 1'796'659'200'000;  // a local midnight (+08:00)
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t day_ms = 24 * hour_ms;

scenario_event event(std::string kind, std::int64_t at, std::string detail = "",
                     std::uint64_t activation = 1) {
  scenario_event e;
  e.scenario = "snow_response";
  e.kind = std::move(kind);
  e.at_ms = at;
  e.detail = std::move(detail);
  e.activation = activation;
  return e;
}

std::string level(const char* from, const char* to, double snowfall, int spots) {
  return std::string(R"({"stage":"研判","from":")") + from + R"(","to":")" + to +
         R"(","deciding":["snowfall"],"inputs":{"warning":"none","snowfall":{"value":)" +
         std::to_string(snowfall) + R"(},"temperature":null,"hot_spots":)" +
         std::to_string(spots) + "}}";
}

std::string feedback(int reported, int closed, const char* road) {
  return R"({"stage":"反馈","reported":)" + std::to_string(reported) + R"(,"closed":)" +
         std::to_string(closed) + R"(,"hot_spots":2,"roads":[{"rank":1,"road":")" + road +
         R"(","node":"370602001","score":2.5,"reports":4,"open":3}]})";
}

}  // namespace

TEST_CASE("a day of the snow response from its audit log", "[snow_daily]") {
  std::vector<scenario_event> log{
      event("activated", day0 - 10 * hour_ms),
      event("level", day0 - 9 * hour_ms, level("none", "IV", 0.6, 0)),
      event("feedback", day0 - hour_ms, feedback(5, 2, "南大街")),
      event("warning", day0 + 6 * hour_ms,
            R"({"stage":"预警","warning":{"signal":"orange","source":"烟台市气象台","text":"暴雪橙色预警"}})"),
      event("level", day0 + 6 * hour_ms, level("IV", "II", 2.8, 3)),
      event("feedback", day0 + 7 * hour_ms, feedback(9, 3, "南大街")),
      event("level", day0 + 20 * hour_ms, level("II", "III", 1.2, 1)),
      event("feedback", day0 + 23 * hour_ms, feedback(12, 8, "观海路")),
      event("feedback", day0 + day_ms + hour_ms, feedback(20, 10, "机场路")),  // the next day
  };
  const auto d = build_snow_day(log, day0, day0 + day_ms);
  REQUIRE(d);
  CHECK(d->level_at_start == "IV");
  CHECK(d->level_at_end == "III");
  CHECK(d->highest == "II");
  REQUIRE(d->levels.size() == 2);
  CHECK(d->levels[0].to == "II");
  CHECK(d->levels[0].deciding == std::vector<std::string>{"snowfall"});
  REQUIRE(d->warnings.size() == 1);
  CHECK(d->warnings[0].signal == "orange");
  CHECK(d->warnings[0].source == "烟台市气象台");
  CHECK(d->max_snowfall == Approx(2.8));
  CHECK_FALSE(d->min_temperature);
  CHECK(d->max_hot_spots == 3);
  REQUIRE(d->roads.size() == 1);
  CHECK(d->roads[0].road == "观海路");
  CHECK(d->roads[0].reports == 4);
  CHECK(d->reported == 7);  // 12 − 5
  CHECK(d->closed == 6);    // 8 − 2

  // Deactivated before the day: no section; activated during it: a section from none.
  std::vector<scenario_event> off{event("activated", day0 - 10 * hour_ms),
                                  event("deactivated", day0 - 5 * hour_ms)};
  CHECK_FALSE(build_snow_day(off, day0, day0 + day_ms));
  CHECK_FALSE(build_snow_day({}, day0, day0 + day_ms));
  off.push_back(event("activated", day0 + hour_ms, "", 3));
  off.push_back(event("feedback", day0 + 2 * hour_ms, feedback(4, 1, "南大街"), 3));
  const auto fresh = build_snow_day(off, day0, day0 + day_ms);
  REQUIRE(fresh);
  CHECK(fresh->level_at_start == "none");
  CHECK(fresh->reported == 4);
  CHECK(fresh->closed == 1);
}
