// The intake spine: intake shards decide new cases without case actors, the store actor
// commits each round in one WriteBatch and answers every report of the round, the directory
// activates a case actor only for the case's second message (seeded from its recent-cases
// cache), and passivates idle actors by a rate-limited sweep. Real actors over a real
// RocksDB store, driven by CAF's test coordinator and a manual clock.
#include <atomic>

#include "actors/intake_protocol.hpp"
#include "runtime/intake_shard.hpp"
#include "storage/event_store.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;

namespace {

// Tickets as the gateway sends them: fire and forget, answered through intake_answer.
struct ticket_log {
  std::vector<std::optional<domain::result<report_outcome>>> answers;

  intake_ticket ticket(domain::new_case report, idempotency_key key = {}) {
    const auto i = answers.size();
    answers.emplace_back();
    return intake_ticket{std::move(report), std::move(key),
                         std::make_shared<intake_answer>(
                             [this, i](domain::result<report_outcome> r) { answers[i] = r; })};
  }
};

struct failing_store_fixture : testing::runtime_fixture {
  failing_store_fixture() : testing::runtime_fixture({}, false) {
    options.store_failpoint = [this]() -> storage::status {
      if (fail_writes > 0) {
        --fail_writes;
        return storage::status::io_error("injected: disk write failed");
      }
      return storage::status::ok();
    };
    start();
  }
  int fail_writes = 0;
};

using fixture = testing::runtime_fixture;

}  // namespace

TEST_CASE_METHOD(fixture, "new cases are committed by the shards, no case actor until the "
                          "second message", "[intake_spine]") {
  REQUIRE(rt->intake_shards().size() >= 1);
  ticket_log log;
  for (int i = 0; i < 5; ++i)
    caf::anon_send(rt->intake_shards()[i % rt->intake_shards().size()],
                   log.ticket(report()));
  sched->run();
  std::vector<std::string> ids;
  for (auto& a : log.answers) {
    REQUIRE(a.has_value());
    REQUIRE(a->ok());
    CHECK_FALSE(a->value().replayed);
    CHECK(a->value().record.history.size() == 1);
    ids.push_back(a->value().record.id);
  }
  std::sort(ids.begin(), ids.end());
  CHECK(ids.front() == "9900-20261118-000001");
  CHECK(ids.back() == "9900-20261118-000005");
  CHECK(rt->event_store().case_count() == 5);
  CHECK(live_case_actors() == 0);
  // The second message activates the actor from the recent-cases cache, with the history.
  auto verified = ask(act_atom::value, ids[2], action(domain::case_action::verify));
  REQUIRE(verified.ok());
  CHECK(verified->history.size() == 2);
  CHECK(live_case_actors() == 1);
  CHECK(stored(ids[2]).version == 2);
}

TEST_CASE_METHOD(fixture, "ids continue after a restart from the counter the batches raised",
                 "[intake_spine]") {
  for (int i = 0; i < 3; ++i) REQUIRE(ask(report_atom::value, report()).ok());
  restart();
  auto next = ask(report_atom::value, report());
  REQUIRE(next.ok());
  CHECK(next->id == "9900-20261118-000004");
}

TEST_CASE_METHOD(failing_store_fixture, "a failed write answers storage_failure to every "
                                        "report of its round, and the next round works",
                 "[intake_spine]") {
  ticket_log log;
  fail_writes = 1;
  for (int i = 0; i < 4; ++i) caf::anon_send(rt->intake_shards()[0], log.ticket(report()));
  sched->run();
  for (auto& a : log.answers) {
    REQUIRE(a.has_value());
    REQUIRE_FALSE(a->ok());
    CHECK(a->error().code == domain::error_code::storage_failure);
  }
  // Nothing half-applied: no case stored, none cached, no actor, no queue entry.
  CHECK(rt->event_store().case_count() == 0);
  CHECK(live_case_actors() == 0);
  CHECK(queue_of("node", "990001001001").length == 0);
  ticket_log next;
  caf::anon_send(rt->intake_shards()[0], next.ticket(report()));
  sched->run();
  REQUIRE(next.answers[0].has_value());
  REQUIRE(next.answers[0]->ok());
  const auto id = next.answers[0]->value().record.id;
  CHECK(rt->event_store().case_count() == 1);
  CHECK(stored(id).version == 1);
  CHECK(queue_of("node", "990001001001").length == 1);
}

