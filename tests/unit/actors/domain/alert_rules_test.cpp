#include "actors/domain/alert_rules.hpp"

#include <catch2/catch.hpp>

#include "tests/support/test_city.hpp"

using namespace cityops::domain;

namespace {

// A case reported at community 990001001001 and dispatched to the street squad.
case_record dispatched_case() {
  case_record r;
  r.id = "9900-20261118-000007";
  r.status = case_status::dispatched;
  r.category = "0601";
  r.node = "990001001";
  r.department = "990001001.squad";
  r.deadline_ms = 1'795'200'000'000;
  r.location_path = {"9900", "990001", "990001001", "990001001001"};
  r.version = 3;
  return r;
}

case_event event(event_type type, std::uint32_t seq, std::string by = "sla") {
  case_event e;
  e.type = type;
  e.seq = seq;
  e.at_ms = 1'795'300'000'000;
  e.by = std::move(by);
  e.status = case_status::dispatched;
  e.node = "990001001";
  e.department = "990001001.squad";
  return e;
}

}  // namespace

TEST_CASE("an overdue mark raises an overdue alert keyed by case and event",
          "[alert_rules]") {
  const auto city = cityops::testing::make_test_city();
  const auto r = dispatched_case();
  const auto a = alert_for(r, event(event_type::overdue, 4), city);
  REQUIRE(a);
  CHECK(a->id == "9900-20261118-000007-e4");
  CHECK(a->id == alert_id(r.id, 4));
  CHECK(a->kind == alert_kind::overdue);
  CHECK(a->case_id == r.id);
  CHECK(a->seq == 4);
  CHECK(a->node == "990001001");
  CHECK(a->department == "990001001.squad");
  CHECK(a->at_ms == 1'795'300'000'000);
  CHECK(a->status == alert_status::open);
  CHECK(a->acked_by.empty());
  CHECK(a->acked_at_ms == 0);
  CHECK(a->category == "0601");
  CHECK(a->deadline_ms == r.deadline_ms);
  CHECK_THAT(a->message, Catch::Contains("overdue") && Catch::Contains(r.id));
}

TEST_CASE("supervision (督办) raises a supervised alert naming the supervising centre",
          "[alert_rules]") {
  const auto city = cityops::testing::make_test_city();
  auto e = event(event_type::supervised, 5, "city-seat");
  e.supervisor_node = "9900";
  e.reason = "群众反复投诉";
  const auto a = alert_for(dispatched_case(), e, city);
  REQUIRE(a);
  CHECK(a->kind == alert_kind::supervised);
  CHECK(a->id == "9900-20261118-000007-e5");
  CHECK_THAT(a->message, Catch::Contains("9900") && Catch::Contains("群众反复投诉"));
}

TEST_CASE("reminders and ordinary moves raise no alert", "[alert_rules]") {
  const auto city = cityops::testing::make_test_city();
  const auto r = dispatched_case();
  for (auto t : {event_type::reminded, event_type::reported, event_type::dispatched,
                 event_type::escalated, event_type::returned, event_type::handled,
                 event_type::closed, event_type::extended, event_type::reopened}) {
    INFO(to_string(t));
    CHECK_FALSE(alert_for(r, event(t, 6), city));
  }
}

TEST_CASE("one commit's alerts come in event order and are the same every time",
          "[alert_rules]") {
  const auto city = cityops::testing::make_test_city();
  const auto r = dispatched_case();
  auto sup = event(event_type::supervised, 6, "city-seat");
  sup.supervisor_node = "9900";
  sup.reason = "督办";
  const std::vector<case_event> events{event(event_type::reminded, 4),
                                       event(event_type::overdue, 5), sup};
  const auto first = alerts_for(r, events, city);
  REQUIRE(first.size() == 2);
  CHECK(first[0].kind == alert_kind::overdue);
  CHECK(first[1].kind == alert_kind::supervised);
  // A replay of the same commit gives the same ids: storing them again changes nothing.
  const auto again = alerts_for(r, events, city);
  REQUIRE(again.size() == 2);
  CHECK(again[0].id == first[0].id);
  CHECK(again[1].id == first[1].id);
  CHECK(first[0].id != first[1].id);
}

