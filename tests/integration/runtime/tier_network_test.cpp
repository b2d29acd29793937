// The tier network with real actors over a real store: three-ring escalation, returns that
// re-dispatch and then escalate, co-handling, and supervision of department actors.
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using domain::case_action;
using domain::event_type;

namespace {

struct network_fixture : testing::runtime_fixture {
  explicit network_fixture(city_runtime::options o = {}) : runtime_fixture(std::move(o)) {}
  // Moves a case through the department's door, as its staff would.
  domain::result<domain::case_record> department_does(const std::string& department,
                                                      const std::string& case_id,
                                                      domain::action_request q) {
    return ask_actor<domain::case_record>(rt->network(), dept_act_atom::value, department,
                                          case_id, std::move(q));
  }
  std::string accepted_case(std::string category, std::string node) {
    auto created = ask(report_atom::value, report(std::move(category), std::move(node)));
    REQUIRE(created.ok());
    REQUIRE(ask(act_atom::value, created->id, action(case_action::verify)).ok());
    REQUIRE(ask(act_atom::value, created->id, action(case_action::accept)).ok());
    return created->id;
  }
};

using testing::event_types;

}  // namespace

TEST_CASE_METHOD(network_fixture, "a manhole case climbs all three rings to the city",
                 "[tier_network]") {
  const auto id = accepted_case("0101", "990001001001");
  const auto r = fetch(id);
  CHECK(r.status == domain::case_status::dispatched);
  CHECK(r.department == "city.municipal_maintenance");
  CHECK(r.node == "9900");
  CHECK(r.tier_path == std::vector<std::string>{"990001001001", "990001001", "990001", "9900"});
  REQUIRE(event_types(r) == std::vector<event_type>{event_type::reported, event_type::verified,
                                                 event_type::accepted, event_type::escalated,
                                                 event_type::escalated, event_type::escalated,
                                                 event_type::dispatched});
  const std::vector<std::tuple<domain::ring, std::string, std::string>> hops{
      {domain::ring::small, "990001001001", "990001001"},
      {domain::ring::medium, "990001001", "990001"},
      {domain::ring::large, "990001", "9900"}};
  for (std::size_t i = 0; i < hops.size(); ++i) {
    const auto& e = r.history[3 + i];
    CHECK(e.ring == std::get<0>(hops[i]));
    CHECK(e.from_node == std::get<1>(hops[i]));
    CHECK(e.to_node == std::get<2>(hops[i]));
    CHECK(e.by == "centre:" + std::get<1>(hops[i]));
    CHECK_FALSE(e.reason.empty());
  }
  CHECK(r.history[6].by == "centre:9900");
  CHECK(queue_of("department", "city.municipal_maintenance").length == 1);
  CHECK(queue_of("node", "990001001001").length == 0);
}

TEST_CASE_METHOD(network_fixture, "a return re-dispatches, then escalates when no one is left",
                 "[tier_network]") {
  // At the street the squad is the only candidate for 0601.
  const auto id = accepted_case("0601", "990001001");
  auto d = ask(act_atom::value, id, action(case_action::dispatch));
  REQUIRE(d.ok());
  CHECK(d->department == "990001001.squad");

  auto back = action(case_action::return_case, "zhang");
  back.reason = "不属于本中队职责";
  auto returned = department_does("990001001.squad", id, back);
  REQUIRE(returned.ok());
  CHECK(returned->history.back().by == "990001001.squad/zhang");

  // The street centre has no other candidate: 中环 to the district, whose urban management
  // handles major 06.
  const auto r = fetch(id);
  CHECK(r.status == domain::case_status::dispatched);
  CHECK(r.department == "990001.urban_mgmt");
  CHECK(r.node == "990001");
  const auto& esc = r.history[r.history.size() - 2];
  CHECK(esc.type == event_type::escalated);
  CHECK(esc.ring == domain::ring::medium);
  CHECK(r.returned_by.empty());  // a new tier starts fresh
  CHECK(r.return_count == 1);
}

TEST_CASE("returns past the limit escalate by themselves", "[tier_network]") {
  city_runtime::options o;
  o.network.dispatch.max_returns = 1;
  network_fixture f(o);
  // Reported in a community: 小环 to the street, whose squad gets it automatically.
  const auto id = f.accepted_case("0601", "990001001001");
  auto r = f.fetch(id);
  REQUIRE(r.department == "990001001.squad");
  auto back = network_fixture::action(case_action::return_case, "staff");
  back.reason = "非本中队辖区";
  // First return: no other squad at the street, so 中环 to the district's urban management.
  REQUIRE(f.department_does("990001001.squad", id, back).ok());
  r = f.fetch(id);
  REQUIRE(r.department == "990001.urban_mgmt");
  // Second return: past the limit of one, so it climbs by itself (大环).
  REQUIRE(f.department_does("990001.urban_mgmt", id, back).ok());
  r = f.fetch(id);
  CHECK(r.return_count == 2);
  CHECK(r.node == "9900");
  CHECK(r.status == domain::case_status::escalated);  // the city has no rule for 0601
  CHECK(r.history.back().type == event_type::escalated);
  CHECK(r.history.back().ring == domain::ring::large);
  CHECK_THAT(r.history.back().reason, Catch::Contains("2") && Catch::Contains("1"));
  CHECK(f.queue_of("node", "9900").length == 1);
}

