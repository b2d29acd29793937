// The festival war room (战时) over a real runtime, driven by CAF's test coordinator: cases of
// the area go to the flat on-site queue and its stationed departments with the short limit,
// the board counts them, resources are dispatched and their runs recorded, all of it
// survives a restart, the window's end returns the area to normal routing, and switching
// it on and off while cases keep arriving loses none, strands none and dispatches none twice.
#include "tests/integration/runtime/war_room_support.hpp"

#include <algorithm>

using namespace cityops;
using namespace cityops::testing;
using domain::case_action;
using domain::case_status;
using domain::event_type;

namespace {

constexpr std::int64_t hour_ms = 3600 * 1000LL;
const std::string two_buses =
    R"({"id":"bus-01","kind":"shuttle_bus","name":"接驳车 01","capacity":60},)"
    R"({"id":"bus-02","kind":"shuttle_bus","capacity":45})";

// No case was dispatched twice: between two dispatches it left its department (recalled by
// an adjustment, returned, escalated).
bool dispatched_once_at_a_time(const domain::case_record& r) {
  bool out = false;
  for (const auto& e : r.history) {
    if (e.type == event_type::dispatched || e.type == event_type::transferred) {
      if (out) return false;
      out = true;
    } else if (e.type == event_type::adjusted || e.type == event_type::returned ||
               e.type == event_type::escalated) {
      out = false;
    }
  }
  return true;
}

// Not stranded: waiting with a department, or at a node on its own path (its normal route).
bool routed_normally(const domain::case_record& r) {
  if (r.status == case_status::dispatched || r.status == case_status::in_progress) return true;
  return std::find(r.location_path.begin(), r.location_path.end(), r.node) !=
         r.location_path.end();
}

}  // namespace

