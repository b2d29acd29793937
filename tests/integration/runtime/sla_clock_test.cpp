// The SLA clock over real actors and a real store: the case actor's own timer for active
// cases, the SLA watcher for passivated ones and for deadlines that passed while the service
// was down. Driven by CAF's test coordinator and a manual wall clock: no sleeps.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "runtime/sla_watcher.hpp"
#include "storage/index_keys.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::case_action;
using domain::event_type;

namespace {

constexpr auto start_ms = testing::runtime_fixture::start_ms;
constexpr std::int64_t hour_ms = domain::ms_per_hour;
constexpr std::int64_t minute_ms = 60 * 1000;

// A runtime each test starts with its own actor idle time and watcher interval, and can stop
// and start again on the same data directory.
struct sla_fixture : testing::runtime_fixture {
  sla_fixture() : runtime_fixture({}, /*start_now=*/false) {}

  void start(std::chrono::milliseconds case_idle, std::chrono::milliseconds scan_interval) {
    options.case_idle = case_idle;
    options.sla_scan_interval = scan_interval;
    runtime_fixture::start();  // runs the watcher's first round
  }

  std::uint64_t watcher_wakeups(const caf::actor& watcher) {
    auto n = ask_actor<std::uint64_t>(watcher, queue_atom::value);
    REQUIRE(n.ok());
    return *n;
  }
  // Case ids in the deadline index (`l/`), nearest first.
  std::vector<std::string> deadline_index() {
    auto page = ask_actor<case_page>(rt->store(), scan_atom::value,
                                     storage::index_prefix_deadlines(), std::string(),
                                     std::uint64_t{1000});
    REQUIRE(page.ok());
    std::vector<std::string> ids;
    for (const auto& entry : page->case_ids) {
      std::int64_t due = 0;
      std::string id;
      REQUIRE(storage::parse_deadline_entry(entry, due, id));
      ids.push_back(id);
    }
    return ids;
  }
  bool indexed(const std::string& id) {
    const auto ids = deadline_index();
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
};

using testing::event_types;

}  // namespace

TEST_CASE_METHOD(sla_fixture, "an active case is reminded at 75% and marked overdue by its own timer",
                 "[sla]") {
  // The actor outlives both SLA points; the watcher's next round is a month away.
  start(48h, 24h * 30);
  const auto created = grid_report("0101");
  const auto id = created.id;
  REQUIRE(created.deadline_ms == start_ms + 24 * hour_ms);
  CHECK(domain::reminder_due(created) == start_ms + 18 * hour_ms);
  CHECK(indexed(id));

  advance(18h - 1min);
  auto before = fetch(id);
  CHECK_FALSE(before.reminded);
  CHECK(event_types(before) == std::vector<event_type>{event_type::reported});

  advance(2min);
  auto reminded = stored(id);
  CHECK(reminded.reminded);
  CHECK_FALSE(reminded.overdue);
  REQUIRE(reminded.history.size() == 2);
  CHECK(reminded.history[1].type == event_type::reminded);
  CHECK(reminded.history[1].by == "sla");
  CHECK(reminded.history[1].at_ms >= start_ms + 18 * hour_ms);
  CHECK(reminded.history[1].at_ms <= start_ms + 18 * hour_ms + minute_ms);
  CHECK(indexed(id));  // now under its deadline

  advance(6h - 2min);
  CHECK_FALSE(stored(id).overdue);
  advance(2min);
  auto overdue = fetch(id);
  CHECK(overdue.overdue);
  CHECK(event_types(overdue) ==
        std::vector<event_type>{event_type::reported, event_type::reminded, event_type::overdue});
  CHECK(overdue.history[2].by == "sla");
  CHECK(overdue.history[2].at_ms >= overdue.deadline_ms);
  CHECK_FALSE(indexed(id));
  // The timer did it: the case never passivated and the watcher woke nobody.
  CHECK(live_case_actors() == 1);
  CHECK(watcher_wakeups(rt->sla_watcher()) == 0);

  // Nothing is left to mark: the actor passivates as usual.
  advance(48h + 1s);
  CHECK(live_case_actors() == 0);
  CHECK(event_types(stored(id)).size() == 3);
}

TEST_CASE_METHOD(sla_fixture, "the SLA watcher reminds and marks a passivated case", "[sla]") {
  start(30s, 1min);
  const auto id = grid_report("0101").id;
  advance(31s);
  REQUIRE(live_case_actors() == 0);  // an SLA point 18 h away does not keep the actor

  advance(18h - 2min);
  CHECK(live_case_actors() == 0);  // nothing due: nothing woken
  CHECK_FALSE(stored(id).reminded);
  CHECK(watcher_wakeups(rt->sla_watcher()) == 0);

  advance(2min);
  auto reminded = stored(id);
  CHECK(reminded.reminded);
  REQUIRE(reminded.history.size() == 2);
  CHECK(reminded.history[1].type == event_type::reminded);
  CHECK(reminded.history[1].by == "sla");
  CHECK(watcher_wakeups(rt->sla_watcher()) == 1);

  // Woken for the reminder, it passivates again (the wake-up was counted like a request).
  advance(31s);
  REQUIRE(live_case_actors() == 0);

  advance(6h - 1min);
  auto overdue = stored(id);
  CHECK(overdue.overdue);
  CHECK(event_types(overdue) ==
        std::vector<event_type>{event_type::reported, event_type::reminded, event_type::overdue});
  CHECK(overdue.history[2].by == "sla");
  CHECK_FALSE(indexed(id));
  CHECK(watcher_wakeups(rt->sla_watcher()) == 2);
  advance(31s);
  CHECK(live_case_actors() == 0);
}

TEST_CASE_METHOD(sla_fixture,
                 "a case activated after its deadline gets the reminder and the overdue mark at once",
                 "[sla]") {
  start(30s, 24h * 30);  // no watcher round during the test: activation alone must do it
  const auto id = grid_report("0101").id;
  advance(31s);
  REQUIRE(live_case_actors() == 0);
  advance(25h);
  CHECK_FALSE(stored(id).reminded);

  // The first request activates it; the marks are committed before the request is answered.
  auto c = fetch(id);
  CHECK(c.reminded);
  CHECK(c.overdue);
  REQUIRE(event_types(c) ==
          std::vector<event_type>{event_type::reported, event_type::reminded, event_type::overdue});
  CHECK(c.history[1].seq == 2);
  CHECK(c.history[2].seq == 3);
  CHECK(c.history[1].at_ms == clock.now_ms());  // both in one commit, reminder first
  CHECK(c.history[2].at_ms == clock.now_ms());
  CHECK(c.history[1].by == "sla");
  CHECK(c.history[2].by == "sla");
  CHECK(stored(id).version == 3);
  CHECK_FALSE(indexed(id));

  // A second wake-up is harmless: nothing is due, nothing is written, nothing is answered.
  (*self)->send(rt->directory(), sla_atom::value, id);
  sched->run();
  CHECK(stored(id).version == 3);
  // And it counted as a forwarded request: the actor still passivates.
  advance(31s);
  CHECK(live_case_actors() == 0);
}

TEST_CASE_METHOD(sla_fixture, "a wake-up for an unknown case leaves no actor behind", "[sla]") {
  start(30s, 1min);
  (*self)->send(rt->directory(), sla_atom::value, std::string("9900-20261118-000777"));
  sched->run();
  CHECK(live_case_actors() == 0);
}

TEST_CASE_METHOD(sla_fixture, "deadlines that passed while the service was down are marked at start",
                 "[sla]") {
  start(30s, 1min);
  const auto manhole = grid_report("0101").id;  // 24 h
  const auto stall = grid_report("0601").id;    // 2 working days: Fri 2026-11-20 19:06:40
  stop();

  clock.advance(25h);  // downtime
  start(30s, 1min);    // the watcher's first round ran in start()
  auto m = stored(manhole);
  CHECK(m.reminded);
  CHECK(m.overdue);
  CHECK(event_types(m) ==
        std::vector<event_type>{event_type::reported, event_type::reminded, event_type::overdue});
  CHECK(m.history[2].at_ms == start_ms + 25 * hour_ms);
  auto s = stored(stall);
  CHECK_FALSE(s.reminded);
  CHECK(s.history.size() == 1);
  CHECK(deadline_index() == std::vector<std::string>{stall});
  CHECK(watcher_wakeups(rt->sla_watcher()) == 1);
}

TEST_CASE_METHOD(sla_fixture, "a watcher round is bounded, the backlog follows in the next rounds",
                 "[sla]") {
  start(30s, 24h * 30);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(grid_report("0101").id);
  advance(31s);
  REQUIRE(live_case_actors() == 0);
  clock.advance(25h);  // wall time only: no timer fires

  sla_watcher_options o;
  o.max_wakeups_per_round = 2;
  o.page_size = 1;
  o.backlog_pause = 5s;
  o.interval = 1h;
  auto watcher = rt->system().spawn(sla_watcher, rt->store(), rt->directory(), &clock, o);
  sched->run();
  CHECK(watcher_wakeups(watcher) == 2);
  CHECK(live_case_actors() == 2);
  CHECK(deadline_index().size() == 3);

  advance(5s);
  CHECK(watcher_wakeups(watcher) == 4);
  advance(5s);
  CHECK(watcher_wakeups(watcher) == 5);
  CHECK(deadline_index().empty());
  for (const auto& id : ids) CHECK(stored(id).overdue);
  advance(5s);  // the backlog is gone: the next round waits for the interval
  CHECK(watcher_wakeups(watcher) == 5);

  caf::anon_send_exit(watcher, caf::exit_reason::user_shutdown);
  sched->run();
}

TEST_CASE_METHOD(sla_fixture, "an extended deadline re-arms the timer, the old one is ignored",
                 "[sla]") {
  start(48h, 24h * 30);
  const auto id = grid_report("0101").id;
  auto act = [&](domain::action_request q) {
    auto r = ask_actor<domain::case_record>(rt->directory(), act_atom::value, id, q);
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return *r;
  };
  auto action = [](case_action a) {
    domain::action_request q;
    q.action = a;
    q.by = "seat-1";
    return q;
  };
  act(action(case_action::verify));
  act(action(case_action::accept));
  // 0101 is handled at city tier only: the network may escalate and dispatch it by itself.
  if (stored(id).status != domain::case_status::dispatched) act(action(case_action::dispatch));
  REQUIRE(stored(id).status == domain::case_status::dispatched);
  act(action(case_action::start));
  advance(19h);
  REQUIRE(stored(id).reminded);

  auto extend = action(case_action::extend);
  extend.reason = "需更换井座";
  extend.until_ms = start_ms + 48 * hour_ms;
  act(extend);
  auto approved = act(action(case_action::approve_extension));
  REQUIRE(approved.deadline_ms == start_ms + 48 * hour_ms);
  CHECK_FALSE(approved.reminded);

  advance(6h);  // past the old deadline: the timer armed for it is stale
  auto c = stored(id);
  CHECK_FALSE(c.overdue);
  CHECK_FALSE(c.reminded);  // the new window's reminder point: 36 h after the SLA start
  advance(12h);
  c = stored(id);
  CHECK(c.reminded);
  CHECK_FALSE(c.overdue);
  advance(12h);
  c = stored(id);
  CHECK(c.overdue);
  CHECK(event_types(c).back() == event_type::overdue);
  CHECK(watcher_wakeups(rt->sla_watcher()) == 0);
}
