// Scenarios over a real runtime, driven by CAF's test coordinator: a war room activated and
// deactivated while cases arrive (routing, on-site dispatch, open cases moved in and back,
// nothing lost or dispatched twice), the audit log and the active set across a restart,
// refused activations, a scenario that throws isolated while cases keep flowing, and the
// example of docs/extending.md (exam_quiet).
#include "tests/support/runtime_fixture.hpp"

#include <algorithm>

#include "actors/domain/iso_time.hpp"
#include "actors/indicator_protocol.hpp"
#include "actors/scenario_protocol.hpp"
#include "tests/support/test_indicators.hpp"
#include "actors/scenarios/exam_quiet.hpp"

using namespace cityops;
using domain::case_action;
using domain::case_status;
using domain::event_type;

namespace {

// What the tests' scenarios share with the test.
struct test_control {
  caf::actor child;        // an actor the scenario spawned
  int committed_batches = 0;
  bool throw_on_commit = false;
  bool refuse = false;     // configure refuses every parameter
  std::vector<domain::indicator_sample> samples;  // what on_samples saw
};

// A small war room: cases of `area` go to `node`, dispatched at once among `departments`;
// open cases are moved in when it starts and back when it ends.
class war_room final : public scenario {
 public:
  explicit war_room(std::shared_ptr<test_control> c) : control_(std::move(c)) {}
  std::optional<domain::domain_error> configure(param_reader& in,
                                                const scenario_setup& setup) override {
    auto area = read_area(in, "area", setup.city);
    auto node = read_node(in, "node", setup.city);
    auto departments = read_departments(in, "departments", setup.city);
    in.reject_unknown({"area", "node", "departments"});
    if (in.error()) return param_error(*in.error());
    if (control_->refuse)
      return domain::field_error(domain::error_code::invalid_field, "node", "refused");
    rule_.area = std::move(*area);
    rule_.node = std::move(*node);
    rule_.departments = std::move(departments);
    rule_.dispatch_at_once = true;
    return std::nullopt;
  }
  void activate(scenario_context& ctx) override {
    domain::scenario_rule_set rules;
    rules.routing.push_back(rule_);
    ctx.set_rules(std::move(rules));
    if (!ctx.restoring()) ctx.adjust_open_cases(rule_.area);
    // CAF 0.17 needs a function actor to take an argument besides self.
    control_->child = ctx.spawn(
        [](caf::event_based_actor*, int) -> caf::behavior { return {[](caf::ok_atom) {}}; }, 0);
  }
  void on_committed(const committed_batch&, scenario_context&) override {
    ++control_->committed_batches;
    if (control_->throw_on_commit) throw std::runtime_error("boom");
  }
  void on_samples(const std::vector<domain::indicator_sample>& samples,
                  scenario_context& ctx) override {
    for (const auto& x : samples) control_->samples.push_back(x);
    ctx.publish("samples", "{\"seen\":" + std::to_string(control_->samples.size()) + "}",
                rule_.node);
  }
  void deactivate(scenario_context& ctx) override { ctx.adjust_open_cases(rule_.area); }

 private:
  std::shared_ptr<test_control> control_;
  domain::routing_override rule_;
};

std::shared_ptr<scenario_registry> test_registry(const std::shared_ptr<test_control>& control) {
  auto registry = std::make_shared<scenario_registry>();
  registry->add({"war_room", "战时", "a test war room", {{"area", "area", true, ""}}},
                [control] { return std::make_unique<war_room>(control); });
  registry->add(scenarios::exam_quiet_description(), scenarios::make_exam_quiet);
  return registry;
}

// 甲社区's cases go to 二街道, where the district's urban management and sanitation are.
constexpr const char* war_room_params =
    R"({"area":{"node":"990001001001"},"node":"990001002",)"
    R"("departments":["990001.urban_mgmt","990001.sanitation"]})";

const config::indicator_settings indicators = testing::make_test_indicators();

struct scenario_fixture : testing::runtime_fixture {
  std::shared_ptr<test_control> control = std::make_shared<test_control>();
  scenario_fixture() : runtime_fixture(city_runtime::options{}, false) {
    options.scenarios = test_registry(control);
    options.indicators = &indicators;
    start();
  }

