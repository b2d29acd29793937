// Real actors over a real RocksDB store in a temp dir, driven by CAF's test coordinator: no
// sleeps, time moves only when the test says so.
#include <catch2/catch.hpp>
#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "actors/protocol.hpp"
#include "runtime/city_runtime.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;

namespace {

constexpr std::int64_t start_ms = 1'795'000'000'000;

struct fixture {
  fixture() : city(testing::make_test_city()), clock(start_ms) {
    city_runtime::options o;
    o.data_dir = dir.path();
    o.deterministic = true;
    o.case_idle = std::chrono::seconds(30);
    std::string error;
    rt = city_runtime::start(city, clock, o, error);
    REQUIRE(rt);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(rt->system().scheduler());
    self = std::make_unique<caf::scoped_actor>(rt->system());
  }
  ~fixture() {
    self.reset();
    rt->stop();
  }

  // Sends `xs` to the directory, runs every actor to quiescence, returns the reply.
  template <class... Ts>
  domain::result<domain::case_record> ask(Ts&&... xs) {
    (*self)->send(rt->directory(), std::forward<Ts>(xs)...);
    sched->run();
    std::optional<domain::result<domain::case_record>> out;
    (*self)->receive([&](domain::case_record& r) { out.emplace(std::move(r)); },
                     [&](caf::error& e) { out.emplace(to_domain_error(e)); },
                     caf::after(std::chrono::seconds(0)) >> [] {});
    REQUIRE(out.has_value());
    return std::move(*out);
  }

  std::uint64_t live_case_actors() {
    (*self)->send(rt->directory(), queue_atom::value);
    sched->run();
    std::uint64_t n = 999;
    (*self)->receive([&](std::uint64_t x) { n = x; });
    return n;
  }

  domain::new_case report() {
    domain::new_case n;
    n.source = domain::case_source::hotline;
    n.text = "路口有流动摊贩占道经营";
    n.category = "0601";
    n.node = "990001001001";
    return n;
  }

  domain::action_request action(domain::case_action a) {
    domain::action_request q;
    q.action = a;
    q.by = "seat-1";
    return q;
  }

  testing::temp_dir dir;
  config::city_model city;
  manual_clock clock;
  std::unique_ptr<city_runtime> rt;
  caf::scheduler::test_coordinator* sched = nullptr;
  std::unique_ptr<caf::scoped_actor> self;
};

}  // namespace

TEST_CASE_METHOD(fixture, "ids come from the persisted counter, one actor per case",
                 "[case_directory]") {
  auto a = ask(report_atom::value, report());
  auto b = ask(report_atom::value, report());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->id == "9900-20261118-000001");
  CHECK(b->id == "9900-20261118-000002");
  CHECK(a->department == "990001001.squad");
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
        std::vector<std::string>{"verify", "reject", "supervise", "merge"});
  // Nothing was stored for the refused move.
  auto again = ask(fetch_atom::value, created->id);
  REQUIRE(again.ok());
  CHECK(again->history.size() == 1);
}

TEST_CASE_METHOD(fixture, "department and node queues follow committed events",
                 "[city_network]") {
  auto queue_of = [this](const char* kind, const char* id) {
    (*self)->send(rt->network(), queue_atom::value, std::string(kind), std::string(id));
    sched->run();
    queue_view v;
    (*self)->receive([&](queue_view& q) { v = q; });
    return v;
  };
  auto created = ask(report_atom::value, report());
  REQUIRE(created.ok());
  const auto id = created->id;
  CHECK(queue_of("node", "990001001001").length == 1);
  for (auto a : {domain::case_action::verify, domain::case_action::accept,
                 domain::case_action::dispatch})
    REQUIRE(ask(act_atom::value, id, action(a)).ok());
  CHECK(queue_of("node", "990001001001").length == 0);
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
