// The graded snow response over a real runtime, driven by CAF's test coordinator: a weather
// warning and snowfall samples raise the level, which shortens the limits of new and open
// road and icing cases and makes them urgent as the profile says; the level survives a
// restart; it drops after the hold, keeping what was promised; the roads are ranked; the loop
// is on the feed and the day in the daily report.
#include "tests/support/runtime_fixture.hpp"

#include <algorithm>

#include "actors/domain/iso_time.hpp"
#include "actors/indicator_protocol.hpp"
#include "actors/report_protocol.hpp"
#include "actors/scenario_protocol.hpp"
#include "runtime/scenario_catalogue.hpp"

using namespace cityops;
using domain::case_priority;

namespace {

constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t minute_ms = 60'000;

// Snowfall (mm/h) and temperature for the test city.
config::indicator_settings snow_indicators() {
  config::indicator_settings s;
  s.domains = {{"weather", "气象"}};
  s.indicators = {
      config::indicator_spec{"weather.snowfall.test", "weather", "测试市小时降雪量", "mm", 0,
                             0.5, 2.0, 5.0, std::nullopt, std::nullopt, 600, 0, ""},
      config::indicator_spec{"weather.temperature.test", "weather", "测试市气温", "°C", -5, 30,
                             35.0, 37.0, -10.0, -13.0, 600, 0, ""}};
  return s;
}
const config::indicator_settings indicators = snow_indicators();

// The district's 井盖 (0101, 24 hours) and 暴露垃圾 (0301, 3 working days) stand in for the
// road and icing categories; IV…I keep their default profiles (8, 4, 2 urgent, 1 urgent).
constexpr const char* snow_params =
    R"({"area":{"node":"990001"},"categories":["0101","0301"],)"
    R"("thresholds":{"snowfall":{"indicator":"weather.snowfall.test",)"
    R"("IV":0.5,"III":1,"II":2.5,"I":4},)"
    R"("temperature":{"indicator":"weather.temperature.test","IV":-3}}})";

struct snow_fixture : testing::runtime_fixture {
  snow_fixture() : runtime_fixture(city_runtime::options{}, false) {
    options.scenarios = builtin_scenarios();
    options.indicators = &indicators;
    start();
  }

