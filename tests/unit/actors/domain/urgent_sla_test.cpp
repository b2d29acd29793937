// An urgent case's deadline: the category's shortest limit (configured urgent limit of the
// category or its major, the catalogue's, a scenario's in force), at intake, when a rule
// makes an open case urgent, on reclassification and reopening.
#include "actors/domain/case_deadline.hpp"

#include <catch2/catch.hpp>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;
using cityops::config::sla_limit;
using cityops::config::sla_unit;

namespace {

constexpr std::int64_t t0 = 1'795'000'000'000;  // Wed 2026-11-18 19:06:40 +08:00
constexpr std::int64_t hour_ms = 3'600'000;

// The test city with major 08 (urgent: 2 hours) and three of its categories: 0801 runs on the
// major's urgent limit, 0802 sets its own, 0803's catalogue limit is shorter than both.
cityops::config::city_model urgent_city() {
  cityops::config::city_model c;
  cityops::testing::add_test_city(c);
  cityops::config::major_category m{"08", "突发事件", "event"};
  m.urgent_sla = sla_limit{2, sla_unit::hours};
  c.add_major(m);
  c.add_category({"0801", "燃气泄漏", "08", {6, sla_unit::hours}, {"燃气"}});
  cityops::config::category own{"0802", "道路积水", "08", {1, sla_unit::working_days}, {"积水"}};
  own.urgent_sla = sla_limit{1, sla_unit::hours};
  c.add_category(own);
  c.add_category({"0803", "火灾隐患", "08", {1, sla_unit::hours}, {"火"}});
  c.finalize();
  return c;
}

const std::vector<std::string> jia_path{"9900", "990001", "990001001", "990001001001"};

case_place jia() { return case_place{&jia_path, geo_point{37.512, 121.412}}; }

scenario_rules_ptr overlay(scenario_rule_set s) {
  return std::make_shared<const scenario_rules>(
      std::vector<rule_contribution>{{"snow", 1, std::move(s)}});
}

new_case report(std::string category, case_priority p) {
  new_case n;
  n.text = "路口有很重的燃气味";
  n.category = std::move(category);
  n.node = "990001001001";
  n.priority = p;
  return n;
}

// The case once its report at t0 is applied.
case_record reported_case(const cityops::config::city_model& city, const sla_calendar& cal,
                          const char* category, case_priority p) {
  auto first = decide_report(report(category, p), t0, city, cal);
  REQUIRE(first.ok());
  case_record r;
  r.id = "9900-20261118-000001";
  apply(r, *first);
  return r;
}

}  // namespace

TEST_CASE("the city model resolves an urgent limit from the category then its major",
          "[urgent]") {
  const auto city = urgent_city();
  CHECK(city.urgent_sla("0801")->limit == 2);
  CHECK(city.urgent_sla("0802")->limit == 1);
  CHECK(city.urgent_sla("0802")->unit == sla_unit::hours);
  CHECK_FALSE(city.urgent_sla("0601"));  // major 06 sets none
  CHECK_FALSE(city.urgent_sla("9999"));
}

TEST_CASE("an urgent case runs against the shortest of its category's limits", "[urgent]") {
  const auto city = urgent_city();
  const sla_calendar cal(city.calendar());
  const auto deadline = [&](const char* category, case_priority p,
                            const scenario_rules* rules = nullptr) {
    return case_deadline(rules, city, cal, category, jia(), p, t0);
  };
  CHECK(deadline("0801", case_priority::normal) == t0 + 6 * hour_ms);
  CHECK(deadline("0801", case_priority::urgent) == t0 + 2 * hour_ms);  // the major's
  CHECK(deadline("0802", case_priority::urgent) == t0 + 1 * hour_ms);  // its own
  CHECK(deadline("0803", case_priority::urgent) == t0 + 1 * hour_ms);  // the catalogue's
  // No urgent limit configured: the catalogue's (working days compare by their deadline).
  CHECK(deadline("0601", case_priority::urgent) == deadline("0601", case_priority::normal));
  CHECK(deadline("9999", case_priority::urgent) == 0);

  // A scenario's limit in force: a shorter one wins for both; a longer one binds normal cases
  // only, an urgent case keeps the shortest.
  scenario_rule_set shorter;
  shorter.sla.push_back({"08", {30, sla_unit::hours}, std::nullopt});
  shorter.sla.push_back({"0601", {3, sla_unit::hours}, std::nullopt});
  const auto rules = overlay(shorter);
  CHECK(deadline("0601", case_priority::normal, rules.get()) == t0 + 3 * hour_ms);
  CHECK(deadline("0601", case_priority::urgent, rules.get()) == t0 + 3 * hour_ms);
  CHECK(deadline("0801", case_priority::normal, rules.get()) == t0 + 30 * hour_ms);
  CHECK(deadline("0801", case_priority::urgent, rules.get()) == t0 + 2 * hour_ms);
}

