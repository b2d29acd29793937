// Scenario isolation with real threads (the runtime as the service runs it: detached hosts,
// the watchdog on its own clock): a handler that stalls is failed after the budget and its
// rules are withdrawn while reports keep being taken, one that throws likewise; and stopping
// the runtime does not wait forever for a handler that never returns.
#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "actors/protocol.hpp"
#include "actors/scenario_protocol.hpp"
#include "runtime/city_runtime.hpp"
#include "storage/event_store.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;
using testing::eventually;

namespace {

constexpr auto wait_limit = std::chrono::seconds(30);

// Where the faulty scenario stalls, and how the test lets it go.
struct gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  bool entered = false;
  void wait() {
    std::unique_lock<std::mutex> lock(m);
    entered = true;
    // Bounded, so a broken test cannot hold the process forever.
    cv.wait_for(lock, std::chrono::seconds(120), [this] { return open; });
  }
  void release() {
    {
      std::lock_guard<std::mutex> lock(m);
      open = true;
    }
    cv.notify_all();
  }
  bool was_entered() {
    std::lock_guard<std::mutex> lock(m);
    return entered;
  }
};

// A war room over 甲社区 whose handler for committed batches stalls or throws.
class faulty final : public scenario {
 public:
  enum class fault { stall, raise };
  faulty(fault f, std::shared_ptr<gate> g) : fault_(f), gate_(std::move(g)) {}
  std::optional<domain::domain_error> configure(param_reader&, const scenario_setup&) override {
    return std::nullopt;
  }
  void activate(scenario_context& ctx) override {
    domain::routing_override o;
    o.area.node = "990001001001";
    o.node = "990001002";
    domain::scenario_rule_set rules;
    rules.routing.push_back(o);
    ctx.set_rules(std::move(rules));
  }
  void on_committed(const committed_batch&, scenario_context&) override {
    if (fault_ == fault::raise) throw std::logic_error("a bug in the scenario");
    gate_->wait();
  }

 private:
  fault fault_;
  std::shared_ptr<gate> gate_;
};

struct live_runtime {
  testing::temp_dir dir;
  config::city_model city = testing::make_test_city();
  manual_clock clock{1'795'000'000'000};
  std::shared_ptr<gate> stall = std::make_shared<gate>();
  std::unique_ptr<city_runtime> rt;
  std::optional<caf::scoped_actor> self;

  explicit live_runtime(std::chrono::milliseconds stop_grace = std::chrono::seconds(30)) {
    auto registry = std::make_shared<scenario_registry>();
    registry->add({"staller", "", "", {}}, [g = stall] {
      return std::make_unique<faulty>(faulty::fault::stall, g);
    });
    registry->add({"thrower", "", "", {}}, [g = stall] {
      return std::make_unique<faulty>(faulty::fault::raise, g);
    });
    city_runtime::options o;
    o.data_dir = dir.path();
    o.scenarios = registry;
    o.scenario_budget = std::chrono::milliseconds(300);
    o.stop_grace = stop_grace;
    std::string error;
    rt = city_runtime::start(city, clock, o, error);
    REQUIRE(rt);
    self.emplace(rt->system());
  }
  ~live_runtime() {
    stall->release();
    self.reset();
    if (rt) rt->stop();
  }

  template <class T, class... Ts>
  domain::result<T> ask(const caf::actor& dest, Ts&&... xs) {
    std::optional<domain::result<T>> out;
    (*self)
        ->request(dest, std::chrono::seconds(10), std::forward<Ts>(xs)...)
        .receive([&](T& r) { out.emplace(std::move(r)); },
                 [&](caf::error& e) { out.emplace(to_domain_error(e)); });
    return std::move(*out);
  }
  domain::result<domain::case_record> report(std::string node) {
    domain::new_case n;
    n.text = "占道经营";
    n.category = "0601";
    n.node = std::move(node);
    return ask<domain::case_record>(rt->directory(), report_atom::value, std::move(n));
  }
  scenario_view view(const std::string& name) {
    auto v = ask<scenario_view>(rt->scenarios(), scenario_atom::value, get_atom::value, name);
    REQUIRE(v.ok());
    return *v;
  }
};

}  // namespace

