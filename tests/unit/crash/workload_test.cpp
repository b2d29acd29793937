// tools/crash/workload + replies: the crash test's choice of requests and its reading of the
// service's replies.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "tools/crash/replies.hpp"
#include "tools/crash/workload.hpp"
#include "tools/load/json_text.hpp"

using namespace cityops::crash;

namespace {

// The status each planned action leads to in the service (case_machine), for a walk that
// does not need the service. `body` tells a failed inspection from a passed one.
std::string status_after(const planned_action& a, const case_plan& p) {
  static const std::map<std::string, std::string> next{
      {"verify", "verified"},   {"reject", "rejected"},      {"accept", "accepted"},
      {"dispatch", "dispatched"}, {"return", "returned"},    {"transfer", "dispatched"},
      {"start", "in_progress"}, {"handle", "handled"},       {"close", "closed"},
      {"followup", "followed_up"}, {"extend", "in_progress"}, {"approve_extension", "in_progress"},
      {"reopen", "accepted"}};
  if (a.action == "inspect")
    return a.body.find("\"passed\":true") != std::string::npos ? "inspected" : "in_progress";
  auto it = next.find(a.action);
  return it == next.end() ? p.status : it->second;
}

}  // namespace

TEST_CASE("workload: every case walks to an end through legal actions", "[crash][workload]") {
  workload_planner planner(7);
  std::set<std::string> actions_seen;
  std::set<std::string> ends;
  for (int n = 0; n < 300; ++n) {
    case_plan p;
    p.id = "3706-20261128-" + std::to_string(n);
    p.status = "reported";
    p.department = "370602001.street_law_enforcement";
    int steps = 0;
    while (auto a = planner.next(p, "by-" + std::to_string(steps), 1'800'000'000'000)) {
      INFO(p.status << " -> " << a->action);
      REQUIRE(++steps < 40);
      CHECK(a->event_type == std::string(event_type_for(a->action)));
      CHECK_FALSE(a->event_type.empty());
      CHECK(a->body.find("\"by\":\"by-" + std::to_string(steps - 1) + "\"") != std::string::npos);
      actions_seen.insert(a->action);
      if (a->action == "extend") p.pending_extension = true;
      if (a->action == "approve_extension") p.pending_extension = false;
      if (a->action == "transfer") p.department = "370602001.grid_management";
      p.status = status_after(*a, p);
    }
    CHECK(p.done);
    ends.insert(p.status);
  }
  // The mix covers the whole forward path and the side roads.
  for (const char* a : {"verify", "accept", "dispatch", "start", "handle", "inspect", "close",
                        "followup", "reject", "return", "transfer", "extend",
                        "approve_extension", "reopen"})
    CHECK(actions_seen.count(a) == 1);
  CHECK(ends == std::set<std::string>{"closed", "followed_up", "rejected"});
}

TEST_CASE("workload: the same seed plans the same requests", "[crash][workload]") {
  workload_planner a(99), b(99);
  case_plan pa, pb;
  pa.status = pb.status = "reported";
  for (int i = 0; i < 30; ++i) {
    auto x = a.next(pa, "w", 0);
    auto y = b.next(pb, "w", 0);
    REQUIRE(x.has_value() == y.has_value());
    if (!x) break;
    CHECK(x->action == y->action);
    CHECK(x->body == y->body);
    pa.status = pb.status = status_after(*x, pa);
  }
}

TEST_CASE("workload: stale and waiting statuses", "[crash][workload]") {
  workload_planner planner(1);
  case_plan p;
  for (const char* waiting : {"returned", "escalated", "accepted"}) {
    p.status = waiting;
    auto a = planner.next(p, "w", 0);
    REQUIRE(a);
    CHECK(a->action == "dispatch");
  }
  p.status = "in_progress";
  p.pending_extension = true;
  CHECK(planner.next(p, "w", 0)->action == "approve_extension");
  for (const char* end : {"rejected", "followed_up", "merged"}) {
    case_plan done;
    done.status = end;
    CHECK_FALSE(planner.next(done, "w", 0));
    CHECK(done.done);
    CHECK(is_terminal_status(end));
  }
  // extend asks for a date after now.
  case_plan q;
  q.status = "in_progress";
  q.extensions = 0;
  workload_planner extender(3);
  for (int i = 0; i < 200 && q.extensions == 0; ++i) extender.next(q, "w", 1'800'000'000'000);
  REQUIRE(q.extensions == 1);
}