  domain::result<scenario_view> activate(const std::string& params) {
    return ask_actor<scenario_view>(rt->scenarios(), scenario_atom::value, activate_atom::value,
                                    scenario_call{"snow_response", params, "admin", ""});
  }
  domain::result<scenario_reply> call(std::string method, std::string path,
                                      std::string body = {}, std::string role = "operator") {
    scenario_request q;
    q.method = std::move(method);
    q.path = std::move(path);
    q.body = std::move(body);
    q.role = std::move(role);
    q.caller = "seat-1";
    return ask_actor<scenario_reply>(rt->scenarios(), scenario_atom::value, call_atom::value,
                                     std::string("snow_response"), q);
  }
  std::string status() {
    auto r = call("GET", "status");
    REQUIRE(r.ok());
    REQUIRE_FALSE(r->error);
    return r->body;
  }
  void snowfall(double mm) {
    sample_batch batch;
    sample_input in;
    in.sample = {"weather.snowfall.test", mm, clock.now_ms()};
    in.unit = "mm";
    batch.items.push_back(in);
    REQUIRE(ask_actor<sample_receipt>(rt->vital_signs(), indicator_atom::value, put_atom::value,
                                      batch)
                ->accepted == 1);
  }
  domain::case_record icing(std::string address, std::string category = "0301",
                            std::string node = "990001001001") {
    auto n = report(std::move(category), std::move(node));
    n.text = "路面结冰，行人滑倒";
    n.address = std::move(address);
    auto r = ask(report_atom::value, n);
    REQUIRE(r.ok());
    return *r;
  }
  std::vector<std::string> journal_kinds() {
    auto h = ask_actor<scenario_history>(rt->scenarios(), scenario_atom::value,
                                         history_atom::value,
                                         history_request{"snow_response", 0, 100});
    REQUIRE(h.ok());
    std::vector<std::string> kinds;
    for (const auto& e : h->items) kinds.push_back(e.kind);
    return kinds;
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE_METHOD(snow_fixture, "snow levels change the limits of new and open cases",
                 "[scenarios][snow]") {
  // Open before the response: a 0301 case (3 working days) and a 0101 case (24 hours).
  const auto open_0301 = icing("测试区幸福路1号");
  const auto open_0101 = icing("测试区幸福路2号", "0101");
  const auto elsewhere = icing("", "0601");  // not a snow category
  REQUIRE(activate(snow_params).ok());
  CHECK(contains(status(), R"("level":"none")"));
  CHECK(fetch(open_0301.id).deadline_ms == open_0301.deadline_ms);

  // A yellow warning (预警) → III: 4 hours from each open case's report, not urgent.
  advance(std::chrono::minutes(30));
  auto r = call("POST", "warnings",
                R"({"signal":"yellow","source":"测试市气象台","text":"暴雪黄色预警"})");
  REQUIRE(r.ok());
  REQUIRE_FALSE(r->error);
  CHECK(contains(r->body, R"("level":"III")"));
  CHECK(contains(r->body, R"("signal":"yellow")"));
  auto c = fetch(open_0301.id);
  CHECK(c.deadline_ms == open_0301.created_ms + 4 * hour_ms);
  CHECK(c.report.priority == case_priority::normal);
  CHECK(c.history.back().type == domain::event_type::adjusted);
  CHECK(fetch(open_0101.id).deadline_ms == open_0101.created_ms + 4 * hour_ms);
  CHECK(fetch(elsewhere.id).deadline_ms == elsewhere.deadline_ms);
  // A new one: 4 hours from its report.
  const auto at_iii = icing("测试区观海路5号");
  CHECK(at_iii.deadline_ms == at_iii.created_ms + 4 * hour_ms);
  CHECK(at_iii.report.scenarios == std::vector<std::string>{"snow_response"});

  // Two hours on, 3 mm/h of snow → II: 2 hours and urgent; the first open cases are past 2
  // hours, so they keep the 30 minutes' grace from the change.
  advance(std::chrono::hours(2));
  snowfall(3.0);
  const auto at_two = status();
  CHECK(contains(at_two, R"("level":"II")"));
  CHECK(contains(at_two, R"("from":"none","to":"III","deciding":["warning"]})"));
  CHECK(contains(at_two, R"("from":"III","to":"II","deciding":["snowfall"]})"));
  CHECK(contains(at_two, R"("snowfall":{"indicator":"weather.snowfall.test","value":3,)"));
  c = fetch(open_0301.id);
  CHECK(c.report.priority == case_priority::urgent);
  CHECK(c.deadline_ms == clock.now_ms() + 30 * minute_ms);
  const auto at_ii = icing("测试区观海路7号");
  CHECK(at_ii.report.priority == case_priority::urgent);
  CHECK(at_ii.deadline_ms == at_ii.created_ms + 2 * hour_ms);
  // An invalid warning names the field; department staff may not enter one.
  r = call("POST", "warnings", R"({"signal":"purple"})");
  REQUIRE(r.ok());
  REQUIRE(r->error);
  CHECK(r->error->field == "signal");
  r = call("POST", "warnings", R"({"signal":"red","extra":1})");
  REQUIRE(r->error);
  CHECK(r->error->field == "extra");
  r = call("POST", "warnings", R"({"signal":"red"})", "department");
  REQUIRE(r->error);
  CHECK(r->error->code == domain::error_code::forbidden);

  // The roads to clear first: 观海路 (two reports, one urgent, both recent) before 幸福路.
  r = call("GET", "roads", "");
  REQUIRE(r.ok());
  REQUIRE_FALSE(r->error);
  CHECK(contains(r->body, R"("rank":1,"road":"观海路")"));
  CHECK(contains(r->body, R"("rank":2,"road":"幸福路")"));

  // The level and the warning survive a restart.
  restart();
  CHECK(contains(status(), R"("level":"II")"));
  CHECK(contains(status(), R"("source":"测试市气象台")"));
  CHECK(icing("测试区青年路9号").report.priority == case_priority::urgent);

  // Warning lifted, snow stopped: the level holds for an hour, then drops; what was promised
  // to open cases stands, new cases are as usual.
  snowfall(0);
  r = call("POST", "warnings", R"({"signal":"lifted"})");
  REQUIRE_FALSE(r->error);
  CHECK(contains(r->body, R"("level":"II")"));
  advance(std::chrono::minutes(61));
  CHECK(contains(status(), R"("level":"none")"));
  CHECK(fetch(open_0301.id).report.priority == case_priority::urgent);
  const auto after = icing("测试区红旗路11号");
  CHECK(after.report.priority == case_priority::normal);
  CHECK(after.deadline_ms == fetch(after.id).deadline_ms);
  CHECK(after.report.scenarios.empty());

  // Today's daily report (provisional) has the response's day: none → III → II → none.
  auto report = ask_actor<daily_report_doc>(rt->daily_reporter(), daily_atom::value,
                                            get_atom::value,
                                            domain::china_local_day(clock.now_ms()));
  REQUIRE(report.ok());
  CHECK(contains(report->json, R"("snow_response":{"level_at_start":"none","level_at_end":"none","highest":"II")"));
  CHECK(contains(report->json, R"("signal":"yellow","source":"测试市气象台")"));
  CHECK(contains(report->json, R"("from":"III","to":"II","deciding":["snowfall"])"));
  CHECK(contains(report->html, "十四、降雪应急响应"));
  CHECK(contains(report->html, "III级 → II级（降雪量）"));

  const auto kinds = journal_kinds();
  CHECK(std::count(kinds.begin(), kinds.end(), "level") == 3);
  CHECK(std::count(kinds.begin(), kinds.end(), "warning") == 2);
  CHECK(std::count(kinds.begin(), kinds.end(), "feedback") >= 2);  // hourly, as the clock jumps
}

TEST_CASE_METHOD(snow_fixture, "the snow loop is on the feed and parameters are checked",
                 "[scenarios][snow]") {
  auto got = std::make_shared<std::vector<std::string>>();
  feed_subscriber sub;
  sub.id = 1;
  sub.filter = {"990001", ""};
  sub.sink = [got](const std::shared_ptr<const std::string>& text) {
    got->push_back(*text);
    return true;
  };
  (*self)->send(rt->feed_hub(), feed_atom::value, subscribe_atom::value, std::move(sub));
  sched->run();

  auto refused = activate(R"({"levels":{"II":{"sla":{"limit":0,"unit":"hours"}}}})");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "levels.II.sla.limit");
  refused = activate(R"({"categories":["0101"],"thresholds":{"snowfall":{"IV":2,"III":1}}})");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "thresholds.snowfall");
  refused = activate(R"({"categories":["0101"],"levels":{"I":{"departments":["990001.sanitation"]}}})");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "levels.I.centre");
  refused = activate("{}");  // the test city has no snow or icing category
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "categories");

  // Three 井盖 reports on one road make a hot spot: IV. Two came before the activation: the
  // recent window is read back from the store.
  for (int i = 0; i < 2; ++i) icing("测试区幸福路" + std::to_string(i) + "号", "0101");
  REQUIRE(activate(snow_params).ok());
  CHECK(contains(status(), R"("level":"none")"));
  icing("测试区幸福路2号", "0101");
  CHECK(contains(status(), R"("level":"IV")"));
  CHECK(contains(status(), R"("hot_spots":1)"));
  advance(std::chrono::hours(1));  // the 反馈 tally

  auto has = [&](const std::string& text) {
    return std::any_of(got->begin(), got->end(),
                       [&](const std::string& m) { return contains(m, text); });
  };
  CHECK(has(R"("scenario":"snow_response","event":"monitor")"));
  CHECK(has(R"("stage":"监测")"));
  CHECK(has(R"("stage":"研判","from":"none","to":"IV")"));
  CHECK(has(R"("stage":"处置","level":"IV")"));
  CHECK(has(R"("stage":"反馈","level":"IV","reported":1)"));
  CHECK(has(R"("road":"幸福路")"));
}