  domain::result<scenario_view> activate(const std::string& name, const std::string& params) {
    return ask_actor<scenario_view>(rt->scenarios(), scenario_atom::value, activate_atom::value,
                                    scenario_call{name, params, "admin", ""});
  }
  domain::result<scenario_view> deactivate(const std::string& name) {
    return ask_actor<scenario_view>(rt->scenarios(), scenario_atom::value, deactivate_atom::value,
                                    scenario_call{name, "", "supervisor-1", "演练结束"});
  }
  scenario_view view(const std::string& name) {
    auto v = ask_actor<scenario_view>(rt->scenarios(), scenario_atom::value, get_atom::value, name);
    REQUIRE(v.ok());
    return *v;
  }
  std::vector<std::string> history_kinds(const std::string& name) {
    auto h = ask_actor<scenario_history>(rt->scenarios(), scenario_atom::value,
                                         history_atom::value, history_request{name, 0, 50});
    REQUIRE(h.ok());
    std::vector<std::string> kinds;
    for (const auto& e : h->items) kinds.push_back(e.kind);
    return kinds;
  }
  // A case accepted at `node` (the centre then plans it).
  std::string accepted_case(std::string category, std::string node) {
    auto created = ask(report_atom::value, report(std::move(category), std::move(node)));
    REQUIRE(created.ok());
    REQUIRE(ask(act_atom::value, created->id, action(case_action::verify)).ok());
    REQUIRE(ask(act_atom::value, created->id, action(case_action::accept)).ok());
    return created->id;
  }
  std::size_t count(const domain::case_record& r, event_type t) {
    return static_cast<std::size_t>(std::count_if(r.history.begin(), r.history.end(),
                                                   [t](const auto& e) { return e.type == t; }));
  }
};

}  // namespace

TEST_CASE_METHOD(scenario_fixture,
                 "a war room takes its area's cases on site and gives them back when it ends",
                 "[scenarios]") {
  // Before: a stall case of 甲社区 climbs to its street, whose squad takes it; another one
  // of 乙社区 the same.
  const auto before = accepted_case("0601", "990001001001");
  const auto elsewhere = accepted_case("0601", "990001001002");
  CHECK(fetch(before).department == "990001001.squad");

  auto v = activate("war_room", war_room_params);
  REQUIRE(v.ok());
  CHECK(v->state == "active");
  CHECK(v->activation.by == "admin");
  CHECK(v->activation.parameters == war_room_params);
  CHECK(rt->rules_board()->current()->contributions().size() == 1);

  // The open case of the area, not yet started, was recalled to the war room and dispatched
  // there on site.
  auto moved = fetch(before);
  CHECK(moved.node == "990001002");
  CHECK(moved.status == case_status::dispatched);
  CHECK(moved.department == "990001.urban_mgmt");
  CHECK(count(moved, event_type::adjusted) == 1);
  CHECK(moved.history.back().reason == "现场派遣");
  CHECK(count(moved, event_type::dispatched) == 2);
  // The case elsewhere is untouched.
  CHECK(count(fetch(elsewhere), event_type::adjusted) == 0);

  // A new report of the area goes straight there; one elsewhere does not.
  const auto during = accepted_case("0301", "990001001001");
  auto d = fetch(during);
  CHECK(d.node == "990001002");
  CHECK(d.department == "990001.sanitation");
  CHECK(d.status == case_status::dispatched);
  CHECK(d.report.scenarios == std::vector<std::string>{"war_room"});
  CHECK(fetch(accepted_case("0301", "990001001002")).node != "990001002");

  // A second activation is refused.
  auto again = activate("war_room", war_room_params);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == domain::error_code::conflict);

  // The on-site team starts on the first case; a third waits at the war room.
  domain::action_request start = action(case_action::start, "team-2");
  REQUIRE(ask_actor<domain::case_record>(rt->network(), dept_act_atom::value,
                                         std::string("990001.urban_mgmt"), before, start)
              .ok());
  auto waiting = ask(report_atom::value, report("0601", "990001001001"));
  REQUIRE(waiting.ok());
  CHECK(waiting->node == "990001002");

  // Deactivated: the rules are withdrawn and the area's open cases re-routed normally — the
  // waiting one back to its community, the dispatched one recalled and dispatched again by
  // its own centres; the one being worked on stays with its team.
  v = deactivate("war_room");
  REQUIRE(v.ok());
  CHECK(v->state == "inactive");
  CHECK(v->ended.kind == "deactivated");
  CHECK(v->ended.detail == "演练结束");
  CHECK(rt->rules_board()->current()->empty());
  CHECK(fetch(waiting->id).node == "990001001001");
  d = fetch(during);
  CHECK(d.status == case_status::dispatched);
  CHECK(d.node == "990001");
  CHECK(d.department == "990001.sanitation");
  CHECK(count(d, event_type::dispatched) == 2);
  auto worked = fetch(before);
  CHECK(worked.status == case_status::in_progress);
  CHECK(worked.department == "990001.urban_mgmt");
  CHECK(count(worked, event_type::adjusted) == 1);
  // A new report routes normally again.
  auto after = ask(report_atom::value, report("0601", "990001001001"));
  REQUIRE(after.ok());
  CHECK(after->node == "990001001001");
  CHECK(after->report.scenarios.empty());

  // The child actor it spawned is gone.
  (*self)->monitor(control->child);
  sched->run();
  bool down = false;
  (*self)->receive([&](const caf::down_msg&) { down = true; },
                   caf::after(std::chrono::seconds(0)) >> [] {});
  CHECK(down);
  CHECK(history_kinds("war_room") == std::vector<std::string>{"deactivated", "activated"});
}