TEST_CASE_METHOD(network_fixture, "departments act only on their own queue",
                 "[tier_network]") {
  const auto id = accepted_case("0601", "990001001");
  REQUIRE(ask(act_atom::value, id, action(case_action::dispatch)).ok());
  auto stranger = department_does("990001002.squad", id, action(case_action::start));
  REQUIRE_FALSE(stranger.ok());
  CHECK(stranger.error().code == domain::error_code::not_found);
  auto not_a_department_move = department_does("990001001.squad", id, action(case_action::close));
  REQUIRE_FALSE(not_a_department_move.ok());
  CHECK(not_a_department_move.error().field == "action");
  auto started = department_does("990001001.squad", id, action(case_action::start, "li"));
  REQUIRE(started.ok());
  CHECK(started->status == domain::case_status::in_progress);
}

TEST_CASE_METHOD(network_fixture, "assisting departments are told and report back",
                 "[tier_network]") {
  const auto id = accepted_case("0601", "990001001");
  REQUIRE(ask(act_atom::value, id, action(case_action::dispatch)).ok());
  auto assist = action(case_action::assist);
  assist.departments = {"990001.sanitation"};
  REQUIRE(ask(act_atom::value, id, assist).ok());
  CHECK(queue_of("department", "990001.sanitation").assisting == 1);
  auto report_back = action(case_action::assist_report, "wang");
  report_back.result = "已清运垃圾";
  auto reported = department_does("990001.sanitation", id, report_back);
  REQUIRE(reported.ok());
  CHECK(reported->assist_reports == std::vector<std::string>{"990001.sanitation"});
  CHECK(reported->history.back().by == "990001.sanitation/wang");
}

TEST_CASE_METHOD(network_fixture, "a crashed department is restarted with its queue intact",
                 "[tier_network][supervision]") {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(accepted_case("0601", "990001001"));
    REQUIRE(ask(act_atom::value, ids.back(), action(case_action::dispatch)).ok());
  }
  REQUIRE(queue_of("department", "990001001.squad").length == 3);
  auto victim = ask_actor<caf::actor>(rt->network(), lookup_atom::value,
                                      std::string("department"), std::string("990001001.squad"));
  REQUIRE(victim.ok());
  caf::anon_send(*victim, caf::exit_msg{caf::actor_addr{}, caf::make_error(caf::sec::runtime_error, "injected failure")});
  sched->run();
  auto revived = ask_actor<caf::actor>(rt->network(), lookup_atom::value,
                                       std::string("department"), std::string("990001001.squad"));
  REQUIRE(revived.ok());
  CHECK(*revived != *victim);
  const auto view = queue_of("department", "990001001.squad");
  CHECK(view.length == 3);
  CHECK(view.oldest_case == ids.front());
  // It works as before: staff can act on a queued case.
  CHECK(department_does("990001001.squad", ids[1], action(case_action::start)).ok());
}

TEST_CASE("a crash loop stops the network and reports it", "[tier_network][supervision]") {
  city_runtime::options o;
  o.network.max_restarts = 2;
  std::string fatal;
  o.on_fatal = [&fatal](std::string why) { fatal = std::move(why); };
  testing::runtime_fixture f(o);
  for (int i = 0; i < 3; ++i) {
    auto victim = f.ask_actor<caf::actor>(f.rt->network(), lookup_atom::value,
                                          std::string("node"), std::string("990001"));
    REQUIRE(victim.ok());
    caf::anon_send(*victim, caf::exit_msg{caf::actor_addr{}, caf::make_error(caf::sec::runtime_error, "boom")});
    f.sched->run();
  }
  CHECK_THAT(fatal, Catch::Contains("city network stopped"));
}

TEST_CASE_METHOD(network_fixture, "a restart rebuilds every queue from storage",
                 "[tier_network][restart]") {
  std::vector<std::string> dispatched;
  for (int i = 0; i < 2; ++i) {
    dispatched.push_back(accepted_case("0601", "990001001"));
    REQUIRE(ask(act_atom::value, dispatched.back(), action(case_action::dispatch)).ok());
  }
  // Waiting at a node centre (verified, not accepted yet).
  auto waiting = ask(report_atom::value, report("0601", "990001001"));
  REQUIRE(waiting.ok());
  REQUIRE(ask(act_atom::value, waiting->id, action(case_action::verify)).ok());
  const auto before_dept = queue_of("department", "990001001.squad");
  const auto before_node = queue_of("node", "990001001");
  REQUIRE(before_dept.length == 2);
  REQUIRE(before_node.length == 1);

  restart();
  const auto dept = queue_of("department", "990001001.squad");
  CHECK(dept.length == 2);
  CHECK(dept.oldest_case == before_dept.oldest_case);
  const auto node = queue_of("node", "990001001");
  CHECK(node.length == 1);
  CHECK(node.oldest_case == waiting->id);
  // The rebuilt queue is the department's door: its staff act on a queued case.
  CHECK(department_does("990001001.squad", dispatched[0], action(case_action::start)).ok());
  CHECK(queue_of("department", "990001001.squad").length == 2);  // in progress still waits on it
}