TEST_CASE("workload: create bodies are a function of the key and carry it",
          "[crash][workload]") {
  const auto key = make_key("s6-abc", 2, 3, 41);
  CHECK(key == "crash-s6-abc-2-3-41");
  const auto body = create_body(key);
  CHECK(body == create_body(key));
  CHECK(body.find("\"text\":\"[crash key=" + key + "] ") != std::string::npos);
  CHECK(body.find("\"node\":\"3706020") != std::string::npos);
  CHECK(key_in_text("[crash key=" + key + "] 流动摊贩") == key);
  CHECK(key_in_text("井盖塌陷 [crash key=x]").empty());
  CHECK(key_in_text("[crash key=unterminated").empty());
  std::set<std::string> bodies;
  for (int i = 0; i < 50; ++i) bodies.insert(create_body(make_key("r", 1, 0, i)));
  CHECK(bodies.size() == 50);
}

TEST_CASE("workload: iso_utc writes ISO 8601 the service reads", "[crash][workload]") {
  CHECK(iso_utc(0) == "1970-01-01T00:00:00.000Z");
  CHECK(iso_utc(1'795'000'000'123) == "2026-11-18T11:06:40.123Z");
}

TEST_CASE("replies: a case reply becomes an observed case", "[crash][replies]") {
  const std::string body = R"({"id":"3706-20261128-000001","status":"dispatched",
    "category":"0601","node":"370602001","department":"370602001.street_law_enforcement",
    "text":"[crash key=crash-s1-1-0-0] 流动摊贩占道经营","extension_requested":"2027-01-01T00:00:00.000+08:00",
    "history":[{"seq":1,"type":"reported","status":"reported","by":"admin"},
               {"seq":2,"type":"verified","status":"verified","by":"crash-a0"},
               {"seq":3,"type":"dispatched","status":"dispatched","by":"centre:370602001"}]})";
  auto r = parse_case_reply(body);
  REQUIRE(r);
  CHECK(r->c.id == "3706-20261128-000001");
  CHECK(r->c.status == "dispatched");
  CHECK(r->c.key == "crash-s1-1-0-0");
  CHECK(r->department == "370602001.street_law_enforcement");
  CHECK(r->pending_extension);
  REQUIRE(r->c.history.size() == 3);
  CHECK(r->c.history[2].seq == 3);
  CHECK(r->c.history[2].by == "centre:370602001");
  const auto* mine = find_event_by(r->c.history, "crash-a0");
  REQUIRE(mine);
  CHECK(mine->type == "verified");
  CHECK_FALSE(find_event_by(r->c.history, "nobody"));

  auto bare = parse_case_reply(R"({"id":"x","status":"reported","department":null})");
  REQUIRE(bare);
  CHECK(bare->department.empty());
  CHECK_FALSE(bare->pending_extension);
  CHECK_FALSE(parse_case_reply("{not json"));
  CHECK_FALSE(parse_case_reply(R"({"error":{"code":"not_found"}})"));
}

TEST_CASE("replies: errors and listing pages", "[crash][replies]") {
  auto e = parse_error_reply(
      R"({"error":{"code":"illegal_transition","message":"m","status":"closed","allowed":["followup"]}})");
  REQUIRE(e);
  CHECK(e->code == "illegal_transition");
  CHECK(e->status == "closed");
  CHECK_FALSE(parse_error_reply(R"({"id":"x"})"));

  auto page = parse_listing_page(
      R"({"items":[{"id":"a","text":"[crash key=k1] x"},{"id":"b","text":"other"}],"next_cursor":"r:2026-11-28/a"})");
  REQUIRE(page);
  REQUIRE(page->items.size() == 2);
  CHECK(page->items[0].key == "k1");
  CHECK(page->items[1].key.empty());
  CHECK(page->next_cursor == "r:2026-11-28/a");
  auto last = parse_listing_page(R"({"items":[],"next_cursor":null})");
  REQUIRE(last);
  CHECK(last->next_cursor.empty());
  CHECK(cityops::load::url_encode("r:2026/a b") == "r%3A2026%2Fa%20b");  // cursors in queries
}
