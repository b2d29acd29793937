// The alert board over real actors and a real store, driven by CAF's test coordinator and a
// manual wall clock: overdue marks and supervision raise durable alerts, reminders do not,
// replays never duplicate, acknowledgements are scoped and survive a restart. Also the feed
// hub's filters, with plain sinks instead of WebSocket sessions.
#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/feed_hub.hpp"
#include "actors/oversight_protocol.hpp"
#include "actors/intake_protocol.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::alert_kind;
using domain::alert_status;
using domain::case_action;
using domain::event_type;

namespace {

// A runtime that can be stopped and started again on the same data directory; case actors stay
// live once activated, and the SLA watcher wakes the cases that have none (a new case's actor
// starts only with its second message) every minute.
struct board_fixture : testing::runtime_fixture {
  board_fixture() : runtime_fixture(board_options()) {}
  static city_runtime::options board_options() {
    city_runtime::options o;
    o.case_idle = 48h;
    o.sla_scan_interval = 1min;
    return o;
  }

  domain::case_record supervise(const std::string& id, const char* by = "city-seat") {
    domain::action_request q;
    q.action = case_action::supervise;
    q.by = by;
    q.reason = "群众反复投诉";
    q.node = "9900";
    auto r = ask_actor<domain::case_record>(rt->directory(), act_atom::value, id, q);
    REQUIRE(r.ok());
    return *r;
  }
  std::uint64_t open_on_board() {
    auto n = ask_actor<std::uint64_t>(rt->alert_board(), alert_atom::value, queue_atom::value);
    REQUIRE(n.ok());
    return *n;
  }
  std::vector<domain::alert> listed(alert_status status, domain::alert_scope scope = {}) {
    alert_query q;
    q.status = status;
    q.scope = std::move(scope);
    q.limit = 100;
    auto page = ask_actor<alert_list>(rt->store(), alert_atom::value, list_atom::value, q);
    REQUIRE(page.ok());
    CHECK(page->next_cursor.empty());
    return page->items;
  }
  domain::result<domain::alert> ack(const std::string& id, const std::string& by,
                                    domain::alert_scope scope = {}) {
    alert_ack a;
    a.id = id;
    a.by = by;
    a.scope = std::move(scope);
    return ask_actor<domain::alert>(rt->alert_board(), alert_atom::value, ack_atom::value, a);
  }
  // Publishes `c` on the committed stream again, as a replay would.
  void replay(const case_commit& c) {
    (*self)->send(rt->system().groups().get_local(committed_stream_name), committed_atom::value,
                  committed_batch{{c}});
    sched->run();
  }
};

// The commit that made `r` (a stored case with history) what it is after event `seq`.
case_commit commit_of(const domain::case_record& r, std::uint32_t seq) {
  case_commit c;
  c.case_id = r.id;
  std::vector<domain::case_event> upto(r.history.begin(), r.history.begin() + seq);
  c.previous = domain::replay(r.id, {upto.begin(), upto.end() - 1});
  c.previous.history.clear();
  c.snapshot = domain::replay(r.id, upto);
  c.snapshot.history.clear();
  c.events = {upto.back()};
  return c;
}

const domain::case_event* find_event(const domain::case_record& r, event_type t) {
  for (const auto& e : r.history)
    if (e.type == t) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE_METHOD(board_fixture, "an overdue mark raises one alert, the reminder raises none",
                 "[alert_board]") {
  const auto id = grid_report("0101").id;  // 24 h at the city tier
  advance(18h + 1min);                 // the 75% reminder
  REQUIRE(stored(id).reminded);
  CHECK(listed(alert_status::open).empty());
  CHECK(open_on_board() == 0);

  advance(6h);  // past the deadline: marked overdue by "sla"
  const auto r = stored(id);
  REQUIRE(r.overdue);
  const auto* overdue = find_event(r, event_type::overdue);
  REQUIRE(overdue);
  CHECK(overdue->by == "sla");

  const auto open = listed(alert_status::open);
  REQUIRE(open.size() == 1);
  const auto& a = open[0];
  CHECK(a.id == domain::alert_id(id, overdue->seq));
  CHECK(a.kind == alert_kind::overdue);
  CHECK(a.case_id == id);
  CHECK(a.seq == overdue->seq);
  CHECK(a.node == overdue->node);
  CHECK(a.department == overdue->department);
  CHECK(a.at_ms == overdue->at_ms);
  CHECK(a.status == alert_status::open);
  CHECK(a.acked_by.empty());
  CHECK_THAT(a.message, Catch::Contains(id));
  CHECK(open_on_board() == 1);
  CHECK(listed(alert_status::acked).empty());
}

TEST_CASE_METHOD(board_fixture, "replayed commits never duplicate an alert", "[alert_board]") {
  const auto id = grid_report("0601").id;
  supervise(id);
  auto r = stored(id);
  const auto* sup = find_event(r, event_type::supervised);
  REQUIRE(sup);
  REQUIRE(listed(alert_status::open).size() == 1);

  const auto c = commit_of(r, sup->seq);
  replay(c);
  replay(c);
  CHECK(listed(alert_status::open).size() == 1);
  CHECK(open_on_board() == 1);

  // After a restart the board knows it from the store: a replay changes nothing either.
  restart();
  CHECK(open_on_board() == 1);
  replay(c);
  CHECK(listed(alert_status::open).size() == 1);
  CHECK(open_on_board() == 1);
}

TEST_CASE_METHOD(board_fixture, "an acknowledgement is durable and a replay does not reopen it",
                 "[alert_board]") {
  const auto id = grid_report("0601").id;
  supervise(id);
  const auto open = listed(alert_status::open);
  REQUIRE(open.size() == 1);
  const auto alert_id = open[0].id;
  CHECK(open[0].kind == alert_kind::supervised);
  CHECK(open[0].node == stored(id).node);

  clock.advance(5min);
  auto acked = ack(alert_id, "city-seat-2");
  REQUIRE(acked.ok());
  CHECK(acked->status == alert_status::acked);
  CHECK(acked->acked_by == "city-seat-2");
  CHECK(acked->acked_at_ms == clock.now_ms());
  CHECK(open_on_board() == 0);
  CHECK(listed(alert_status::open).empty());

  // Acknowledging again keeps the first acknowledgement.
  clock.advance(1min);
  auto again = ack(alert_id, "someone-else");
  REQUIRE(again.ok());
  CHECK(again->acked_by == "city-seat-2");
  CHECK(again->acked_at_ms == acked->acked_at_ms);

  restart();
  CHECK(open_on_board() == 0);
  const auto after = listed(alert_status::acked);
  REQUIRE(after.size() == 1);
  CHECK(after[0].id == alert_id);
  CHECK(after[0].acked_by == "city-seat-2");
  CHECK(after[0].acked_at_ms == acked->acked_at_ms);

  auto r = stored(id);
  const auto* sup = find_event(r, event_type::supervised);
  REQUIRE(sup);
  replay(commit_of(r, sup->seq));
  CHECK(listed(alert_status::open).empty());
  CHECK(open_on_board() == 0);
}

TEST_CASE_METHOD(board_fixture, "acknowledgements are scoped, unknown alerts are not found",
                 "[alert_board]") {
  const auto id = grid_report("0601", "990001001001").id;
  supervise(id);
  const auto open = listed(alert_status::open);
  REQUIRE(open.size() == 1);

  auto outside = ack(open[0].id, "seat-9", {"990001002", ""});
  REQUIRE_FALSE(outside.ok());
  CHECK(outside.error().code == domain::error_code::forbidden);
  auto unknown = ack("9900-20261118-999999-e1", "seat-1");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == domain::error_code::not_found);
  CHECK(open_on_board() == 1);

  // Listings are scoped the same way.
  CHECK(listed(alert_status::open, {"990001001", ""}).size() == 1);
  CHECK(listed(alert_status::open, {"990001002", ""}).empty());

  auto inside = ack(open[0].id, "street-seat", {"990001001", ""});
  REQUIRE(inside.ok());
  CHECK(inside->status == alert_status::acked);
}

TEST_CASE_METHOD(board_fixture, "alerts are published on the alert stream once stored",
                 "[alert_board]") {
  (*self)->join(rt->system().groups().get_local(alert_stream_name));
  const auto id = grid_report("0601").id;
  supervise(id);
  std::vector<domain::alert> seen;
  for (;;) {
    bool got = false;
    (*self)->receive(
        [&](alert_atom, const domain::alert& a) {
          seen.push_back(a);
          got = true;
        },
        caf::after(std::chrono::seconds(0)) >> [] {});
    if (!got) break;
  }
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].status == alert_status::open);
  CHECK(seen[0].case_id == id);
  REQUIRE(ack(seen[0].id, "seat-1").ok());
  std::optional<domain::alert> acked;
  (*self)->receive([&](alert_atom, const domain::alert& a) { acked = a; },
                   caf::after(std::chrono::seconds(0)) >> [] {});
  REQUIRE(acked);
  CHECK(acked->status == alert_status::acked);
}

