#include "actors/domain/case_machine.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <utility>

#include "tests/support/test_city.hpp"

using namespace cityops::domain;
using cityops::testing::make_test_city;

namespace {

constexpr std::int64_t now = 1'795'000'000'000;  // 2026-11-18

// The design's move table restated independently of the implementation:
// (status, action) -> status after. Anything absent is illegal.
const std::map<std::pair<case_status, case_action>, case_status>& expected_moves() {
  using s = case_status;
  using a = case_action;
  static const std::map<std::pair<s, a>, s> moves = [] {
    std::map<std::pair<s, a>, s> m{
        {{s::reported, a::verify}, s::verified},
        {{s::reported, a::reject}, s::rejected},
        {{s::verified, a::reject}, s::rejected},
        {{s::verified, a::accept}, s::accepted},
        {{s::accepted, a::dispatch}, s::dispatched},
        {{s::accepted, a::escalate}, s::escalated},
        {{s::dispatched, a::return_case}, s::returned},
        {{s::dispatched, a::transfer}, s::dispatched},
        {{s::dispatched, a::escalate}, s::escalated},
        {{s::dispatched, a::start}, s::in_progress},
        {{s::returned, a::dispatch}, s::dispatched},
        {{s::returned, a::escalate}, s::escalated},
        {{s::escalated, a::dispatch}, s::dispatched},
        {{s::escalated, a::escalate}, s::escalated},
        {{s::in_progress, a::escalate}, s::escalated},
        {{s::in_progress, a::handle}, s::handled},
        {{s::in_progress, a::extend}, s::in_progress},
        {{s::handled, a::inspect}, s::inspected},
        {{s::inspected, a::close}, s::closed},
        {{s::closed, a::followup}, s::followed_up},
        {{s::closed, a::reopen}, s::accepted},
        {{s::followed_up, a::reopen}, s::accepted},
    };
    m[{s::in_progress, a::approve_extension}] = s::in_progress;
    m[{s::in_progress, a::deny_extension}] = s::in_progress;
    for (auto st : {s::dispatched, s::in_progress}) m[{st, a::assist}] = st;
    for (auto st : {s::dispatched, s::in_progress, s::handled}) m[{st, a::assist_report}] = st;
    for (auto open : {s::reported, s::verified, s::accepted, s::dispatched, s::returned,
                      s::escalated, s::in_progress, s::handled, s::inspected}) {
      m[{open, a::supervise}] = open;
      m[{open, a::merge}] = s::merged;
      m[{open, a::remind}] = open;
      m[{open, a::mark_overdue}] = open;
    }
    for (auto st : {s::reported, s::verified, s::accepted, s::dispatched, s::returned,
                    s::escalated, s::in_progress})
      m[{st, a::reclassify}] = st;
    m[{s::reported, a::confirm}] = s::verified;
    return m;
  }();
  return moves;
}

const std::vector<case_status>& all_statuses() {
  static const std::vector<case_status> all = [] {
    std::vector<case_status> v;
    for (int i = 0; i <= static_cast<int>(case_status::merged); ++i)
      v.push_back(static_cast<case_status>(i));
    return v;
  }();
  return all;
}

// A plausible record in `status`: at a community until escalated, assigned while dispatched
// or later.
case_record record_in(case_status status) {
  case_record r;
  r.id = "9900-20261118-000001";
  r.category = "0601";
  r.status = status;
  r.version = 3;
  r.node = status == case_status::escalated ? "990001001" : "990001001001";
  r.deadline_ms = now - 1;  // past: both SLA marks are due
  switch (status) {
    case case_status::dispatched:
    case case_status::in_progress:
    case case_status::handled:
    case case_status::inspected:
    case case_status::closed:
    case case_status::followed_up:
      r.department = "990001001.squad";
      break;
    default:
      break;
  }
  return r;
}

// A request for `a` with every field it needs.
action_request valid_request(case_action a) {
  action_request q;
  q.action = a;
  q.by = "operator-7";
  q.reason = "测试原因";
  if (a == case_action::transfer || a == case_action::assist_report)
    q.department = "990001002.squad";
  q.departments = {"990001002.squad"};
  q.node = "990001";
  q.result = "已清理";
  q.passed = true;
  q.satisfaction = 5;
  q.until_ms = now + 48 * 3600 * 1000LL;
  q.into = "9900-20261118-000002";
  if (a == case_action::reclassify) q.category = "0101";  // records start in 0601
  return q;
}

}  // namespace

