// The rules overlay of the active scenarios: areas (node subtree, polygon), precedence of
// overlapping scenarios, SLA and priority overrides, a report shaped at intake, dispatch at
// a war-room node, and what the overlay asks of open cases (adjustment_for, `adjust`).
#include "actors/domain/scenario_rules.hpp"

#include <catch2/catch.hpp>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "actors/domain/dispatch_planner.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;
using cityops::config::sla_limit;
using cityops::config::sla_unit;

namespace {

constexpr std::int64_t t0 = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00
constexpr std::int64_t hour_ms = 3'600'000;

// 甲社区 (990001001001, at 37.512/121.412) inside a small square; 乙社区 (37.508/121.408)
// outside it.
std::vector<geo_point> square_around_jia() {
  return {{37.511, 121.411}, {37.511, 121.413}, {37.513, 121.413}, {37.513, 121.411}};
}

scenario_area node_area(std::string node) {
  scenario_area a;
  a.node = std::move(node);
  return a;
}

scenario_area polygon_area(std::vector<geo_point> ring) {
  scenario_area a;
  a.polygon = std::move(ring);
  return a;
}

// A war room at street 二街道 for the area: the district's urban management and sanitation
// stationed on site.
routing_override war_room(scenario_area area, bool at_once = true) {
  routing_override o;
  o.area = std::move(area);
  o.node = "990001002";
  o.departments = {"990001.urban_mgmt", "990001.sanitation"};
  o.dispatch_at_once = at_once;
  return o;
}

scenario_rules_ptr overlay(std::vector<rule_contribution> c) {
  return std::make_shared<const scenario_rules>(std::move(c));
}

case_place at(const std::vector<std::string>& path, double lat, double lon) {
  return case_place{&path, geo_point{lat, lon}};
}

const std::vector<std::string> jia_path{"9900", "990001", "990001001", "990001001001"};
const std::vector<std::string> yi_path{"9900", "990001", "990001001", "990001001002"};

case_event reported(const cityops::config::city_model& city, std::string category,
                    std::string node) {
  new_case n;
  n.text = "夜市摊贩占道，噪音扰民";
  n.category = std::move(category);
  n.node = std::move(node);
  const sla_calendar calendar(city.calendar());
  auto ev = decide_report(n, t0, city, calendar);
  REQUIRE(ev.ok());
  return *ev;
}

case_record record_of(const case_event& reported, case_status status) {
  case_record r;
  r.id = "9900-20261118-000001";
  apply(r, reported);
  r.status = status;
  r.version = 3;
  return r;
}

}  // namespace

TEST_CASE("an area is a node subtree or a polygon holding the case's point", "[scenario_rules]") {
  CHECK(scenario_rules::contains(node_area("990001001"), at(jia_path, 0, 0)));
  CHECK(scenario_rules::contains(node_area("990001001001"), at(jia_path, 0, 0)));
  CHECK_FALSE(scenario_rules::contains(node_area("990001001001"), at(yi_path, 0, 0)));
  CHECK_FALSE(scenario_rules::contains(node_area("990001002"), at(jia_path, 0, 0)));

  const auto square = polygon_area(square_around_jia());
  CHECK(scenario_rules::contains(square, at(jia_path, 37.512, 121.412)));
  CHECK(scenario_rules::contains(square, at(jia_path, 37.511, 121.412)));  // on the border
  CHECK_FALSE(scenario_rules::contains(square, at(jia_path, 37.508, 121.408)));
  // Either winding.
  auto ring = square_around_jia();
  std::reverse(ring.begin(), ring.end());
  CHECK(scenario_rules::contains(polygon_area(ring), at(jia_path, 37.512, 121.412)));
  // Fewer than three points hold nothing.
  CHECK_FALSE(scenario_rules::contains(polygon_area({{37.5, 121.4}, {37.6, 121.5}}),
                                       at(jia_path, 37.55, 121.45)));

  // The overlay's own prepared polygons answer the same.
  scenario_rule_set s;
  s.routing.push_back(war_room(square));
  const auto rules = overlay({{"night_market", 1, s}});
  CHECK(rules->route(at(jia_path, 37.512, 121.412), "0601"));
  CHECK_FALSE(rules->route(at(jia_path, 37.508, 121.408), "0601"));
}