namespace {

// A sink that records what the hub hands it.
struct recording_sink {
  std::shared_ptr<std::vector<std::string>> got = std::make_shared<std::vector<std::string>>();
  feed_sink sink() const {
    return [got = got](const std::shared_ptr<const std::string>& text) {
      got->push_back(*text);
      return true;
    };
  }
  std::size_t count(const std::string& needle) const {
    return static_cast<std::size_t>(std::count_if(
        got->begin(), got->end(),
        [&](const std::string& s) { return s.find(needle) != std::string::npos; }));
  }
};

}  // namespace

TEST_CASE_METHOD(board_fixture, "the feed hub filters by node subtree and department",
                 "[feed_hub]") {
  recording_sink street, other_street, squad, everything;
  auto subscribe = [&](std::uint64_t id, feed_filter f, feed_sink s) {
    feed_subscriber sub;
    sub.id = id;
    sub.filter = std::move(f);
    sub.sink = std::move(s);
    sub.hello = std::make_shared<const std::string>("hello");
    (*self)->send(rt->feed_hub(), feed_atom::value, subscribe_atom::value, std::move(sub));
    sched->run();
  };
  subscribe(1, {"990001001", ""}, street.sink());
  subscribe(2, {"990001002", ""}, other_street.sink());
  subscribe(3, {"", "990001002.squad"}, squad.sink());
  subscribe(4, {}, everything.sink());
  // A sink that refuses (a slow consumer): dropped after its first refusal.
  auto calls = std::make_shared<int>(0);
  subscribe(5, {}, [calls](const std::shared_ptr<const std::string>&) {
    ++*calls;
    return false;
  });
  CHECK(*calls == 1);  // the hello, refused
  auto subscribers = ask_actor<std::uint64_t>(rt->feed_hub(), feed_atom::value, queue_atom::value);
  REQUIRE(subscribers.ok());
  CHECK(*subscribers == 4);
  CHECK(street.count("hello") == 1);

  const auto inside = grid_report("0601", "990001001001").id;   // below street 990001001
  const auto outside = grid_report("0601", "990001002001").id;  // below street 990001002
  CHECK(street.count(inside) > 0);
  CHECK(street.count(outside) == 0);
  CHECK(other_street.count(outside) > 0);
  CHECK(other_street.count(inside) == 0);
  CHECK(everything.count(inside) > 0);
  CHECK(everything.count(outside) > 0);
  // Department: routing proposes each street's squad for 0601 at its communities.
  CHECK(squad.count(outside) > 0);
  CHECK(squad.count(inside) == 0);
  CHECK(*calls == 1);

  // Every message is one JSON object of a known kind.
  for (const auto& m : *everything.got) {
    if (m == "hello") continue;
    CHECK_THAT(m, Catch::StartsWith("{\"kind\":\"case_event\",\"case_id\":\""));
  }

  // Alerts: the supervised case below 990001001 reaches the street and everyone, not the
  // other street.
  supervise(inside);
  CHECK(street.count("\"kind\":\"alert\"") == 1);
  CHECK(everything.count("\"kind\":\"alert\"") == 1);
  CHECK(other_street.count("\"kind\":\"alert\"") == 0);

  (*self)->send(rt->feed_hub(), feed_atom::value, unsubscribe_atom::value, std::uint64_t{4});
  sched->run();
  const auto before = everything.got->size();
  grid_report("0601", "990001001001");
  CHECK(everything.got->size() == before);
  subscribers = ask_actor<std::uint64_t>(rt->feed_hub(), feed_atom::value, queue_atom::value);
  REQUIRE(subscribers.ok());
  CHECK(*subscribers == 3);
}