TEST_CASE_METHOD(scenario_fixture, "an activation survives a restart with its parameters",
                 "[scenarios]") {
  REQUIRE(activate("war_room", war_room_params).ok());
  restart();
  const auto v = view("war_room");
  CHECK(v.state == "active");
  CHECK(v.activation.parameters == war_room_params);
  auto r = ask(report_atom::value, report("0601", "990001001001"));
  REQUIRE(r.ok());
  CHECK(r->node == "990001002");
  CHECK(history_kinds("war_room") == std::vector<std::string>{"restored", "activated"});
  REQUIRE(deactivate("war_room").ok());
  restart();
  CHECK(view("war_room").state == "inactive");
  CHECK(ask(report_atom::value, report("0601", "990001001001"))->node == "990001001001");
}

TEST_CASE_METHOD(scenario_fixture, "refused activations name the field and leave no trace",
                 "[scenarios]") {
  auto bad = activate("war_room", R"({"area":{"node":"990001001001"},"node":"nowhere"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == domain::error_code::invalid_field);
  CHECK(bad.error().field == "node");
  bad = activate("war_room", R"({"area":{"polygon":[{"lat":37.5,"lon":121.4}]},"node":"9900"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().field == "area.polygon");
  bad = activate("war_room", R"({"area":{"node":"990001"},"node":"9900","colour":"red"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().field == "colour");
  bad = activate("war_room", "[1,2]");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == domain::error_code::invalid_field);
  const auto unknown = activate("no_such", "{}");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == domain::error_code::not_found);
  const auto inactive = deactivate("war_room");
  REQUIRE_FALSE(inactive.ok());
  CHECK(inactive.error().code == domain::error_code::conflict);
  CHECK(view("war_room").state == "inactive");
  CHECK(history_kinds("war_room").empty());
}

TEST_CASE_METHOD(scenario_fixture,
                 "a scenario that throws is failed and withdrawn while cases keep flowing",
                 "[scenarios]") {
  REQUIRE(activate("war_room", war_room_params).ok());
  const auto child = control->child;
  control->throw_on_commit = true;
  // The report is committed (the scenario sees it and throws) and answered as usual.
  auto r = ask(report_atom::value, report("0601", "990001001001"));
  REQUIRE(r.ok());
  CHECK(r->node == "990001002");  // decided while the war room was still active
  const auto v = view("war_room");
  CHECK(v.state == "inactive");
  CHECK(v.ended.kind == "failed");
  CHECK_THAT(v.ended.detail, Catch::Contains("on_committed threw: boom"));
  CHECK(rt->rules_board()->current()->empty());
  // Intake and moves go on, normally routed.
  const auto next = accepted_case("0601", "990001001001");
  CHECK(fetch(next).node != "990001002");
  REQUIRE(ask(act_atom::value, r->id, action(case_action::verify)).ok());
  // Its actor was stopped with it; the failure is audited.
  (*self)->monitor(child);
  sched->run();
  bool down = false;
  (*self)->receive([&](const caf::down_msg&) { down = true; },
                   caf::after(std::chrono::seconds(0)) >> [] {});
  CHECK(down);
  CHECK(history_kinds("war_room") == std::vector<std::string>{"failed", "activated"});
  // A restart does not bring it back; it can be activated again.
  restart();
  CHECK(view("war_room").state == "inactive");
  control->throw_on_commit = false;
  CHECK(activate("war_room", war_room_params).ok());
}

TEST_CASE_METHOD(scenario_fixture, "the exam quiet period of docs/extending.md",
                 "[scenarios]") {
  // The test city has no noise category: the example says so, naming the field.
  auto refused = activate("exam_quiet", R"({"area":{"node":"990001001"}})");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "categories");
  refused = activate("exam_quiet",
                     R"({"area":{"node":"990001001"},"categories":["06"],)"
                     R"("until":"2020-06-07T08:00:00+08:00"})");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "until");

  // An open complaint in the area before the period: adjusted when it starts.
  auto open = ask(report_atom::value, report("0601", "990001001001"));
  REQUIRE(open.ok());
  const auto until = domain::format_iso8601(start_ms + 3 * 3600 * 1000LL);
  REQUIRE(activate("exam_quiet", R"({"area":{"node":"990001001"},"categories":["06"],)"
                                 R"("sla":{"limit":2,"unit":"hours"},"until":")" +
                                     until + R"("})")
              .ok());
  auto adjusted = fetch(open->id);
  CHECK(adjusted.report.priority == domain::case_priority::urgent);
  CHECK(adjusted.deadline_ms == start_ms + 2 * 3600 * 1000LL);
  CHECK(adjusted.history.back().type == event_type::adjusted);

  // A new complaint in the area: urgent, 2 hours; elsewhere and other categories: as usual.
  auto r = ask(report_atom::value, report("0601", "990001001002"));
  REQUIRE(r.ok());
  CHECK(r->report.priority == domain::case_priority::urgent);
  CHECK(r->deadline_ms == start_ms + 2 * 3600 * 1000LL);
  auto other = ask(report_atom::value, report("0301", "990001001002"));
  CHECK(other->report.priority == domain::case_priority::normal);
  auto outside = ask(report_atom::value, report("0601", "990001002001"));
  CHECK(outside->report.priority == domain::case_priority::normal);

  // Its own resource counts the complaints.
  scenario_request status;
  status.method = "GET";
  status.path = "status";
  auto reply = ask_actor<scenario_reply>(rt->scenarios(), scenario_atom::value,
                                         call_atom::value, std::string("exam_quiet"), status);
  REQUIRE(reply.ok());
  CHECK(reply->status == 200);
  CHECK_THAT(reply->body, Catch::Contains("\"complaints\":1"));
  status.path = "nothing";
  reply = ask_actor<scenario_reply>(rt->scenarios(), scenario_atom::value, call_atom::value,
                                    std::string("exam_quiet"), status);
  REQUIRE(reply.ok());
  REQUIRE(reply->error);
  CHECK(reply->error->code == domain::error_code::not_found);

  // At `until` it ends by itself; the tally is in the audit log; what was given stands.
  advance(std::chrono::hours(3));
  const auto v = view("exam_quiet");
  CHECK(v.state == "inactive");
  CHECK(v.ended.by == "scenario:exam_quiet");
  CHECK(history_kinds("exam_quiet") ==
        std::vector<std::string>{"tally", "deactivated", "activated"});
  CHECK(fetch(r->id).report.priority == domain::case_priority::urgent);
  auto later = ask(report_atom::value, report("0601", "990001001002"));
  CHECK(later->report.priority == domain::case_priority::normal);
}