TEST_CASE("every (status, action) pair follows the design's move table", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  int legal = 0;
  int illegal = 0;
  for (auto status : all_statuses()) {
    std::vector<std::string> expected_allowed;
    for (auto a : all_case_actions())
      if (expected_moves().count({status, a}) && !is_system_action(a)) expected_allowed.emplace_back(to_string(a));
    for (auto a : all_case_actions()) {
      INFO("status " << to_string(status) << ", action " << to_string(a));
      auto rec = record_in(status);
      if (a == case_action::approve_extension || a == case_action::deny_extension)
        rec.pending_extension_ms = now + 10 * 3600 * 1000LL;
      if (a == case_action::assist_report) rec.assistants = {"990001002.squad"};
      const auto out = machine.decide(rec, valid_request(a), now);
      if (a == case_action::adjust && is_open(status) && status != case_status::in_progress &&
          status != case_status::handled && status != case_status::inspected) {
        // Legal until the case is worked on; without a scenario's rules there is nothing to
        // adjust (scenario_rules_test.cpp has the moves it makes).
        ++legal;
        REQUIRE_FALSE(out.ok());
        CHECK(out.error().code == error_code::conflict);
        continue;
      }
      auto it = expected_moves().find({status, a});
      if (it != expected_moves().end()) {
        ++legal;
        REQUIRE(out.ok());
        CHECK(out.value().status == it->second);
        CHECK(out.value().seq == rec.version + 1);
        CHECK(out.value().at_ms == now);
        CHECK(out.value().by == "operator-7");
      } else {
        ++illegal;
        REQUIRE_FALSE(out.ok());
        CHECK(out.error().code == error_code::illegal_transition);
        REQUIRE(out.error().status.has_value());
        CHECK(*out.error().status == status);
        CHECK(out.error().allowed == expected_allowed);
        CHECK_THAT(out.error().message,
                   Catch::Contains(std::string(to_string(status))) &&
                       Catch::Contains(std::string(to_string(a))));
      }
    }
  }
  CHECK(legal == 79);
  CHECK(illegal == 13 * 25 - 79);
}

TEST_CASE("allowed_actions names the legal moves of a status", "[case_machine]") {
  CHECK(allowed_actions(case_status::rejected).empty());
  CHECK(allowed_actions(case_status::merged).empty());
  const auto from_closed = allowed_actions(case_status::closed);
  CHECK(from_closed == std::vector<case_action>{case_action::followup, case_action::reopen});
}

TEST_CASE("escalation climbs one ring at a time with from/to nodes", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  auto r = record_in(case_status::accepted);
  auto q = valid_request(case_action::escalate);
  const std::vector<std::tuple<std::string, std::string, ring>> hops{
      {"990001001001", "990001001", ring::small},
      {"990001001", "990001", ring::medium},
      {"990001", "9900", ring::large}};
  for (const auto& [from, to, expected_ring] : hops) {
    auto ev = machine.decide(r, q, now);
    REQUIRE(ev.ok());
    CHECK(ev->type == event_type::escalated);
    CHECK(ev->from_node == from);
    CHECK(ev->to_node == to);
    CHECK(ev->node == to);
    CHECK(ev->ring == expected_ring);
    CHECK(ev->department.empty());
    apply(r, *ev);
  }
  CHECK(r.tier_path.back() == "9900");
  auto at_top = machine.decide(r, q, now);
  REQUIRE_FALSE(at_top.ok());
  CHECK(at_top.error().code == error_code::illegal_transition);
  CHECK_THAT(at_top.error().message, Catch::Contains("no parent"));
}

