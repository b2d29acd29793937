#pragma once
// A city runtime over a real RocksDB store in a temp dir, driven by CAF's test coordinator
// and a manual wall clock: time moves only when a test says so, no sleeps. Header-only so
// the support library needs no cityops libraries.

#include <catch2/catch.hpp>
#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/protocol.hpp"
#include "runtime/city_runtime.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/test_city.hpp"

namespace cityops::testing {

struct runtime_fixture {
  static constexpr std::int64_t start_ms = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00

  // start_now = false leaves the start to the test (after it has set `options`).
  explicit runtime_fixture(city_runtime::options o = {}, bool start_now = true)
      : city(make_test_city()), clock(start_ms) {
    o.data_dir = dir.path();
    o.deterministic = true;
    if (o.case_idle == city_runtime::options{}.case_idle) o.case_idle = std::chrono::seconds(30);
    options = o;
    if (start_now) start();
  }
  ~runtime_fixture() { stop(); }

  // Starts the runtime with `options` on the fixture's data directory.
  void start() {
    std::string error;
    rt = city_runtime::start(city, clock, options, error);
    REQUIRE(rt);
    sched = &dynamic_cast<caf::scheduler::test_coordinator&>(rt->system().scheduler());
    self = std::make_unique<caf::scoped_actor>(rt->system());
    sched->run();  // e.g. the SLA watcher's first round
  }
  void stop() {
    if (!rt) return;
    self.reset();
    rt->stop();
    rt.reset();
    sched = nullptr;
  }
  void restart() {
    stop();
    start();
  }

  // Sends `xs` to `dest`, runs every actor to quiescence, returns the reply of type T (or
  // the domain error it answered with).
  template <class T, class... Ts>
  domain::result<T> ask_actor(const caf::actor& dest, Ts&&... xs) {
    (*self)->send(dest, std::forward<Ts>(xs)...);
    sched->run();
    std::optional<domain::result<T>> out;
    (*self)->receive([&](T& r) { out.emplace(std::move(r)); },
                     [&](caf::error& e) { out.emplace(to_domain_error(e)); },
                     caf::after(std::chrono::seconds(0)) >> [] {});
    REQUIRE(out.has_value());
    return std::move(*out);
  }
  template <class... Ts>
  domain::result<domain::case_record> ask(Ts&&... xs) {
    return ask_actor<domain::case_record>(rt->directory(), std::forward<Ts>(xs)...);
  }

  domain::case_record fetch(const std::string& id) {
    auto r = ask(fetch_atom::value, id);
    REQUIRE(r.ok());
    return *r;
  }
  // The stored snapshot, read without activating the case.
  domain::case_record stored(const std::string& id) {
    auto r = ask_actor<domain::case_record>(rt->store(), load_atom::value, id);
    REQUIRE(r.ok());
    return *r;
  }

  std::uint64_t live_case_actors() {
    auto n = ask_actor<std::uint64_t>(rt->directory(), queue_atom::value);
    REQUIRE(n.ok());
    return *n;
  }
  queue_view queue_of(const std::string& kind, const std::string& id) {
    auto v = ask_actor<queue_view>(rt->network(), queue_atom::value, kind, id);
    REQUIRE(v.ok());
    return *v;
  }

  // Moves the wall clock case events carry and CAF's timer clock together and fires what is
  // due by then (including timers armed on the way with no delay left), until nothing moves.
  // Uses advance_time rather than trigger_timeouts: the latter fires every pending timer
  // regardless of its time, which would run the SLA watcher's next round early and hide which
  // path (actor timer or watcher) did the work.
  void advance(std::chrono::milliseconds d) {
    clock.advance(d);
    sched->clock().advance_time(d);
    for (;;) {
      const auto ran = sched->run();
      const auto fired = sched->clock().advance_time(std::chrono::milliseconds(0));
      if (ran == 0 && fired == 0) break;
    }
  }

  domain::new_case report(std::string category = "0601", std::string node = "990001001001") {
    domain::new_case n;
    n.source = domain::case_source::hotline;
    n.text = "路口有流动摊贩占道经营";
    n.category = std::move(category);
    n.node = std::move(node);
    return n;
  }
  // A grid inspector's manhole report, sent to the directory: the case as created.
  domain::case_record grid_report(std::string category, std::string node = "990001001001") {
    domain::new_case n;
    n.source = domain::case_source::grid;
    n.text = "井盖塌陷";
    n.category = std::move(category);
    n.node = std::move(node);
    auto r = ask(report_atom::value, n);
    REQUIRE(r.ok());
    return *r;
  }
  static domain::action_request action(domain::case_action a, std::string by = "seat-1") {
    domain::action_request q;
    q.action = a;
    q.by = std::move(by);
    return q;
  }

  temp_dir dir;
  config::city_model city;
  manual_clock clock;
  city_runtime::options options;
  std::unique_ptr<city_runtime> rt;
  caf::scheduler::test_coordinator* sched = nullptr;
  std::unique_ptr<caf::scoped_actor> self;
};

// The types of a case's events, oldest first.
inline std::vector<domain::event_type> event_types(const domain::case_record& r) {
  std::vector<domain::event_type> out;
  for (const auto& e : r.history) out.push_back(e.type);
  return out;
}

}  // namespace cityops::testing