TEST_CASE_METHOD(failing_store_fixture, "a failed keyed write frees its key for a retry",
                 "[intake_spine][idempotency]") {
  ticket_log log;
  const idempotency_key key{"app-1/k1", "hash-1"};
  fail_writes = 1;
  caf::anon_send(rt->intake_shards()[0], log.ticket(report(), key));
  sched->run();
  REQUIRE(log.answers[0].has_value());
  REQUIRE_FALSE(log.answers[0]->ok());
  CHECK(log.answers[0]->error().code == domain::error_code::storage_failure);
  const auto shard = rt->intake_shards()[intake_shard_for(key, rt->intake_shards().size(), 0)];
  caf::anon_send(shard, log.ticket(report(), key));
  caf::anon_send(shard, log.ticket(report(), key));
  sched->run();
  REQUIRE(log.answers[1]->ok());
  REQUIRE(log.answers[2]->ok());
  CHECK_FALSE(log.answers[1]->value().replayed);
  CHECK(log.answers[2]->value().replayed);
  CHECK(log.answers[1]->value().record.id == log.answers[2]->value().record.id);
  CHECK(rt->event_store().case_count() == 1);
}

TEST_CASE_METHOD(fixture, "a report the store does not settle in time is answered timeout",
                 "[intake_spine]") {
  // A shard whose store actor swallows appends: only the sweep can answer.
  // (An argument on purpose: CAF 0.17's function-based spawn without one dereferences a null
  // argument tuple, which UBSan reports.)
  auto silent = rt->system().spawn(
      [](caf::event_based_actor*, int) -> caf::behavior {
        return {[](append_atom, intake_commit&) {}};
      },
      0);
  auto ctx = std::make_shared<const case_context>(city, clock, silent,
                                                  std::chrono::milliseconds(30000));
  auto ids = std::make_shared<case_id_allocator>(
      city.city_id, [](const std::string&, std::uint64_t& v, std::string&) {
        v = 0;
        return true;
      });
  auto store = std::shared_ptr<const storage::event_store>(std::shared_ptr<void>(),
                                                           &rt->event_store());
  auto shard = rt->system().spawn(
      intake_shard, intake_shard_setup{ctx, ids, store, std::chrono::milliseconds(8000)});
  ticket_log log;
  caf::anon_send(shard, log.ticket(report()));
  sched->run();
  CHECK_FALSE(log.answers[0].has_value());
  advance(std::chrono::seconds(4));
  CHECK_FALSE(log.answers[0].has_value());
  advance(std::chrono::seconds(6));
  REQUIRE(log.answers[0].has_value());
  REQUIRE_FALSE(log.answers[0]->ok());
  CHECK(log.answers[0]->error().code == domain::error_code::timeout);
  caf::anon_send_exit(shard, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(silent, caf::exit_reason::user_shutdown);
  sched->run();
}

TEST_CASE_METHOD(fixture, "idle actors passivate by the sweep, at most the rate per round",
                 "[intake_spine]") {
  options.passivation_rate = 20;  // 2 per 100 ms round
  restart();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto r = ask(report_atom::value, report());
    REQUIRE(r.ok());
    REQUIRE(ask(act_atom::value, r->id, action(domain::case_action::verify)).ok());
    ids.push_back(r->id);
  }
  CHECK(live_case_actors() == 5);
  advance(std::chrono::seconds(29));
  CHECK(live_case_actors() == 5);  // not idle long enough
  advance(std::chrono::seconds(1));
  CHECK(live_case_actors() == 3);  // one round: two asked, two gone
  advance(std::chrono::milliseconds(100));
  CHECK(live_case_actors() == 1);
  advance(std::chrono::milliseconds(100));
  CHECK(live_case_actors() == 0);
  // A passivated case comes back from the store with everything.
  auto back = fetch(ids[0]);
  CHECK(back.history.size() == 2);
}
