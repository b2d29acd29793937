// Real actors over a real RocksDB store in a temp dir, driven by CAF's test coordinator: no
// sleeps, time moves only when the test says so.
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;

using fixture = testing::runtime_fixture;
constexpr auto start_ms = fixture::start_ms;

TEST_CASE_METHOD(fixture, "ids come from the persisted counter, one actor per case in use",
                 "[case_directory]") {
  auto a = ask(report_atom::value, report());
  auto b = ask(report_atom::value, report());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->id == "9900-20261118-000001");
  CHECK(b->id == "9900-20261118-000002");
  CHECK(a->department == "990001001.squad");
  CHECK(live_case_actors() == 0);  // reported by an intake shard
  REQUIRE(fetch(a->id).id == a->id);
  REQUIRE(fetch(b->id).id == b->id);
  CHECK(live_case_actors() == 2);
}

TEST_CASE_METHOD(fixture, "idle case actors passivate and come back from storage",
                 "[case_directory]") {
  auto created = ask(report_atom::value, report());
  REQUIRE(created.ok());
  const auto id = created->id;
  REQUIRE(ask(act_atom::value, id, action(domain::case_action::verify)).ok());
  CHECK(live_case_actors() == 1);

  sched->clock().current_time += std::chrono::seconds(31);
  sched->clock().trigger_timeouts();
  sched->run();
  CHECK(live_case_actors() == 0);

  clock.advance(std::chrono::minutes(5));
  auto accepted = ask(act_atom::value, id, action(domain::case_action::accept));
  REQUIRE(accepted.ok());
  CHECK(live_case_actors() == 1);
  CHECK(accepted->status == domain::case_status::accepted);
  REQUIRE(accepted->history.size() == 3);
  CHECK(accepted->history[1].type == domain::event_type::verified);
  CHECK(accepted->history[2].at_ms == start_ms + 5 * 60 * 1000);
}

TEST_CASE_METHOD(fixture, "an unknown case answers not_found and leaves no actor behind",
                 "[case_directory]") {
  auto missing = ask(fetch_atom::value, std::string("9900-20261118-000777"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == domain::error_code::not_found);
  CHECK(live_case_actors() == 0);
}

TEST_CASE_METHOD(fixture, "an illegal move is refused with the allowed moves",
                 "[case_directory]") {
  auto created = ask(report_atom::value, report());
  REQUIRE(created.ok());
  auto refused = ask(act_atom::value, created->id, action(domain::case_action::close));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == domain::error_code::illegal_transition);
  CHECK(refused.error().status == domain::case_status::reported);
  CHECK(refused.error().allowed ==
        std::vector<std::string>{"verify", "reject", "supervise", "merge", "reclassify", "confirm"});
  // Nothing was stored for the refused move.
  auto again = ask(fetch_atom::value, created->id);
  REQUIRE(again.ok());
  CHECK(again->history.size() == 1);
}

TEST_CASE_METHOD(fixture, "department and node queues follow committed events",
                 "[city_network]") {
  // Reported at the street: the street centre has a squad for 0601, so it waits for the
  // operator's dispatch instead of escalating.
  auto created = ask(report_atom::value, report("0601", "990001001"));
  REQUIRE(created.ok());
  const auto id = created->id;
  CHECK(queue_of("node", "990001001").length == 1);
  for (auto a : {domain::case_action::verify, domain::case_action::accept,
                 domain::case_action::dispatch})
    REQUIRE(ask(act_atom::value, id, action(a)).ok());
  CHECK(queue_of("node", "990001001").length == 0);
  auto squad = queue_of("department", "990001001.squad");
  CHECK(squad.length == 1);
  CHECK(squad.oldest_case == id);
  for (auto a : {domain::case_action::start}) REQUIRE(ask(act_atom::value, id, action(a)).ok());
  auto handle = action(domain::case_action::handle);
  handle.result = "已劝离";
  REQUIRE(ask(act_atom::value, id, handle).ok());
  auto inspect = action(domain::case_action::inspect);
  inspect.passed = true;
  REQUIRE(ask(act_atom::value, id, inspect).ok());
  REQUIRE(ask(act_atom::value, id, action(domain::case_action::close)).ok());
  CHECK(queue_of("department", "990001001.squad").length == 0);
}