TEST_CASE("the most recent activation wins, then the first rule of its list",
          "[scenario_rules]") {
  scenario_rule_set older;
  older.routing.push_back(war_room(node_area("990001")));
  older.sla.push_back({"0601", {1, sla_unit::hours}, std::nullopt});
  scenario_rule_set newer;
  auto second = war_room(node_area("990001001"));
  second.node = "990001";
  auto third = war_room(node_area("990001001001"));
  third.node = "9900";
  newer.routing = {second, third};
  newer.priority.push_back({"06", case_priority::urgent, node_area("990001001")});
  // Given oldest last: the overlay orders by activation, not by list position.
  const auto rules = overlay({{"festival", 7, newer}, {"snow", 3, older}});
  REQUIRE(rules->contributions().front().scenario == "festival");

  const auto place = at(jia_path, 0, 0);
  const auto route = rules->route(place, "");
  REQUIRE(route);
  CHECK(*route.scenario == "festival");
  CHECK(route.rule->node == "990001");  // its first matching rule, not the later third
  // Elsewhere in the district only the older scenario's rule matches.
  const std::vector<std::string> bing{"9900", "990001", "990001002", "990001002001"};
  CHECK(rules->route(at(bing, 0, 0), "0301").rule->node == "990001002");
  // Kinds are decided on their own: the older scenario's SLA still applies.
  const auto sla = rules->sla("0601", place);
  REQUIRE(sla);
  CHECK(*sla.scenario == "snow");
  CHECK(rules->priority("0601", place));  // major 06 covers minor 0601
  CHECK_FALSE(rules->priority("0301", place));
  CHECK_FALSE(rules->priority("0601", at(bing, 0, 0)));
}

TEST_CASE("SLA limits: an override by minor or major code, in its area, else the catalogue",
          "[scenario_rules]") {
  const auto city = cityops::testing::make_test_city();
  scenario_rule_set s;
  s.sla.push_back({"0601", {2, sla_unit::hours}, node_area("990001001001")});
  s.sla.push_back({"03", {1, sla_unit::working_days}, std::nullopt});
  const auto rules = overlay({{"exam_quiet", 1, s}});
  const auto jia = at(jia_path, 0, 0);
  const auto yi = at(yi_path, 0, 0);

  auto limit = sla_limit_for(rules.get(), city, "0601", jia);
  REQUIRE(limit);
  CHECK(limit->limit == 2);
  CHECK(limit->unit == sla_unit::hours);
  limit = sla_limit_for(rules.get(), city, "0601", yi);  // outside the area: the catalogue's
  REQUIRE(limit);
  CHECK(limit->limit == 2);
  CHECK(limit->unit == sla_unit::working_days);
  limit = sla_limit_for(rules.get(), city, "0301", yi);  // city-wide by major
  REQUIRE(limit);
  CHECK(limit->limit == 1);
  CHECK(sla_limit_for(nullptr, city, "0301", yi)->limit == 3);
  CHECK_FALSE(sla_limit_for(rules.get(), city, "9999", yi));
}

TEST_CASE("a report in the area goes to the war room with its SLA and priority",
          "[scenario_rules]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar calendar(city.calendar());
  scenario_rule_set s;
  s.routing.push_back(war_room(node_area("990001001001")));
  s.sla.push_back({"0601", {2, sla_unit::hours}, node_area("990001001001")});
  s.priority.push_back({"0601", case_priority::urgent, node_area("990001001001")});
  const auto rules = overlay({{"festival", 4, s}});

  auto ev = reported(city, "0601", "990001001001");
  apply_to_report(ev, *rules, city, calendar);
  CHECK(ev.node == "990001002");
  CHECK(ev.department == "990001.urban_mgmt");  // stationed, handles 0601
  CHECK(ev.location_path == jia_path);           // the report's place is kept
  CHECK(ev.deadline_ms == t0 + 2 * hour_ms);
  CHECK(ev.report.priority == case_priority::urgent);
  CHECK(ev.report.scenarios == std::vector<std::string>{"festival"});

  // Outside the area nothing changes.
  auto normal = reported(city, "0601", "990001001002");
  const auto before = normal;
  apply_to_report(normal, *rules, city, calendar);
  CHECK(normal.node == before.node);
  CHECK(normal.department == before.department);
  CHECK(normal.deadline_ms == before.deadline_ms);
  CHECK(normal.report.priority == case_priority::normal);
  CHECK(normal.report.scenarios.empty());

  // A category no stationed department handles: routing's proposal from the war-room node.
  auto manhole = reported(city, "0101", "990001001001");
  apply_to_report(manhole, *rules, city, calendar);
  CHECK(manhole.node == "990001002");
  CHECK(manhole.department == "city.municipal_maintenance");
}