TEST_CASE("dispatch without a department follows the routing rules", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  auto r = record_in(case_status::accepted);
  action_request q;
  q.action = case_action::dispatch;
  q.by = "op";
  auto ev = machine.decide(r, q, now);
  REQUIRE(ev.ok());
  CHECK(ev->department == "990001001.squad");

  r.category = "0101";  // manholes: only the city's municipal maintenance
  ev = machine.decide(r, q, now);
  REQUIRE(ev.ok());
  CHECK(ev->department == "city.municipal_maintenance");

  q.department = "no.such.department";
  ev = machine.decide(r, q, now);
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().code == error_code::unknown_department);
  CHECK(ev.error().field == "department");

  r.category.clear();
  q.department.clear();
  ev = machine.decide(r, q, now);
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().field == "department");
}

TEST_CASE("actions name the missing or invalid field", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  struct bad {
    case_status status;
    case_action action;
    void (*spoil)(action_request&);
    error_code code;
    const char* field;
  };
  const std::vector<bad> cases{
      {case_status::reported, case_action::verify, [](action_request& q) { q.by.clear(); },
       error_code::missing_field, "by"},
      {case_status::reported, case_action::reject, [](action_request& q) { q.reason.clear(); },
       error_code::missing_field, "reason"},
      {case_status::dispatched, case_action::return_case,
       [](action_request& q) { q.reason.clear(); }, error_code::missing_field, "reason"},
      {case_status::dispatched, case_action::transfer,
       [](action_request& q) { q.department.clear(); }, error_code::missing_field, "department"},
      {case_status::dispatched, case_action::transfer,
       [](action_request& q) { q.department = "990001001.squad"; }, error_code::invalid_field,
       "department"},
      {case_status::in_progress, case_action::handle, [](action_request& q) { q.result.clear(); },
       error_code::missing_field, "result"},
      {case_status::handled, case_action::inspect, [](action_request& q) { q.passed.reset(); },
       error_code::missing_field, "passed"},
      {case_status::handled, case_action::inspect,
       [](action_request& q) {
         q.passed = false;
         q.reason.clear();
       },
       error_code::missing_field, "reason"},
      {case_status::closed, case_action::followup, [](action_request& q) { q.satisfaction = 6; },
       error_code::invalid_field, "satisfaction"},
      {case_status::closed, case_action::followup, [](action_request& q) { q.satisfaction = 0; },
       error_code::missing_field, "satisfaction"},
      {case_status::in_progress, case_action::extend,
       [](action_request& q) { q.until_ms = now - 5; }, error_code::invalid_field, "until"},
      {case_status::accepted, case_action::supervise, [](action_request& q) { q.node.clear(); },
       error_code::missing_field, "node"},
      {case_status::accepted, case_action::supervise,
       [](action_request& q) { q.node = "990001001"; }, error_code::invalid_field, "node"},
      {case_status::in_progress, case_action::assist,
       [](action_request& q) { q.departments = {"nope"}; }, error_code::unknown_department,
       "departments"},
      {case_status::in_progress, case_action::assist,
       [](action_request& q) { q.departments = {"990001001.squad"}; }, error_code::invalid_field,
       "departments"},
      {case_status::in_progress, case_action::assist_report,
       [](action_request& q) { q.department = "990001001.squad"; }, error_code::invalid_field,
       "department"},
      {case_status::in_progress, case_action::extend, [](action_request& q) { q.until_ms = 0; },
       error_code::missing_field, "until"},
      {case_status::accepted, case_action::merge,
       [](action_request& q) { q.into = "9900-20261118-000001"; }, error_code::invalid_field,
       "into"},
      {case_status::reported, case_action::verify, [](action_request& q) { q.category = "9999"; },
       error_code::unknown_category, "category"},
  };
  for (const auto& b : cases) {
    INFO(to_string(b.action) << " from " << to_string(b.status) << " spoiling " << b.field);
    auto q = valid_request(b.action);
    b.spoil(q);
    const auto out = machine.decide(record_in(b.status), q, now);
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().code == b.code);
    CHECK(out.error().field == b.field);
  }
}