TEST_CASE_METHOD(war_room_fixture,
                 "a war room takes its area on site and keeps a board of cases teams and buses",
                 "[war_room]") {
  // The war-room street's operators follow the feed.
  auto feed = std::make_shared<std::vector<std::string>>();
  feed_subscriber sub;
  sub.id = 1;
  sub.filter = {"990001002", ""};
  sub.sink = [feed](const std::shared_ptr<const std::string>& text) {
    feed->push_back(*text);
    return true;
  };
  (*self)->send(rt->feed_hub(), feed_atom::value, subscribe_atom::value, std::move(sub));
  sched->run();
  const auto on_feed = [&feed](const std::string& text) {
    return std::any_of(feed->begin(), feed->end(),
                       [&](const std::string& m) { return m.find(text) != std::string::npos; });
  };

  // An open case of the area before the war room: moved to the on-site queue when it opens.
  const auto before = accepted("0601");
  CHECK(before.department == "990001001.squad");
  advance(std::chrono::minutes(1));

  auto v = activate(war_room_params(start_ms + 6 * hour_ms, two_buses));
  REQUIRE(v.ok());
  CHECK(v->state == "active");
  auto moved = fetch(before.id);
  CHECK(moved.node == "990001002");
  CHECK(moved.department == "990001.urban_mgmt");
  CHECK(moved.status == case_status::dispatched);

  // New cases of the area skip the rings: the war room's desk, its stationed department at
  // once, two hours.
  const auto stall = accepted("0601", "990001001002");
  CHECK(stall.node == "990001002");
  CHECK(stall.department == "990001.urban_mgmt");
  CHECK(stall.status == case_status::dispatched);
  CHECK(stall.deadline_ms == stall.created_ms + 2 * hour_ms);
  const auto litter = accepted("0301");
  CHECK(litter.department == "990001.sanitation");
  CHECK(accepted("0601", "990001002001").report.scenarios.empty());  // outside the area

  // The board: three open cases of the area, two received since the window opened, in
  // queue order (earliest deadline first: the case moved in keeps its report's start); the
  // teams and their load.
  auto b = board();
  CHECK(std::string_view(b["state"]) == "open");
  CHECK(count(b, "cases", "received") == 2);
  CHECK(count(b, "cases", "open") == 3);
  CHECK(count(b, "cases", "last_hour") == 2);
  CHECK(std::uint64_t(b["queue_total"]) == 3);
  CHECK(std::uint64_t(b["people_on_site"]) == 31);
  CHECK(std::string_view(b["queue"].at(0)["id"]) == before.id);
  CHECK(std::string_view(b["queue"].at(1)["id"]) == stall.id);
  CHECK(std::uint64_t(b["teams"].at(0)["assigned"]) == 2);
  CHECK(std::uint64_t(b["last_hour"]["by_category"]["0601"]) == 1);

  // A bus dispatched to the east gate for the stall case, then its run: 58 people.
  auto r = call("POST", "resources/bus-01/dispatch", R"({"to":"东门","case":")" + stall.id + "\"}");
  REQUIRE_FALSE(r.error);
  CHECK(r.body.find("\"state\":\"out\"") != std::string::npos);
  r = call("POST", "resources/bus-01/dispatch", R"({"to":"西门"})");
  REQUIRE(r.error);
  CHECK(r.error->code == domain::error_code::conflict);
  r = call("POST", "resources/bus-01/runs", R"({"people":61})");
  REQUIRE(r.error);
  CHECK(r.error->field == "people");
  r = call("POST", "resources/bus-01/runs", R"({"people":58,"from":"东门","ref":"t-1"})");
  REQUIRE_FALSE(r.error);
  CHECK(r.status == 201);
  CHECK(r.body.find("\"to\":\"东门\"") != std::string::npos);
  // The same reference again is the same run.
  r = call("POST", "resources/bus-01/runs", R"({"people":58,"from":"东门","ref":"t-1"})");
  CHECK(r.status == 200);
  r = call("POST", "resources/bus-02/runs", R"({"people":40})");
  CHECK(r.status == 201);
  CHECK(call("POST", "resources/bus-09/runs", R"({"people":4})").error->code ==
        domain::error_code::not_found);
  CHECK(call("POST", "resources/bus-02/dispatch", R"({"to":"x","case":"nope"})").error->field ==
        "case");
  // Who may: the stationed departments and the centre; not another department or centre.
  CHECK(call("GET", "board", {}, "department").error);  // no department named
  scenario_request q;
  q.method = "GET";
  q.path = "board";
  q.role = "department";
  q.department = "990001.sanitation";
  CHECK_FALSE(ask_actor<scenario_reply>(rt->scenarios(), scenario_atom::value, call_atom::value,
                                        std::string("war_room"), q)
                  ->error);
  q.role = "operator";
  q.node = "990001001";
  CHECK(ask_actor<scenario_reply>(rt->scenarios(), scenario_atom::value, call_atom::value,
                                  std::string("war_room"), q)
            ->error->code == domain::error_code::forbidden);

  b = board();
  CHECK(count(b, "runs", "runs") == 2);
  CHECK(count(b, "runs", "people_moved") == 98);
  CHECK(std::uint64_t(b["resources"].at(0)["people_moved"]) == 58);
  CHECK(std::string_view(b["resources"].at(0)["state"]) == "available");
  CHECK(count(b, "last_hour", "runs") == 2);
  // Live: the runs at once, the board's summary within a second.
  CHECK(on_feed(R"("scenario":"war_room","event":"run")"));
  advance(std::chrono::seconds(1));
  CHECK(on_feed(R"("event":"board","at")"));
  CHECK(on_feed(R"("runs":{"runs":2,"people_moved":98})"));

  // A restart: the board comes back from the store and the journal.
  const std::string kept = board_text;
  restart();
  CHECK(view().state == "active");
  b = board();
  CHECK(board_text == kept);

  // The stationed team works a case; the rest wait when the window closes by itself.
  domain::action_request start = action(case_action::start, "team-1");
  REQUIRE(ask_actor<domain::case_record>(rt->network(), dept_act_atom::value,
                                         std::string("990001.urban_mgmt"), stall.id, start)
              .ok());
  auto waiting = ask(report_atom::value, report("0601", "990001001001"));
  REQUIRE(waiting.ok());
  CHECK(waiting->node == "990001002");
  advance(std::chrono::hours(6));
  CHECK(view().state == "inactive");
  CHECK(view().ended.by == "scenario:war_room");
  // Back to normal routing: every open case kept; the one being worked stays with its team.
  CHECK(fetch(waiting->id).node == "990001001001");
  for (const auto& id : {before.id, litter.id}) {
    const auto c = fetch(id);
    CHECK(c.node != "990001002");
    CHECK(routed_normally(c));
    CHECK(dispatched_once_at_a_time(c));
  }
  CHECK(fetch(stall.id).status == case_status::in_progress);
  CHECK(fetch(stall.id).department == "990001.urban_mgmt");
  CHECK(ask(report_atom::value, report("0601", "990001001001"))->node == "990001001001");
}