TEST_CASE("a routing override of some categories takes only their cases", "[scenario_rules]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar calendar(city.calendar());
  scenario_rule_set s;
  auto noise_desk = war_room(node_area("990001001"));
  noise_desk.categories = {"06"};
  s.routing.push_back(noise_desk);
  const auto rules = overlay({{"exam_quiet", 2, s}});
  auto stall = reported(city, "0601", "990001001001");
  apply_to_report(stall, *rules, city, calendar);
  CHECK(stall.node == "990001002");
  auto litter = reported(city, "0301", "990001001001");
  apply_to_report(litter, *rules, city, calendar);
  CHECK(litter.node == "990001001001");
  CHECK(litter.report.scenarios.empty());
  auto unclassified = reported(city, "", "990001001001");
  apply_to_report(unclassified, *rules, city, calendar);
  CHECK(unclassified.node == "990001001001");
}

TEST_CASE("the war-room centre dispatches its area's cases among the stationed departments",
          "[scenario_rules]") {
  const auto city = cityops::testing::make_test_city();
  scenario_rule_set s;
  s.routing.push_back(war_room(node_area("990001001001")));
  const auto rules = overlay({{"festival", 1, s}});

  auto r = record_of(reported(city, "0301", "990001001001"), case_status::accepted);
  r.node = "990001002";
  auto plan = plan_dispatch(r, city, {}, rules.get());
  CHECK(plan.what == dispatch_plan::kind::dispatch);  // at once: no operator needed
  CHECK(plan.department == "990001.sanitation");
  CHECK(plan.reason == "现场派遣");

  // Returned by the one stationed department for 0301: the street's own rules decide.
  r.status = case_status::returned;
  r.returned_by = {"990001.sanitation"};
  CHECK(plan_dispatch(r, city, {}, rules.get()).what == dispatch_plan::kind::escalate);

  // A case of another area waiting at the same centre is planned as usual.
  auto other = record_of(reported(city, "0301", "990001002001"), case_status::accepted);
  other.node = "990001002";
  CHECK(plan_dispatch(other, city, {}, rules.get()).what == dispatch_plan::kind::escalate);

  // Without dispatch_at_once the centre waits for its operator like any other.
  scenario_rule_set waits;
  waits.routing.push_back(war_room(node_area("990001001001"), false));
  const auto patient = overlay({{"festival", 1, waits}});
  r.status = case_status::accepted;
  r.returned_by.clear();
  CHECK(plan_dispatch(r, city, {}, patient.get()).what == dispatch_plan::kind::wait);
  // The operator's dispatch without a department goes to the stationed one.
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  action_request q;
  q.action = case_action::dispatch;
  q.by = "seat-1";
  auto ev = machine.decide(r, q, t0, patient.get());
  REQUIRE(ev.ok());
  CHECK(ev->department == "990001.sanitation");
  CHECK(machine.decide(r, q, t0)->department == "990001.sanitation");  // routing's own, too
  auto squad = record_of(reported(city, "0601", "990001001001"), case_status::accepted);
  squad.node = "990001002";
  CHECK(machine.decide(squad, q, t0, patient.get())->department == "990001.urban_mgmt");
  CHECK(machine.decide(squad, q, t0)->department == "990001002.squad");
}