TEST_CASE("alert scope: node subtree by location or holder, department or assistant",
          "[alert_rules]") {
  const auto city = cityops::testing::make_test_city();
  auto r = dispatched_case();
  r.assistants = {"990001.sanitation"};
  // Escalated to the district centre: held at 990001 now, reported at 990001001001.
  auto e = event(event_type::overdue, 7);
  e.node = "990001";
  e.department = "990001.urban_mgmt";
  const auto a = alert_for(r, e, city);
  REQUIRE(a);
  CHECK(in_scope(*a, {}));
  CHECK(in_scope(*a, {"9900", ""}));
  CHECK(in_scope(*a, {"990001", ""}));
  CHECK(in_scope(*a, {"990001001", ""}));      // reported below the street
  CHECK(in_scope(*a, {"990001001001", ""}));   // reported in the community
  CHECK_FALSE(in_scope(*a, {"990001001002", ""}));  // a sibling community
  CHECK_FALSE(in_scope(*a, {"990001002", ""}));     // another street
  CHECK(in_scope(*a, {"", "990001.urban_mgmt"}));
  CHECK(in_scope(*a, {"", "990001.sanitation"}));   // assisting
  CHECK_FALSE(in_scope(*a, {"", "990001002.squad"}));
  CHECK(in_scope(*a, {"990001", "990001.urban_mgmt"}));
  CHECK_FALSE(in_scope(*a, {"990001002", "990001.urban_mgmt"}));

  // Held at a node outside the report path: the holder's subtree sees it too.
  auto moved = event(event_type::overdue, 8);
  moved.node = "990001002001";
  const auto b = alert_for(r, moved, city);
  REQUIRE(b);
  CHECK(in_scope(*b, {"990001002", ""}));
  CHECK(in_scope(*b, {"990001002001", ""}));
  CHECK(in_scope(*b, {"990001001", ""}));
}

TEST_CASE("the first acknowledgement stands", "[alert_rules]") {
  const auto city = cityops::testing::make_test_city();
  auto a = alert_for(dispatched_case(), event(event_type::overdue, 4), city);
  REQUIRE(a);
  CHECK(acknowledge(*a, "seat-1", 1000));
  CHECK(a->status == alert_status::acked);
  CHECK(a->acked_by == "seat-1");
  CHECK(a->acked_at_ms == 1000);
  CHECK_FALSE(acknowledge(*a, "seat-2", 2000));
  CHECK(a->acked_by == "seat-1");
  CHECK(a->acked_at_ms == 1000);
}

TEST_CASE("alert enum wire names round-trip", "[alert_rules]") {
  for (int k = static_cast<int>(alert_kind::overdue);
       k <= static_cast<int>(alert_kind::letter_overdue); ++k)
    CHECK(parse_alert_kind(to_string(static_cast<alert_kind>(k))) == static_cast<alert_kind>(k));
  for (auto s : {alert_status::open, alert_status::acked, alert_status::closed})
    CHECK(parse_alert_status(to_string(s)) == s);
  for (auto l : {alert_level::blue, alert_level::yellow, alert_level::orange, alert_level::red})
    CHECK(parse_alert_level(to_string(l)) == l);
  CHECK(to_string(alert_status::acked) == "acked");
  CHECK(to_string(alert_kind::supervised) == "supervised");
  CHECK(to_string(alert_kind::cluster) == "cluster");
  CHECK(to_string(alert_level::orange) == "orange");
  CHECK_FALSE(parse_alert_status("done"));
  CHECK_FALSE(parse_alert_kind("reminded"));
  CHECK_FALSE(parse_alert_level("green"));
}

TEST_CASE("closing acknowledges on the way and keeps the first close", "[alert_rules]") {
  alert a;
  a.id = "x";
  REQUIRE(close_alert(a, "seat-1", 2000, "已处置"));
  CHECK(a.status == alert_status::closed);
  CHECK(a.acked_by == "seat-1");
  CHECK(a.acked_at_ms == 2000);
  CHECK(a.closed_at_ms == 2000);
  CHECK(a.close_note == "已处置");
  CHECK_FALSE(close_alert(a, "seat-2", 3000, "again"));
  CHECK(a.close_note == "已处置");
  CHECK_FALSE(acknowledge(a, "seat-2", 3000));  // a closed alert is not acked again

  alert b;
  REQUIRE(acknowledge(b, "seat-1", 1000));
  REQUIRE(close_alert(b, "seat-2", 2000, "done"));
  CHECK(b.acked_by == "seat-1");  // the first acknowledgement stands
  CHECK(b.closed_by == "seat-2");
}

