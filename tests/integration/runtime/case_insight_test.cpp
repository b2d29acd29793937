// The case insight actor over real actors and a real store: a report repeating an open case
// nearby is linked at intake and closed with its original; a caller's earlier cases come back
// with the report; the indexes are rebuilt from the store after a restart. No classifier
// here (reports carry their categories), so the test needs no trained model.
#include <string>

#include "actors/insight_protocol.hpp"
#include "config/intake_settings.hpp"
#include "storage/event_store.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using domain::case_action;
using domain::case_status;

namespace {

struct insight_fixture : testing::runtime_fixture {
  insight_fixture() : runtime_fixture({}, /*start_now=*/false) {
    settings.mode_by_source["grid"] = config::intake_mode::suggest;  // operators move them here
    options.intake = &settings;
    start();
  }
  domain::case_record call(const std::string& text, double lat, double lon,
                           const std::string& phone_hash) {
    auto n = report("0601");
    n.text = text;
    n.node.clear();
    n.lat = lat;
    n.lon = lon;
    n.reporter_hash = phone_hash;
    auto r = ask(report_atom::value, n);
    REQUIRE(r.ok());
    return *r;
  }
  void move(const std::string& id, case_action a) {
    auto q = action(a);
    if (a == case_action::handle) q.result = "已劝离摊贩，恢复通行";
    if (a == case_action::inspect) q.passed = true;
    auto r = ask(act_atom::value, id, q);
    INFO(domain::to_string(a));
    REQUIRE(r.ok());
  }
  config::intake_settings settings;
};

}  // namespace

TEST_CASE_METHOD(insight_fixture, "a repeat report is linked, closed with its original, and "
                                  "the caller's history is known",
                 "[insight][intake]") {
  const auto first = call("一街道甲社区门口有流动摊贩占道经营卖水果，堵住了人行道", 37.512,
                          121.412, "caller-1");
  CHECK(first.report.duplicate_of.empty());
  CHECK(first.reporter_history.last_90_days == 0);

  const auto repeat = call("一街道甲社区门口有流动摊贩占道经营卖水果，堵住人行道了", 37.5121,
                           121.4121, "caller-1");
  CHECK(repeat.report.duplicate_of == first.id);
  CHECK(repeat.reporter_history.open == 1);
  CHECK(repeat.reporter_history.last_90_days == 1);

  const auto elsewhere = call("二街道丙社区菜市场门口摊贩占道经营", 37.49, 121.39, "caller-2");
  CHECK(elsewhere.report.duplicate_of.empty());
  CHECK(elsewhere.report.possible_duplicate_of.empty());

  restart();  // the insight actor rebuilds its indexes from the store
  for (auto a : {case_action::verify, case_action::accept}) move(first.id, a);
  advance(std::chrono::seconds(1));  // the street centre dispatches it
  auto dispatched = stored(first.id);
  REQUIRE(dispatched.status == case_status::dispatched);
  for (auto a : {case_action::start, case_action::handle, case_action::inspect, case_action::close})
    move(first.id, a);
  advance(std::chrono::seconds(1));
  const auto closed_dup = stored(repeat.id);
  CHECK(closed_dup.status == case_status::merged);
  CHECK(closed_dup.merged_into == first.id);
  CHECK(closed_dup.history.back().by == "auto");

  // The closed original is now a similar case for the stall elsewhere.
  auto similar = ask_actor<std::vector<similar_case>>(rt->insight(), similar_atom::value,
                                                      stored(elsewhere.id), std::uint64_t{5});
  REQUIRE(similar.ok());
  REQUIRE_FALSE(similar->empty());
  CHECK(similar->front().id == first.id);
  CHECK(similar->front().result == "已劝离摊贩，恢复通行");
}

TEST_CASE_METHOD(insight_fixture, "a merge into a missing or closed case is refused",
                 "[insight][intake]") {
  const auto a = call("甲社区门口流动摊贩", 37.512, 121.412, "");
  const auto b = call("乙社区路边摊贩占道", 37.508, 121.408, "");
  auto q = action(case_action::merge);
  q.into = "9900-20200101-000001";
  auto missing = ask(act_atom::value, b.id, q);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().field == "into");
  move(a.id, case_action::verify);
  auto reject = action(case_action::reject);
  reject.reason = "重复";
  REQUIRE(ask(act_atom::value, a.id, reject).ok());
  q.into = a.id;
  auto closed = ask(act_atom::value, b.id, q);
  REQUIRE_FALSE(closed.ok());
  CHECK(closed.error().code == domain::error_code::conflict);
}

TEST_CASE_METHOD(insight_fixture, "a preview shows the decision, duplicates, the caller's "
                                  "cases and dispatch options and stores nothing",
                 "[insight][intake][preview]") {
  const auto first = call("一街道甲社区门口有流动摊贩占道经营卖水果，堵住了人行道", 37.512,
                          121.412, "caller-1");
  const auto second = call("二街道丙社区菜市场门口摊贩占道经营", 37.49, 121.39, "caller-1");
  REQUIRE_FALSE(rt->intake_shards().empty());
  const auto cases_before = rt->event_store().case_count();

  auto n = report("0601");
  n.text = "一街道甲社区门口有流动摊贩占道经营卖水果，堵住人行道了";
  n.node.clear();
  n.lat = 37.5121;
  n.lon = 121.4121;
  n.reporter_hash = "caller-1";
  const std::int64_t week_ms = 168LL * 3600 * 1000;
  auto p = ask_actor<intake_preview>(rt->intake_shards().front(), preview_atom::value, n,
                                     week_ms);
  REQUIRE(p.ok());
  CHECK(p->insight);
  CHECK(p->reported.type == domain::event_type::reported);
  CHECK(p->reported.category == "0601");
  CHECK_FALSE(p->reported.node.empty());
  REQUIRE_FALSE(p->duplicates.empty());
  CHECK(p->duplicates.front().id == first.id);
  CHECK(p->duplicates.front().verdict == "duplicate");
  CHECK(p->duplicates.front().status == "reported");
  CHECK(p->duplicates.front().text == first.report.text);
  CHECK(p->reporter.open == 2);
  REQUIRE(p->caller_cases.size() == 2);
  CHECK(p->caller_cases[0].id == second.id);  // newest first
  CHECK(p->caller_cases[1].id == first.id);
  CHECK(p->caller_cases[1].status == "reported");
  CHECK(p->caller_in_repeat_window == 2);
  CHECK_FALSE(p->dispatch.empty());

  // Nothing was stored and no case id was used.
  CHECK(rt->event_store().case_count() == cases_before);
  const auto third = call("三街道某处路灯不亮", 37.47, 121.37, "");
  CHECK(third.id.substr(third.id.size() - 6) == "000003");

  SECTION("a report intake would refuse is refused the same way") {
    auto bad = n;
    bad.lat.reset();
    bad.lon.reset();
    auto refused = ask_actor<intake_preview>(rt->intake_shards().front(), preview_atom::value,
                                             bad, week_ms);
    REQUIRE_FALSE(refused.ok());
    CHECK_FALSE(refused.error().field.empty());
  }
}