TEST_CASE("open cases follow the overlay: moved in, recalled, moved back, never softened",
          "[scenario_rules]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar calendar(city.calendar());
  scenario_rule_set s;
  s.routing.push_back(war_room(node_area("990001001001")));
  s.sla.push_back({"0601", {2, sla_unit::hours}, node_area("990001001001")});
  s.priority.push_back({"0601", case_priority::urgent, std::nullopt});
  const auto rules = overlay({{"festival", 1, s}});
  const auto ev = reported(city, "0601", "990001001001");

  // Waiting at its community: moved to the war room, proposal stationed, SLA and priority.
  auto waiting = record_of(ev, case_status::accepted);
  auto a = adjustment_for(waiting, rules.get(), city, calendar);
  REQUIRE(a);
  CHECK(a->node == "990001002");
  CHECK(a->department == "990001.urban_mgmt");
  CHECK_FALSE(a->recall);
  CHECK(a->deadline_ms == t0 + 2 * hour_ms);
  CHECK(a->priority == case_priority::urgent);
  CHECK(a->scenarios == std::vector<std::string>{"festival"});

  // Dispatched to the street squad: recalled to the war room.
  auto dispatched = record_of(ev, case_status::dispatched);
  dispatched.department = "990001001.squad";
  a = adjustment_for(dispatched, rules.get(), city, calendar);
  REQUIRE(a);
  CHECK(a->recall);
  CHECK(a->node == "990001002");
  // Dispatched at the war room to a department not on site: recalled there.
  dispatched.node = "990001002";
  dispatched.deadline_ms = t0 + 2 * hour_ms;
  dispatched.report.priority = case_priority::urgent;
  a = adjustment_for(dispatched, rules.get(), city, calendar);
  REQUIRE(a);
  CHECK(a->recall);
  CHECK(a->node == "990001002");
  // Dispatched to a stationed department: nothing to do.
  dispatched.department = "990001.urban_mgmt";
  CHECK_FALSE(adjustment_for(dispatched, rules.get(), city, calendar));
  // Being worked on: left alone.
  auto working = record_of(ev, case_status::in_progress);
  CHECK_FALSE(adjustment_for(working, rules.get(), city, calendar));

  // The rules withdrawn: a case waiting at the war room (off its own path) goes back to its
  // report node; its shorter deadline and urgency stand.
  auto at_war_room = record_of(ev, case_status::accepted);
  at_war_room.node = "990001002";
  at_war_room.deadline_ms = t0 + 2 * hour_ms;
  at_war_room.report.priority = case_priority::urgent;
  const auto none = overlay({});
  a = adjustment_for(at_war_room, none.get(), city, calendar);
  REQUIRE(a);
  CHECK(a->node == "990001001001");
  CHECK(a->department == "990001001.squad");  // routing's proposal from there
  CHECK(a->deadline_ms == 0);
  CHECK_FALSE(a->priority);
  CHECK(a->scenarios.empty());
  // A case that climbed its own path normally stays where it is.
  auto escalated = record_of(ev, case_status::escalated);
  escalated.node = "990001";
  CHECK_FALSE(adjustment_for(escalated, none.get(), city, calendar));
  CHECK_FALSE(adjustment_for(escalated, nullptr, city, calendar));
}

TEST_CASE("adjust is one system move whose event the record folds in", "[scenario_rules]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  scenario_rule_set s;
  s.routing.push_back(war_room(node_area("990001001")));
  s.sla.push_back({"0601", {2, sla_unit::hours}, std::nullopt});
  s.priority.push_back({"0601", case_priority::urgent, std::nullopt});
  const auto rules = overlay({{"festival", 1, s}});
  auto r = record_of(reported(city, "0601", "990001001001"), case_status::dispatched);
  r.department = "990001001.squad";
  r.reminded = true;  // the old window's 75% point had passed

  CHECK(is_system_action(case_action::adjust));
  action_request q;
  q.action = case_action::adjust;
  q.by = "scenario:festival";
  auto ev = machine.decide(r, q, t0 + hour_ms, rules.get());
  REQUIRE(ev.ok());
  CHECK(ev->type == event_type::adjusted);
  CHECK(ev->status == case_status::accepted);
  CHECK(ev->from_node == "990001001001");
  CHECK(ev->to_node == "990001002");
  CHECK(ev->reason == "按场景规则调整(festival)");
  apply(r, *ev);
  CHECK(r.node == "990001002");
  CHECK(r.status == case_status::accepted);
  CHECK(r.department == "990001.urban_mgmt");
  CHECK(r.deadline_ms == t0 + 2 * hour_ms);
  CHECK(r.report.priority == case_priority::urgent);
  CHECK_FALSE(r.reminded);  // the new window's (t0 + 1.5 h) lies ahead at t0 + 1 h
  CHECK(r.tier_path.back() == "990001002");
  // Nothing more to adjust: a conflict, like any move with nothing to do.
  const auto again = machine.decide(r, q, t0 + hour_ms, rules.get());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == error_code::conflict);
  // A client cannot take it: illegal from a worked-on status, and a system action.
  r.status = case_status::in_progress;
  CHECK(machine.decide(r, q, t0, rules.get()).error().code == error_code::illegal_transition);
}
