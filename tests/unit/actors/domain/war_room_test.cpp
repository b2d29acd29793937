// The festival war room's pure parts: the board's cases (newer snapshots win, what counts as
// received, open, done, overdue and the last hour), the flat on-site queue's order, the
// stationed departments' load, the resource ledger (dispatch, release, run checks naming the
// field, references, totals) and the rules a profile contributes.
#include <catch2/catch.hpp>

#include "actors/domain/scenario_rules.hpp"
#include "actors/domain/war_room_cases.hpp"
#include "actors/domain/war_room_profile.hpp"
#include "actors/domain/war_room_resources.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;

namespace {

constexpr std::int64_t t0 = 1'795'000'000'000;
constexpr std::int64_t minute = 60'000;
constexpr std::int64_t hour = 60 * minute;

case_record snapshot(std::string id, std::int64_t created, case_status status = case_status::dispatched,
                     std::uint32_t version = 1) {
  case_record r;
  r.id = std::move(id);
  r.created_ms = created;
  r.status = status;
  r.version = version;
  r.category = "0601";
  r.node = "990001002";
  r.department = "990001.urban_mgmt";
  r.deadline_ms = created + 2 * hour;
  return r;
}

std::vector<std::string> ids(const std::vector<const war_room_case*>& q) {
  std::vector<std::string> out;
  for (const auto* c : q) out.push_back(c->id);
  return out;
}

war_room_profile festival() {
  war_room_profile p;
  p.area.node = "990001001";
  p.centre = "990001002";
  p.from_ms = t0;
  p.until_ms = t0 + 6 * hour;
  p.stations = {{"990001.urban_mgmt", {{"东门组", 8}, {"西门组", 6}}},
                {"990001.sanitation", {{"保洁组", 12}}}};
  p.resources = {{"bus-01", "shuttle_bus", "接驳车 01", 60}, {"bus-02", "shuttle_bus", "接驳车 02", 45}};
  return p;
}

}  // namespace

TEST_CASE("the board keeps the newest state of each case and counts it", "[war_room]") {
  war_room_cases cases(t0);
  CHECK(cases.observe(snapshot("a", t0 + minute, case_status::reported, 1)));
  CHECK(cases.observe(snapshot("a", t0 + minute, case_status::dispatched, 3)));
  // A listing read before the last commit does not undo it.
  CHECK_FALSE(cases.observe(snapshot("a", t0 + minute, case_status::reported, 2)));
  CHECK(cases.find("a")->status == case_status::dispatched);
  // An open case reported before the window is on the board, not received; a closed one is
  // not followed.
  CHECK(cases.observe(snapshot("old", t0 - hour, case_status::accepted)));
  CHECK_FALSE(cases.observe(snapshot("gone", t0 - hour, case_status::closed)));
  CHECK(cases.observe(snapshot("b", t0 + 2 * hour, case_status::closed)));

  auto n = cases.count(t0 + 2 * hour + minute);
  CHECK(n.received == 2);
  CHECK(n.open == 2);
  CHECK(n.done == 1);
  CHECK(n.last_hour == 1);
  CHECK(n.overdue == 1);  // "old" is past its deadline
  CHECK(cases.last_hour_by_category(t0 + 2 * hour + minute) ==
        std::map<std::string, std::uint64_t>{{"0601", 1}});
  // The old case closing leaves the open count; never received, it is not counted done.
  CHECK(cases.observe(snapshot("old", t0 - hour, case_status::closed, 2)));
  n = cases.count(t0 + 2 * hour + minute);
  CHECK(n.open == 1);
  CHECK(n.done == 1);
}

TEST_CASE("the on-site queue puts urgent then overdue then the earliest deadline first",
          "[war_room]") {
  war_room_cases cases(t0);
  auto late = snapshot("late", t0 + 3 * minute);
  late.deadline_ms = t0 + 4 * hour;
  auto soon = snapshot("soon", t0 + 2 * minute);
  soon.deadline_ms = t0 + hour;
  auto urgent = snapshot("urgent", t0 + 5 * minute);
  urgent.report.priority = case_priority::urgent;
  urgent.deadline_ms = t0 + 5 * hour;
  auto overdue = snapshot("overdue", t0 + 4 * minute);
  overdue.overdue = true;
  overdue.deadline_ms = t0 + 3 * hour;
  auto none = snapshot("none", t0 + minute);
  none.deadline_ms = 0;
  auto same = snapshot("same", t0 + minute);
  same.deadline_ms = t0 + 4 * hour;
  for (const auto& r : {late, soon, urgent, overdue, none, same}) cases.observe(r);
  cases.observe(snapshot("closed", t0, case_status::closed));
  CHECK(ids(cases.queue(10)) ==
        std::vector<std::string>{"urgent", "overdue", "soon", "same", "late", "none"});
  CHECK(ids(cases.queue(2)) == std::vector<std::string>{"urgent", "overdue"});
}