TEST_CASE_METHOD(scenario_fixture, "an active scenario follows the samples and speaks on the feed",
                 "[scenarios]") {
  auto got = std::make_shared<std::vector<std::string>>();
  feed_subscriber sub;
  sub.id = 1;
  sub.filter = {"990001", ""};  // a district's operators: the war room's street lies below
  sub.sink = [got](const std::shared_ptr<const std::string>& text) {
    got->push_back(*text);
    return true;
  };
  (*self)->send(rt->feed_hub(), feed_atom::value, subscribe_atom::value, std::move(sub));
  sched->run();
  REQUIRE(activate("war_room", war_room_params).ok());

  sample_batch batch;
  sample_input in;
  in.sample = {"water.pressure.test", 0.31, clock.now_ms()};
  in.unit = "MPa";
  batch.items.push_back(in);
  REQUIRE(ask_actor<sample_receipt>(rt->vital_signs(), indicator_atom::value, put_atom::value,
                                    batch)
              ->accepted == 1);
  REQUIRE(control->samples.size() == 1);
  CHECK(control->samples[0].indicator == "water.pressure.test");

  auto has = [&](const std::string& text) {
    return std::any_of(got->begin(), got->end(),
                       [&](const std::string& m) { return m.find(text) != std::string::npos; });
  };
  CHECK(has(R"("kind":"scenario","scenario":"war_room","event":"activated")"));
  CHECK(has(R"("event":"samples")"));
  CHECK(has(R"("node":"990001002","data":{"seen":1})"));
}

TEST_CASE_METHOD(scenario_fixture,
                 "an activation whose parameters are refused at restart fails and stays off",
                 "[scenarios]") {
  REQUIRE(activate("war_room", war_room_params).ok());
  control->refuse = true;  // e.g. the city changed under it
  restart();
  const auto v = view("war_room");
  CHECK(v.state == "inactive");
  CHECK(v.ended.kind == "failed");
  CHECK_THAT(v.ended.detail, Catch::Contains("refused"));
  CHECK(rt->rules_board()->current()->empty());
  CHECK(history_kinds("war_room") == std::vector<std::string>{"failed", "activated"});
  restart();
  CHECK(view("war_room").state == "inactive");
}
