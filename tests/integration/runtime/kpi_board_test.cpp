// The KPI board over real actors and a real store, driven by CAF's test coordinator and a
// manual wall clock: a case's moves show in the board's tables for every node of its location
// and for its department, on the day they happened; the gauges follow open and overdue cases;
// the numbers survive a restart unchanged (the store keeps them with the events); and the
// feed gets today's KPIs at most once per interval however many cases move.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/kpi_summary.hpp"
#include "actors/kpi_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::case_action;
using domain::kpi_field;

namespace {

struct kpi_fixture : testing::runtime_fixture {
  kpi_fixture() : runtime_fixture(kpi_options()) {}
  static city_runtime::options kpi_options() {
    city_runtime::options o;
    o.case_idle = 48h;
    o.sla_scan_interval = 1min;
    o.kpi_feed_interval = 1s;
    return o;
  }

  std::int64_t today() const { return domain::china_local_day(clock.now_ms()); }

  std::vector<kpi_table> tables(std::vector<std::string> scopes, std::int64_t from,
                                std::int64_t to, bool per_day = true) {
    auto r = ask_actor<std::vector<kpi_table>>(rt->kpi_board(), kpi_atom::value,
                                               kpi_query{std::move(scopes), from, to, per_day});
    REQUIRE(r.ok());
    return *r;
  }
  domain::kpi_summary summary(const std::string& scope, bool department = false) {
    auto t = tables({scope}, today() - 30, today(), false).at(0);
    return domain::summarize(t.days.at(0).second, t.now, department);
  }

  void move(const std::string& id, case_action a) {
    auto q = action(a);
    if (a == case_action::handle) q.result = "已劝离摊贩，恢复通行";
    if (a == case_action::inspect) q.passed = true;
    if (a == case_action::followup) q.satisfaction = 5;
    auto r = ask(act_atom::value, id, q);
    INFO(domain::to_string(a));
    REQUIRE(r.ok());
  }
  std::string dispatched_case() {
    auto created = ask(report_atom::value, report("0601", "990001001"));
    REQUIRE(created.ok());
    for (auto a : {case_action::verify, case_action::accept, case_action::dispatch})
      move(created->id, a);
    return created->id;
  }
};

}  // namespace

TEST_CASE_METHOD(kpi_fixture, "a case's moves count in every scope of its location and its "
                              "department, and survive a restart",
                 "[kpi_board]") {
  const auto first = dispatched_case();
  const auto second = dispatched_case();
  advance(2h);
  for (auto a : {case_action::start, case_action::handle, case_action::inspect,
                 case_action::close, case_action::followup})
    move(first, a);

  for (const std::string scope : {"node:9900", "node:990001", "node:990001001"}) {
    INFO(scope);
    const auto s = summary(scope);
    CHECK(s.reported == 2);
    CHECK(s.accepted == 2);
    CHECK(s.dispatched == 2);
    CHECK(s.handled == 1);
    CHECK(s.closed == 1);
    CHECK(s.closed_on_time == 1);
    CHECK(s.on_time_rate.value() == 1.0);
    CHECK(s.closure_rate.numerator == 1);
    CHECK(s.closure_rate.denominator == 2);
    CHECK(s.followed_up == 1);
    CHECK(s.satisfaction_rate.value() == 1.0);
    CHECK(s.open_now == 1);
    REQUIRE(s.dispatch_to_handled.mean_hours.has_value());
    CHECK(*s.dispatch_to_handled.mean_hours == Approx(2.0));
  }
  const auto squad = summary("department:990001001.squad", true);
  CHECK(squad.reported == 0);  // a department is dispatched cases, it receives no reports
  CHECK(squad.dispatched == 2);
  CHECK(squad.closed == 1);
  CHECK(squad.closure_rate.denominator == 2);
  CHECK(squad.open_now == 1);  // the second case waits on the squad
  CHECK(summary("node:990002").reported == 0);  // another district

  // Per day: everything happened today.
  auto per_day = tables({"node:9900"}, today() - 2, today()).at(0);
  REQUIRE(per_day.days.size() == 1);
  CHECK(per_day.days[0].first == today());

  restart();
  const auto again = summary("node:9900");
  CHECK(again.reported == 2);
  CHECK(again.closed == 1);
  CHECK(again.open_now == 1);
  (void)second;
}

TEST_CASE_METHOD(kpi_fixture, "an overdue case counts once as due and stays in overdue now "
                              "until it closes",
                 "[kpi_board]") {
  const auto id = dispatched_case();  // 0601: a short limit in the test city
  advance(24h * 10);                  // far past the deadline; the SLA watcher marks it
  auto s = summary("node:9900");
  CHECK(s.went_overdue == 1);
  CHECK(s.overdue_now == 1);
  CHECK(s.on_time_rate.denominator == 1);
  CHECK(s.on_time_rate.value() == 0.0);
  for (auto a : {case_action::start, case_action::handle, case_action::inspect,
                 case_action::close})
    move(id, a);
  s = summary("node:9900");
  CHECK(s.closed == 1);
  CHECK(s.closed_on_time == 0);
  CHECK(s.on_time_rate.denominator == 1);  // due once: it went overdue
  CHECK(s.overdue_now == 0);
  CHECK(s.open_now == 0);
}

TEST_CASE_METHOD(kpi_fixture, "a bad scope is refused naming the field", "[kpi_board]") {
  auto r = ask_actor<std::vector<kpi_table>>(rt->kpi_board(), kpi_atom::value,
                                             kpi_query{{"9900"}, today(), today(), true});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == domain::error_code::invalid_field);
  CHECK(r.error().field == "scope");
}

TEST_CASE_METHOD(kpi_fixture, "the feed gets today's KPIs at most once per interval",
                 "[kpi_board]") {
  struct inbox {
    std::mutex m;
    std::vector<std::string> messages;
  };
  auto box = std::make_shared<inbox>();
  feed_subscriber sub;
  sub.id = 7;
  sub.filter.node = "990001";  // the district's card
  sub.sink = [box](const std::shared_ptr<const std::string>& text) {
    std::lock_guard<std::mutex> lock(box->m);
    box->messages.push_back(*text);
    return true;
  };
  (*self)->send(rt->feed_hub(), feed_atom::value, subscribe_atom::value, sub);
  sched->run();
  const auto kpi_messages = [&] {
    std::lock_guard<std::mutex> lock(box->m);
    std::vector<std::string> out;
    for (const auto& m : box->messages)
      if (m.find(R"("kind":"kpi")") != std::string::npos) out.push_back(m);
    return out;
  };
  for (int i = 0; i < 20; ++i) REQUIRE(ask(report_atom::value, report("0601", "990001001")).ok());
  CHECK(kpi_messages().empty());  // not before the interval
  advance(1s);
  auto got = kpi_messages();
  REQUIRE(got.size() == 1);
  CHECK(got[0].find(R"("scope":"node:990001")") != std::string::npos);
  CHECK(got[0].find(R"("reported":20)") != std::string::npos);
  advance(5s);
  CHECK(kpi_messages().size() == 1);  // nothing moved since
  REQUIRE(ask(report_atom::value, report("0601", "990001001")).ok());
  advance(1s);
  got = kpi_messages();
  REQUIRE(got.size() == 2);
  CHECK(got[1].find(R"("reported":21)") != std::string::npos);
}