TEST_CASE("intake gives an urgent report its urgent deadline", "[urgent]") {
  const auto city = urgent_city();
  const sla_calendar cal(city.calendar());
  auto normal = decide_report(report("0801", case_priority::normal), t0, city, cal);
  auto urgent = decide_report(report("0801", case_priority::urgent), t0, city, cal);
  REQUIRE(normal.ok());
  REQUIRE(urgent.ok());
  CHECK(normal->deadline_ms == t0 + 6 * hour_ms);
  CHECK(urgent->deadline_ms == t0 + 2 * hour_ms);
  CHECK(urgent->report.priority == case_priority::urgent);
  // Unclassified: no deadline until a category comes.
  auto unclassified = decide_report(report("", case_priority::urgent), t0, city, cal);
  REQUIRE(unclassified.ok());
  CHECK(unclassified->deadline_ms == 0);

  // A scenario's priority rule makes it urgent: the deadline follows.
  scenario_rule_set s;
  s.priority.push_back({"08", case_priority::urgent, std::nullopt});
  auto ev = *normal;
  apply_to_report(ev, *overlay(s), city, cal);
  CHECK(ev.report.priority == case_priority::urgent);
  CHECK(ev.deadline_ms == t0 + 2 * hour_ms);
  CHECK(ev.report.scenarios == std::vector<std::string>{"snow"});
}

TEST_CASE("a case a rule makes urgent later gets its urgent deadline from the SLA start",
          "[urgent]") {
  const auto city = urgent_city();
  const sla_calendar cal(city.calendar());
  const case_machine machine(city, cal);
  auto r = reported_case(city, cal, "0801", case_priority::normal);
  r.status = case_status::accepted;
  r.version = 3;

  scenario_rule_set s;
  s.priority.push_back({"0801", case_priority::urgent, std::nullopt});
  const auto rules = overlay(s);
  const auto a = adjustment_for(r, rules.get(), city, cal);
  REQUIRE(a);
  CHECK(a->priority == case_priority::urgent);
  CHECK(a->deadline_ms == t0 + 2 * hour_ms);  // from the report, not from now

  action_request q;
  q.action = case_action::adjust;
  q.by = "scenario";
  auto ev = machine.decide(r, q, t0 + hour_ms, rules.get());
  REQUIRE(ev.ok());
  apply(r, *ev);
  CHECK(is_urgent(r));
  CHECK(r.deadline_ms == t0 + 2 * hour_ms);
  // Nothing more to ask once it is urgent.
  CHECK_FALSE(adjustment_for(r, rules.get(), city, cal));
}

TEST_CASE("reclassifying or reopening an urgent case uses the new urgent limit", "[urgent]") {
  const auto city = urgent_city();
  const sla_calendar cal(city.calendar());
  const case_machine machine(city, cal);
  auto r = reported_case(city, cal, "0801", case_priority::urgent);

  action_request q;
  q.action = case_action::reclassify;
  q.by = "op";
  q.category = "0802";
  auto ev = machine.decide(r, q, t0 + hour_ms / 2);
  REQUIRE(ev.ok());
  CHECK(ev->deadline_ms == t0 + hour_ms);  // 0802's own urgent hour, from the report

  r.status = case_status::closed;
  q = {};
  q.action = case_action::reopen;
  q.by = "op";
  q.reason = "又闻到燃气味";
  const auto later = t0 + 24 * hour_ms;
  ev = machine.decide(r, q, later);
  REQUIRE(ev.ok());
  CHECK(ev->deadline_ms == later + 2 * hour_ms);  // 0801 urgent, from the reopening
}