TEST_CASE("an episode grows its alert: evidence, never a lower level, never once closed",
          "[alert_rules]") {
  alert stored;
  stored.id = "cl-1";
  stored.kind = alert_kind::cluster;
  stored.level = alert_level::orange;
  stored.at_ms = 1000;
  stored.evidence.case_ids = {"a", "b", "c", "d", "e"};
  stored.evidence.count = 5;

  alert same = stored;
  CHECK_FALSE(grow(stored, same));  // nothing new

  alert more = stored;
  more.level = alert_level::yellow;
  more.evidence.case_ids.push_back("f");
  more.evidence.count = 6;
  more.updated_ms = 5000;
  more.message = "6 reports";
  REQUIRE(grow(stored, more));
  CHECK(stored.evidence.count == 6);
  CHECK(stored.level == alert_level::orange);  // never lowered
  CHECK(stored.updated_ms == 5000);
  CHECK(stored.at_ms == 1000);  // raised when it was raised
  CHECK(stored.message == "6 reports");

  more.level = alert_level::red;
  more.evidence.count = 50;
  REQUIRE(grow(stored, more));
  CHECK(stored.level == alert_level::red);

  REQUIRE(close_alert(stored, "seat", 6000, "疏散完毕"));
  more.evidence.count = 51;
  CHECK_FALSE(grow(stored, more));
  CHECK(stored.evidence.count == 50);
}

TEST_CASE("an urgent case alerts the node that holds it when reported and when dispatched",
          "[alert_rules][urgent]") {
  const auto city = cityops::testing::make_test_city();
  auto r = dispatched_case();
  r.report.priority = case_priority::urgent;

  auto reported = event(event_type::reported, 1, "hotline");
  reported.status = case_status::reported;
  reported.node = "990001001001";
  reported.department.clear();
  reported.report.priority = case_priority::urgent;
  const auto at_intake = alert_for(r, reported, city);
  REQUIRE(at_intake);
  CHECK(at_intake->kind == alert_kind::urgent);
  CHECK(at_intake->id == alert_id(r.id, 1));
  CHECK(at_intake->node == "990001001001");
  CHECK(at_intake->level == alert_level::orange);
  CHECK(in_scope(*at_intake, {"990001001", ""}));  // the street's supervisors see it
  CHECK_THAT(at_intake->message, Catch::Contains("urgent") && Catch::Contains(r.id));

  const auto dispatched = alert_for(r, event(event_type::dispatched, 4, "centre:990001001"), city);
  REQUIRE(dispatched);
  CHECK(dispatched->kind == alert_kind::urgent);
  CHECK(dispatched->node == "990001001");
  CHECK(dispatched->department == "990001001.squad");
  CHECK(in_scope(*dispatched, {"", "990001001.squad"}));
  CHECK_THAT(dispatched->message, Catch::Contains("dispatched"));
  // Climbing the rings raises none: the first alert is in the centres' scope already.
  CHECK_FALSE(alert_for(r, event(event_type::escalated, 5, "centre:990001001"), city));

  // A rule making an open case urgent tells its holder too.
  auto normal = dispatched_case();
  auto adjusted = event(event_type::adjusted, 6, "scenario");
  adjusted.priority = case_priority::urgent;
  normal.report.priority = case_priority::urgent;
  const auto raised = alert_for(normal, adjusted, city);
  REQUIRE(raised);
  CHECK(raised->kind == alert_kind::urgent);
}

TEST_CASE("normal cases and risk-lexicon reports raise no urgent alert",
          "[alert_rules][urgent]") {
  const auto city = cityops::testing::make_test_city();
  const auto normal = dispatched_case();
  CHECK_FALSE(alert_for(normal, event(event_type::dispatched, 4, "centre:990001001"), city));
  auto reported = event(event_type::reported, 1, "hotline");
  CHECK_FALSE(alert_for(normal, reported, city));
  // The risk watch raises the sensitive-words alert of an urgent risk report instead.
  reported.report.priority = case_priority::urgent;
  reported.report.risk.words = {"跳楼"};
  CHECK_FALSE(alert_for(normal, reported, city));
  // Other moves of an urgent case raise nothing.
  auto urgent = dispatched_case();
  urgent.report.priority = case_priority::urgent;
  CHECK_FALSE(alert_for(urgent, event(event_type::started, 5, "squad/li"), city));
  CHECK(to_string(alert_kind::urgent) == "urgent");
  CHECK(parse_alert_kind("urgent") == alert_kind::urgent);
}