TEST_CASE_METHOD(war_room_fixture,
                 "a war room switched on and off while cases keep arriving loses none and "
                 "dispatches none twice",
                 "[war_room]") {
  const auto params = war_room_params(start_ms + 6 * hour_ms, two_buses);
  std::vector<std::string> ids;
  // Reports and moves sent without waiting, the switch among them: the mailboxes interleave.
  const auto burst = [&](int n, int offset) {
    for (int i = 0; i < n; ++i)
      (*self)->send(rt->directory(), report_atom::value,
                    report(i % 2 ? "0301" : "0601",
                           (i + offset) % 3 == 0 ? "990001002001"
                                                 : ((i + offset) % 3 == 1 ? "990001001001"
                                                                          : "990001001002")));
  };
  const auto collect = [&] {
    sched->run();
    for (bool more = true; more;)
      (*self)->receive(
          [&](domain::case_record& r) {
            if (std::find(ids.begin(), ids.end(), r.id) == ids.end()) ids.push_back(r.id);
          },
          [&](scenario_view&) {}, [&](caf::error& e) { FAIL(caf::to_string(e)); },
          caf::after(std::chrono::seconds(0)) >> [&] { more = false; });
  };
  std::size_t accepted_up_to = 0;
  const auto accept_new = [&] {
    for (; accepted_up_to < ids.size(); ++accepted_up_to) {
      const auto& id = ids[accepted_up_to];
      (*self)->send(rt->directory(), act_atom::value, id, action(case_action::verify));
      (*self)->send(rt->directory(), act_atom::value, id, action(case_action::accept));
    }
  };

  for (int round = 0; round < 3; ++round) {
    burst(6, round);
    (*self)->send(rt->scenarios(), scenario_atom::value, activate_atom::value,
                  scenario_call{"war_room", params, "sup-1", ""});
    burst(6, round + 1);
    collect();
    CHECK(view().state == "active");
    accept_new();
    (*self)->send(rt->scenarios(), scenario_atom::value, deactivate_atom::value,
                  scenario_call{"war_room", "", "sup-1", ""});
    burst(6, round + 2);
    collect();
    accept_new();
    collect();
    advance(std::chrono::seconds(1));
    CHECK(view().state == "inactive");
  }

  // Every case reported is there, routed normally, never dispatched twice at once.
  CHECK(ids.size() == 54);
  std::size_t on_site_before = 0;
  for (const auto& id : ids) {
    const auto r = fetch(id);
    INFO(id << " at " << r.node << " " << domain::to_string(r.status));
    CHECK(routed_normally(r));
    CHECK(dispatched_once_at_a_time(r));
    CHECK(r.status != case_status::reported);
    const bool was_on_site = std::any_of(r.history.begin(), r.history.end(), [](const auto& e) {
      return e.node == "990001002";
    });
    on_site_before += was_on_site ? 1 : 0;
  }
  CHECK(on_site_before > 0);
  // A report now routes normally.
  CHECK(ask(report_atom::value, report("0601", "990001001001"))->node == "990001001001");
}

TEST_CASE_METHOD(war_room_fixture,
                 "a war room over a polygon of the map takes the cases inside it also after a restart",
                 "[war_room]") {
  // A square around 甲社区 (37.512/121.412); 乙社区 (37.508/121.408) lies outside.
  const auto open_before = accepted("0601", "990001001001");
  advance(std::chrono::minutes(1));
  auto params = war_room_params(start_ms + 6 * hour_ms, two_buses);
  const std::string node_area = R"({"node":"990001001"})";
  params.replace(params.find(node_area), node_area.size(),
                 R"({"polygon":[{"lat":37.511,"lon":121.411},{"lat":37.511,"lon":121.413},)"
                 R"({"lat":37.513,"lon":121.413},{"lat":37.513,"lon":121.411}]})");
  REQUIRE(activate(params).ok());
  CHECK(fetch(open_before.id).node == "990001002");
  const auto inside = accepted("0601", "990001001001");
  CHECK(inside.node == "990001002");
  CHECK(accepted("0601", "990001001002").report.scenarios.empty());
  auto b = board();
  CHECK(count(b, "cases", "received") == 1);
  CHECK(count(b, "cases", "open") == 2);
  CHECK(std::uint64_t(b["area"]["polygon_points"]) == 4);

  // Rebuilt from the whole city's listings, filtered by the polygon.
  const std::string kept = board_text;
  restart();
  board();
  CHECK(board_text == kept);
  REQUIRE(deactivate().ok());
  CHECK(routed_normally(fetch(inside.id)));
  CHECK(routed_normally(fetch(open_before.id)));
}

TEST_CASE_METHOD(war_room_fixture,
                 "a war room set up ahead opens at its from and one whose window closed while down ends",
                 "[war_room]") {
  auto params = war_room_params(start_ms + 6 * hour_ms, two_buses);
  params.insert(1, R"("from":")" + domain::format_iso8601(start_ms + hour_ms) + "\",");
  REQUIRE(activate(params).ok());
  // Scheduled: no rules yet, nothing to dispatch.
  const auto early = accepted("0601");
  CHECK(early.report.scenarios.empty());
  CHECK(std::string_view(board()["state"]) == "scheduled");
  CHECK(call("POST", "resources/bus-01/dispatch", R"({"to":"东门"})").error->code ==
        domain::error_code::conflict);

  // At `from` the window opens: the open case moves on site, new ones go there.
  advance(std::chrono::hours(1));
  CHECK(std::string_view(board()["state"]) == "open");
  CHECK(fetch(early.id).node == "990001002");
  CHECK(accepted("0601").node == "990001002");
  CHECK(call("POST", "resources/bus-01/runs", R"({"people":20})").status == 201);

  // The service is down past `until`: restored, the war room ends at once and gives the
  // area back.
  stop();
  clock.advance(std::chrono::hours(6));
  start();
  sched->run();
  advance(std::chrono::milliseconds(0));
  CHECK(view().state == "inactive");
  CHECK(routed_normally(fetch(early.id)));
  auto h = ask_actor<scenario_history>(rt->scenarios(), scenario_atom::value, history_atom::value,
                                       history_request{"war_room", 0, 50});
  REQUIRE(h.ok());
  std::vector<std::string> kinds;
  for (const auto& e : h->items) kinds.push_back(e.kind);
  CHECK(kinds == std::vector<std::string>{"tally", "deactivated", "restored", "run", "opened",
                                          "activated"});
}