TEST_CASE("a scenario stalled in a handler is failed by the watchdog while cases keep flowing",
          "[scenarios]") {
  live_runtime live;
  auto v = live.ask<scenario_view>(live.rt->scenarios(), scenario_atom::value,
                                   activate_atom::value, scenario_call{"staller", "{}", "admin", ""});
  REQUIRE(v.ok());
  // The first committed report reaches the scenario, which stalls in on_committed.
  const auto first = live.report("990001001001");
  REQUIRE(first.ok());
  CHECK(first.value().node == "990001002");
  REQUIRE(eventually([&] { return live.stall->was_entered(); }, wait_limit));
  // The watchdog fails it: its rules go, the failure is audited.
  const auto failed = eventually([&] { return live.view("staller"); },
                                 [](const scenario_view& s) { return s.state == "inactive"; },
                                 wait_limit);
  CHECK(failed.state == "inactive");
  CHECK(failed.ended.kind == "failed");
  CHECK(failed.ended.by == "watchdog");
  CHECK_THAT(failed.ended.detail, Catch::Contains("stalled: on_committed"));
  CHECK(live.rt->rules_board()->current()->empty());
  // Still stalled, its host holds only its own thread: intake and moves go on, routed
  // normally again.
  for (int i = 0; i < 5; ++i) {
    const auto r = live.report("990001001001");
    REQUIRE(r.ok());
    CHECK(r.value().node == "990001001001");
  }
  domain::action_request verify;
  verify.action = domain::case_action::verify;
  verify.by = "seat-1";
  CHECK(live.ask<domain::case_record>(live.rt->directory(), act_atom::value, first.value().id,
                                      verify)
            .ok());
  auto history = live.ask<scenario_history>(live.rt->scenarios(), scenario_atom::value,
                                            history_atom::value,
                                            history_request{"staller", 0, 10});
  REQUIRE(history.ok());
  REQUIRE(history.value().items.size() == 2);
  CHECK(history.value().items[0].kind == "failed");
  // Let it go: the host, already withdrawn, then ends; it can be activated again.
  live.stall->release();
  CHECK(live.ask<scenario_view>(live.rt->scenarios(), scenario_atom::value, activate_atom::value,
                                scenario_call{"staller", "{}", "admin", ""})
            .ok());
}

TEST_CASE("a scenario that throws on a real runtime is failed at once", "[scenarios]") {
  live_runtime live;
  REQUIRE(live.ask<scenario_view>(live.rt->scenarios(), scenario_atom::value,
                                  activate_atom::value, scenario_call{"thrower", "{}", "admin", ""})
              .ok());
  REQUIRE(live.report("990001001001").ok());
  const auto failed = eventually([&] { return live.view("thrower"); },
                                 [](const scenario_view& s) { return s.state == "inactive"; },
                                 wait_limit);
  CHECK(failed.ended.kind == "failed");
  CHECK_THAT(failed.ended.detail, Catch::Contains("on_committed threw: a bug in the scenario"));
  const auto r = live.report("990001001001");
  REQUIRE(r.ok());
  CHECK(r.value().node == "990001001001");
}

TEST_CASE("stopping the runtime does not wait forever for a stalled scenario", "[scenarios]") {
  live_runtime live(std::chrono::milliseconds(500));
  REQUIRE(live.ask<scenario_view>(live.rt->scenarios(), scenario_atom::value,
                                  activate_atom::value, scenario_call{"staller", "{}", "admin", ""})
              .ok());
  const auto r = live.report("990001001001");
  REQUIRE(r.ok());
  REQUIRE(eventually([&] { return live.stall->was_entered(); }, wait_limit));
  live.self.reset();
  const auto began = std::chrono::steady_clock::now();
  live.rt->stop();  // the host is still stalled
  CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(20));
  live.rt.reset();
  // The store was flushed and closed: it opens again, with the acknowledged case.
  std::unique_ptr<storage::event_store> store;
  REQUIRE(storage::event_store::open(live.dir.path() + "/store", storage::store_options{}, store)
              .is_ok());
  domain::case_record stored;
  CHECK(store->load_case(r.value().id, stored).is_ok());
  live.stall->release();
}