TEST_CASE("a full lifecycle folds into the record", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  case_record r = record_in(case_status::reported);
  r.version = 0;
  r.category = "0601";
  const std::vector<case_action> path{case_action::verify,   case_action::accept,
                                      case_action::dispatch, case_action::start,
                                      case_action::handle,   case_action::inspect,
                                      case_action::close,    case_action::followup};
  for (auto a : path) {
    auto q = valid_request(a);
    if (a == case_action::dispatch) q.department.clear();
    auto ev = machine.decide(r, q, now);
    REQUIRE(ev.ok());
    apply(r, *ev);
  }
  CHECK(r.status == case_status::followed_up);
  CHECK(r.version == path.size());
  CHECK(r.department == "990001001.squad");
  CHECK(r.satisfaction == 5);

  auto reopen = machine.decide(r, valid_request(case_action::reopen), now);
  REQUIRE(reopen.ok());
  apply(r, *reopen);
  CHECK(r.status == case_status::accepted);
  CHECK(r.department.empty());
  CHECK(r.deadline_ms == calendar.deadline(now, {2, cityops::config::sla_unit::working_days}));
}

TEST_CASE("a failed inspection sends the case back to work", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  auto r = record_in(case_status::handled);
  auto q = valid_request(case_action::inspect);
  q.passed = false;
  auto ev = machine.decide(r, q, now);
  REQUIRE(ev.ok());
  CHECK(ev->status == case_status::in_progress);
  apply(r, *ev);
  CHECK(r.rework_count == 1);
}

TEST_CASE("action wire names round-trip", "[case_machine]") {
  for (auto a : all_case_actions()) CHECK(parse_case_action(to_string(a)) == a);
  CHECK(to_string(case_action::return_case) == "return");
  CHECK_FALSE(parse_case_action("teleport").has_value());
}

TEST_CASE("an extension needs approval before the deadline moves", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  auto r = record_in(case_status::in_progress);
  r.deadline_ms = now + 3600 * 1000;
  const auto old_deadline = r.deadline_ms;
  auto ask = valid_request(case_action::extend);
  auto requested = machine.decide(r, ask, now);
  REQUIRE(requested.ok());
  CHECK(requested->type == event_type::extension_requested);
  apply(r, *requested);
  CHECK(r.deadline_ms == old_deadline);
  CHECK(r.pending_extension_ms == ask.until_ms);
  auto again = machine.decide(r, ask, now);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == error_code::conflict);

  auto approved = machine.decide(r, valid_request(case_action::approve_extension), now);
  REQUIRE(approved.ok());
  apply(r, *approved);
  CHECK(r.deadline_ms == ask.until_ms);
  CHECK(r.pending_extension_ms == 0);
  auto nothing_pending = machine.decide(r, valid_request(case_action::deny_extension), now);
  REQUIRE_FALSE(nothing_pending.ok());
  CHECK(nothing_pending.error().code == error_code::conflict);
}

TEST_CASE("SLA marks come only when due, once each", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  auto r = record_in(case_status::in_progress);
  r.sla_start_ms = now;
  r.deadline_ms = now + 4 * 3600 * 1000LL;  // reminder due after 3 hours
  CHECK(reminder_due(r) == now + 3 * 3600 * 1000LL);
  CHECK(next_sla_due(r) == reminder_due(r));
  auto sys = valid_request(case_action::remind);
  sys.by = "sla";
  CHECK_FALSE(machine.decide(r, sys, now + 3 * 3600 * 1000LL - 1).ok());
  auto reminded = machine.decide(r, sys, now + 3 * 3600 * 1000LL);
  REQUIRE(reminded.ok());
  apply(r, *reminded);
  CHECK(r.reminded);
  CHECK(next_sla_due(r) == r.deadline_ms);
  CHECK_FALSE(machine.decide(r, sys, now + 3 * 3600 * 1000LL).ok());

  sys.action = case_action::mark_overdue;
  CHECK_FALSE(machine.decide(r, sys, r.deadline_ms - 1).ok());
  auto overdue = machine.decide(r, sys, r.deadline_ms);
  REQUIRE(overdue.ok());
  apply(r, *overdue);
  CHECK(r.overdue);
  CHECK(next_sla_due(r) == 0);
  CHECK(is_system_action(case_action::remind));
  CHECK_FALSE(is_system_action(case_action::extend));
}