TEST_CASE("a stationed department's load: assigned, working, handled", "[war_room]") {
  war_room_cases cases(t0);
  cases.observe(snapshot("a", t0, case_status::dispatched));
  cases.observe(snapshot("b", t0, case_status::in_progress));
  cases.observe(snapshot("c", t0, case_status::handled));
  cases.observe(snapshot("d", t0, case_status::closed));
  auto other = snapshot("e", t0, case_status::dispatched);
  other.department = "990001.sanitation";
  cases.observe(other);
  const auto load = cases.load_of("990001.urban_mgmt");
  CHECK(load.assigned == 1);
  CHECK(load.working == 1);
  CHECK(load.handled == 2);
  CHECK(cases.load_of("990001.sanitation").assigned == 1);
}

TEST_CASE("resources are dispatched and released once at a time", "[war_room]") {
  const auto p = festival();
  resource_ledger ledger(p.resources, p.from_ms, p.until_ms);
  CHECK(ledger.check_dispatch("bus-01") == std::nullopt);
  ledger.dispatch("bus-01", resource_dispatch{"东门", "", t0 + minute, "op-1"});
  const auto again = ledger.check_dispatch("bus-01");
  REQUIRE(again);
  CHECK(again->code == error_code::conflict);
  CHECK(again->field == "resource");
  CHECK(ledger.check_dispatch("bus-99")->code == error_code::not_found);
  CHECK(ledger.check_release("bus-02")->code == error_code::conflict);
  CHECK(ledger.check_release("bus-01") == std::nullopt);
  ledger.release("bus-01");
  CHECK_FALSE(ledger.find("bus-01")->out);
}

TEST_CASE("a run is checked against capacity and the window and ends the dispatch",
          "[war_room]") {
  const auto p = festival();
  resource_ledger ledger(p.resources, p.from_ms, p.until_ms);
  const auto now = t0 + hour;
  resource_run r;
  r.resource = "bus-02";
  r.people = 46;
  auto refused = ledger.prepare_run(r, now);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "people");
  r.people = 45;
  r.at_ms = t0 - minute;
  CHECK(ledger.prepare_run(r, now).error().field == "at");
  r.at_ms = now + 10 * minute;
  CHECK(ledger.prepare_run(r, now).error().field == "at");
  r.resource = "bus-99";
  CHECK(ledger.prepare_run(r, now).error().code == error_code::not_found);

  // Dispatched to the east gate for a case: the run takes them when it names none.
  ledger.dispatch("bus-01", resource_dispatch{"东门", "9900-20261118-1", t0 + minute, "op-1"});
  resource_run trip;
  trip.resource = "bus-01";
  trip.people = 60;
  trip.ref = "d1-001";
  auto ok = ledger.prepare_run(trip, now);
  REQUIRE(ok.ok());
  CHECK(ok->number == 1);
  CHECK(ok->at_ms == now);
  CHECK(ok->to == "东门");
  CHECK(ok->case_id == "9900-20261118-1");
  const auto& stored = ledger.add_run(std::move(ok.value()));
  CHECK(stored.number == 1);
  CHECK_FALSE(ledger.find("bus-01")->out);
  CHECK(ledger.by_ref("bus-01", "d1-001") == &stored);
  CHECK(ledger.by_ref("bus-02", "d1-001") == nullptr);

  resource_run second;
  second.resource = "bus-01";
  second.people = 30;
  second.at_ms = t0 + 10 * minute;
  ledger.add_run(ledger.prepare_run(second, now).value());
  CHECK(ledger.totals().runs == 2);
  CHECK(ledger.totals().people == 90);
  CHECK(ledger.find("bus-01")->runs == 2);
  CHECK(ledger.find("bus-01")->people == 90);
  CHECK(ledger.find("bus-01")->last_run_ms == now);
  CHECK(ledger.after(now - 30 * minute).runs == 1);
  const auto newest = ledger.runs_of("bus-01", 1);
  REQUIRE(newest.size() == 1);
  CHECK(newest[0]->number == 2);
}

TEST_CASE("a war room's rules send its area on site with a short limit", "[war_room]") {
  const auto city = cityops::testing::make_test_city();
  const auto p = festival();
  CHECK(p.people_on_site() == 26);
  CHECK(p.departments() == std::vector<std::string>{"990001.urban_mgmt", "990001.sanitation"});
  const scenario_rules rules({rule_contribution{"war_room", 1, war_room_rules(p, city)}});
  case_record r;
  r.location_path = {"9900", "990001", "990001001", "990001001001"};
  r.category = "0601";
  const auto route = rules.route(place_of(r), "0601");
  REQUIRE(route);
  CHECK(route.rule->node == "990001002");
  CHECK(route.rule->dispatch_at_once);
  const auto sla = rules.sla("0301", place_of(r));
  REQUIRE(sla);
  CHECK(sla.rule->limit.limit == 2);
  CHECK(sla.rule->limit.unit == cityops::config::sla_unit::hours);
  r.location_path = {"9900", "990001", "990001002", "990001002001"};
  CHECK_FALSE(rules.route(place_of(r), "0601"));
}
