// What each snow response level changes, as overlay rules: shorter limits only, urgency, a
// centre with stationed departments; a level without a profile acts as the next lower; open
// cases keep the grace from the change (adjustment_for).
#include "actors/domain/snow_profile.hpp"

#include <catch2/catch.hpp>

#include "actors/domain/case_intake.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;
using cityops::config::sla_limit;
using cityops::config::sla_unit;

namespace {

constexpr std::int64_t t0 = 1'795'000'000'000;
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t minute_ms = 60'000;

scenario_area district() {
  scenario_area a;
  a.node = "990001";
  return a;
}

snow_profile test_profile() {
  snow_profile p;
  p.categories = {"0101", "0301"};
  p.levels = default_snow_levels();
  return p;
}

}  // namespace

TEST_CASE("each level's profile becomes overlay rules", "[snow_profile]") {
  const auto city = cityops::testing::make_test_city();
  auto p = test_profile();
  CHECK(snow_rules(p, snow_level::none, district(), city).empty());

  // IV: 8 hours for 0301 (3 working days); 0101's own 24 hours → 8 as well.
  auto r = snow_rules(p, snow_level::iv, district(), city);
  REQUIRE(r.sla.size() == 2);
  CHECK(r.sla[0].category == "0101");
  CHECK(r.sla[0].limit.limit == 8);
  CHECK(r.sla[0].open_case_grace_ms == 30 * minute_ms);
  CHECK(r.priority.empty());
  CHECK(r.routing.empty());

  // II: 2 hours and urgent.
  r = snow_rules(p, snow_level::ii, district(), city);
  REQUIRE(r.priority.size() == 2);
  CHECK(r.sla[1].limit.limit == 2);

  // A limit longer than a category's own is not a rule: I at 30 hours leaves 0101 (24 h).
  p.levels[level_index(snow_level::i)]->sla = sla_limit{30, sla_unit::hours};
  r = snow_rules(p, snow_level::i, district(), city);
  REQUIRE(r.sla.size() == 1);
  CHECK(r.sla[0].category == "0301");

  // A level without a profile acts as the next lower; its own categories narrow it; a
  // centre stations departments.
  p.levels[level_index(snow_level::i)].reset();
  snow_level_profile ii;
  ii.categories = {"03"};
  ii.sla = sla_limit{1, sla_unit::hours};
  ii.centre = "990001002";
  ii.departments = {"990001.sanitation"};
  p.levels[level_index(snow_level::ii)] = ii;
  CHECK(profile_at(p, snow_level::i) == &*p.levels[level_index(snow_level::ii)]);
  r = snow_rules(p, snow_level::i, district(), city);
  REQUIRE(r.sla.size() == 1);
  CHECK(r.sla[0].category == "0301");
  REQUIRE(r.routing.size() == 1);
  CHECK(r.routing[0].node == "990001002");
  CHECK(r.routing[0].dispatch_at_once);
  CHECK(r.routing[0].categories == std::vector<std::string>{"03"});
  p.levels = {};
  CHECK(profile_at(p, snow_level::i) == nullptr);
  CHECK(categories_at(p, snow_level::i) == p.categories);
}

TEST_CASE("an open case gets the shorter limit from its start but never less than the grace",
          "[snow_profile]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar calendar(city.calendar());
  const auto rules = std::make_shared<const scenario_rules>(std::vector<rule_contribution>{
      {"snow_response", 1, snow_rules(test_profile(), snow_level::iii, district(), city)}});

  new_case n;
  n.text = "井盖结冰";
  n.category = "0101";
  n.node = "990001001001";
  auto ev = decide_report(n, t0, city, calendar);
  REQUIRE(ev.ok());
  case_record r;
  r.id = "9900-20261118-000001";
  apply(r, *ev);
  r.version = 1;
  REQUIRE(r.deadline_ms == t0 + 24 * hour_ms);

  // One hour in: 4 hours from the report.
  auto a = adjustment_for(r, rules.get(), city, calendar, t0 + hour_ms);
  REQUIRE(a);
  CHECK(a->deadline_ms == t0 + 4 * hour_ms);
  CHECK_FALSE(a->priority);
  // Five hours in, past the new limit: 30 minutes from the change, not overdue at once.
  a = adjustment_for(r, rules.get(), city, calendar, t0 + 5 * hour_ms);
  REQUIRE(a);
  CHECK(a->deadline_ms == t0 + 5 * hour_ms + 30 * minute_ms);
  // A deadline already shorter stands.
  r.deadline_ms = t0 + 5 * hour_ms + 10 * minute_ms;
  CHECK_FALSE(adjustment_for(r, rules.get(), city, calendar, t0 + 5 * hour_ms));
}