TEST_CASE("co-handling: assistants are named and report back", "[case_machine]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  auto r = record_in(case_status::in_progress);
  auto assist = machine.decide(r, valid_request(case_action::assist), now);
  REQUIRE(assist.ok());
  apply(r, *assist);
  CHECK(r.assistants == std::vector<std::string>{"990001002.squad"});
  CHECK(r.department == "990001001.squad");
  auto report = valid_request(case_action::assist_report);
  auto reported = machine.decide(r, report, now);
  REQUIRE(reported.ok());
  apply(r, *reported);
  CHECK(r.assist_reports == std::vector<std::string>{"990001002.squad"});
}

TEST_CASE("classifying at verify sets the deadline from the category, counted from the report",
          "[case_machine][sla]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  case_record r;
  r.id = "9900-20261118-000001";
  case_event reported;
  reported.seq = 1;
  reported.at_ms = now;
  reported.node = "990001001001";
  apply(r, reported);
  REQUIRE(r.deadline_ms == 0);

  auto q = valid_request(case_action::verify);
  q.category = "0101";  // 24 hours
  const auto later = now + 3600 * 1000LL;
  auto ev = machine.decide(r, q, later);
  REQUIRE(ev.ok());
  CHECK(ev->deadline_ms == now + 24 * 3600 * 1000LL);
  CHECK(ev->previous_category.empty());
  apply(r, *ev);
  CHECK(r.category == "0101");
  CHECK(r.deadline_ms == now + 24 * 3600 * 1000LL);
  CHECK(next_sla_due(r) == now + 18 * 3600 * 1000LL);  // the reminder at 75 %

  // The SLA clock then reminds and marks the case overdue as for any classified case.
  action_request sys;
  sys.by = "sla";
  sys.action = case_action::remind;
  auto remind = machine.decide(r, sys, now + 18 * 3600 * 1000LL);
  REQUIRE(remind.ok());
  apply(r, *remind);
  sys.action = case_action::mark_overdue;
  auto overdue = machine.decide(r, sys, r.deadline_ms);
  REQUIRE(overdue.ok());
  apply(r, *overdue);
  CHECK(r.overdue);
}

TEST_CASE("a reclassification records from and to and moves the deadline", "[case_machine][sla]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  auto r = record_in(case_status::accepted);
  r.sla_start_ms = now;
  r.deadline_ms = now + 24 * 3600 * 1000LL;  // 0101, 24 hours
  r.category = "0101";
  r.reminded = true;  // at 18 hours
  auto q = valid_request(case_action::reclassify);
  q.category = "0601";  // 2 working days: the reminder point moves later
  auto ev = machine.decide(r, q, now + 19 * 3600 * 1000LL);
  REQUIRE(ev.ok());
  CHECK(ev->type == event_type::reclassified);
  CHECK(ev->status == case_status::accepted);
  CHECK(ev->previous_category == "0101");
  CHECK(ev->category == "0601");
  CHECK(ev->deadline_ms == calendar.deadline(now, {2, cityops::config::sla_unit::working_days}));
  apply(r, *ev);
  CHECK(r.category == "0601");
  CHECK(r.deadline_ms == ev->deadline_ms);
  CHECK_FALSE(r.reminded);  // the new reminder point lies ahead

  q.category = "0601";
  auto same = machine.decide(r, q, now);
  REQUIRE_FALSE(same.ok());
  CHECK(same.error().field == "category");
  q.category.clear();
  CHECK(machine.decide(r, q, now).error().field == "category");
}
