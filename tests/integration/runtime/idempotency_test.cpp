// Idempotency-Key at the actor level: the key's intake shard keeps keys in flight, the store
// binds a key to its case in the case's first write batch, and a repeat — concurrent, later,
// or after a restart — gets the first case back. Real actors over a real RocksDB store,
// driven by CAF's test coordinator. Also: an operator's access scope travels with a move and
// is checked by the case actor.
#include <filesystem>

#include "storage/event_store.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;

namespace {

struct fixture : testing::runtime_fixture {
  idempotency_key key(std::string k, std::string body_hash = "hash-1") {
    return idempotency_key{"app-1/" + std::move(k), std::move(body_hash)};
  }

  domain::result<report_outcome> keyed(domain::new_case r, idempotency_key k) {
    return ask_actor<report_outcome>(rt->directory(), report_atom::value, std::move(r),
                                     std::move(k));
  }

  // Sends every request before the actors run at all, then collects the answers (in the
  // order they arrive).
  std::vector<domain::result<report_outcome>> keyed_at_once(
      const std::vector<std::pair<domain::new_case, idempotency_key>>& requests) {
    for (const auto& [r, k] : requests) (*self)->send(rt->directory(), report_atom::value, r, k);
    sched->run();
    std::vector<domain::result<report_outcome>> out;
    for (std::size_t i = 0; i < requests.size(); ++i)
      (*self)->receive([&](report_outcome& o) { out.emplace_back(std::move(o)); },
                       [&](caf::error& e) { out.emplace_back(to_domain_error(e)); },
                       caf::after(std::chrono::seconds(0)) >> [] {});
    REQUIRE(out.size() == requests.size());
    return out;
  }

  std::uint64_t stored_cases() { return rt->event_store().case_count(); }
};

}  // namespace

TEST_CASE_METHOD(fixture, "a keyed report creates one case and a repeat gets it back",
                 "[idempotency]") {
  auto first = keyed(report(), key("k1"));
  REQUIRE(first.ok());
  CHECK_FALSE(first->replayed);
  CHECK(first->record.id == "9900-20261118-000001");

  auto again = keyed(report(), key("k1"));
  REQUIRE(again.ok());
  CHECK(again->replayed);
  CHECK(again->record.id == first->record.id);
  CHECK(again->record.history.size() == 1);
  CHECK(stored_cases() == 1);

  // Another key, or the same key of another principal, is another case.
  auto other = keyed(report(), key("k2"));
  REQUIRE(other.ok());
  CHECK_FALSE(other->replayed);
  CHECK(other->record.id != first->record.id);
  auto other_app = keyed(report(), idempotency_key{"app-2/k1", "hash-1"});
  REQUIRE(other_app.ok());
  CHECK_FALSE(other_app->replayed);
  CHECK(stored_cases() == 3);
}

TEST_CASE_METHOD(fixture, "concurrent duplicates wait for the first and create nothing",
                 "[idempotency]") {
  std::vector<std::pair<domain::new_case, idempotency_key>> burst;
  for (int i = 0; i < 6; ++i) burst.emplace_back(report(), key("burst"));
  auto answers = keyed_at_once(burst);
  int created = 0;
  for (auto& a : answers) {
    REQUIRE(a.ok());
    CHECK(a->record.id == answers.front()->record.id);
    if (!a->replayed) ++created;
  }
  CHECK(created == 1);
  CHECK(stored_cases() == 1);
  CHECK(live_case_actors() == 0);  // the shard created it; no actor until a second message
}

TEST_CASE_METHOD(fixture, "a key reused with another body is a conflict", "[idempotency]") {
  SECTION("after the first is stored") {
    auto first = keyed(report(), key("k", "hash-a"));
    REQUIRE(first.ok());
    auto clash = keyed(report("0301"), key("k", "hash-b"));
    REQUIRE_FALSE(clash.ok());
    CHECK(clash.error().code == domain::error_code::conflict);
    CHECK(clash.error().field == "Idempotency-Key");
    CHECK(clash.error().message.find(first->record.id) != std::string::npos);
  }
  SECTION("while the first is in flight") {
    auto answers = keyed_at_once({{report(), key("k", "hash-a")},
                                        {report("0301"), key("k", "hash-b")},
                                        {report(), key("k", "hash-a")}});
    int ok = 0, conflicts = 0;
    for (auto& a : answers) {
      if (a.ok())
        ++ok;
      else if (a.error().code == domain::error_code::conflict)
        ++conflicts;
    }
    CHECK(ok == 2);
    CHECK(conflicts == 1);
  }
  CHECK(stored_cases() == 1);
}

TEST_CASE_METHOD(fixture, "a key survives a restart with its case", "[idempotency]") {
  auto first = keyed(report(), key("durable"));
  REQUIRE(first.ok());
  restart();
  auto again = keyed(report(), key("durable"));
  REQUIRE(again.ok());
  CHECK(again->replayed);
  CHECK(again->record.id == first->record.id);
  auto clash = keyed(report(), key("durable", "another body"));
  REQUIRE_FALSE(clash.ok());
  CHECK(clash.error().code == domain::error_code::conflict);
  // Ids after the restart come from a new block; the key still maps to the first case.
  auto fresh = keyed(report(), key("new"));
  REQUIRE(fresh.ok());
  CHECK_FALSE(fresh->replayed);
  CHECK(fresh->record.id != first->record.id);
  CHECK(stored_cases() == 2);
}

TEST_CASE_METHOD(fixture, "a failed first attempt binds nothing, its duplicates run again",
                 "[idempotency]") {
  auto answers = keyed_at_once({{report("0601", "000000"), key("bad")},
                                      {report("0601", "000000"), key("bad")},
                                      {report("0601", "000000"), key("bad")}});
  for (auto& a : answers) {
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().code == domain::error_code::unknown_node);
  }
  CHECK(stored_cases() == 0);
  // The key is free: a corrected request with it creates the case.
  auto fixed = keyed(report(), key("bad", "hash-fixed"));
  REQUIRE(fixed.ok());
  CHECK_FALSE(fixed->replayed);
  CHECK(stored_cases() == 1);
}

TEST_CASE_METHOD(fixture, "an operator's scope is checked by the case actor with the move",
                 "[scope]") {
  auto created = ask(report_atom::value, report("0601", "990001001001"));
  REQUIRE(created.ok());
  const auto id = created->id;
  auto outside = ask(act_atom::value, id, action(domain::case_action::verify),
                     access_scope{"990001002"});
  REQUIRE_FALSE(outside.ok());
  CHECK(outside.error().code == domain::error_code::forbidden);
  auto sibling = ask(act_atom::value, id, action(domain::case_action::verify),
                     access_scope{"990001001002"});
  REQUIRE_FALSE(sibling.ok());
  CHECK(sibling.error().code == domain::error_code::forbidden);
  // Refusals store nothing.
  CHECK(ask(fetch_atom::value, id)->history.size() == 1);
  // In scope (the report node and every ancestor): the move goes on to the state machine,
  // which refuses an illegal one for what it is.
  for (const char* node : {"990001001001", "990001001", "990001", "9900"}) {
    INFO(node);
    auto illegal = ask(act_atom::value, id, action(domain::case_action::close),
                       access_scope{node});
    REQUIRE_FALSE(illegal.ok());
    CHECK(illegal.error().code == domain::error_code::illegal_transition);
  }
  auto verified = ask(act_atom::value, id, action(domain::case_action::verify, "op-c1"),
                      access_scope{"990001001001"});
  REQUIRE(verified.ok());
  CHECK(verified->history.back().by == "op-c1");
  // Without a scope (admin, supervisor) nothing is checked.
  CHECK(ask(act_atom::value, id, action(domain::case_action::accept), access_scope{}).ok());
}

TEST_CASE("the store binds a key only with a new case, once", "[idempotency][storage]") {
  testing::temp_dir dir;
  std::unique_ptr<storage::event_store> store;
  REQUIRE(storage::event_store::open(dir.path(), {}, store).is_ok());
  auto new_case = [](const std::string& id) {
    storage::case_write w;
    w.case_id = id;
    domain::case_event e;
    e.seq = 1;
    e.type = domain::event_type::reported;
    e.at_ms = 1'795'000'000'000;
    e.node = "990001001001";
    w.events.push_back(e);
    domain::apply(w.snapshot, e);
    w.snapshot.id = id;
    return w;
  };
  auto keyed_case = [&](const std::string& id, const std::string& key) {
    auto w = new_case(id);
    w.idempotency = storage::idempotency_record{key, id, "h-" + id};
    return w;
  };

  storage::idempotency_record rec;
  CHECK(store->find_idempotency("app-1/k", rec).is_not_found());
  REQUIRE(store->append({keyed_case("9900-20261118-000001", "app-1/k"),
                         new_case("9900-20261118-000002")})
              .is_ok());
  REQUIRE(store->find_idempotency("app-1/k", rec).is_ok());
  CHECK(rec.case_id == "9900-20261118-000001");
  CHECK(rec.body_hash == "h-9900-20261118-000001");
  CHECK(store->case_count() == 2);

  // A key already bound, or bound twice in one batch, fails the whole batch: nothing of it
  // is written.
  CHECK(store->append({new_case("9900-20261118-000003"),
                       keyed_case("9900-20261118-000004", "app-1/k")})
            .error_code() == storage::status::code::invalid_argument);
  CHECK(store->append({keyed_case("9900-20261118-000005", "app-1/x"),
                       keyed_case("9900-20261118-000006", "app-1/x")})
            .error_code() == storage::status::code::invalid_argument);
  CHECK(store->case_count() == 2);
  domain::case_record missing;
  CHECK(store->load_case("9900-20261118-000003", missing).is_not_found());
  CHECK(store->find_idempotency("app-1/x", rec).is_not_found());

  // Only a new case carries a key.
  auto later = new_case("9900-20261118-000001");
  later.events[0].seq = 2;
  later.previous = later.snapshot;
  later.previous->version = 1;
  later.idempotency = storage::idempotency_record{"app-1/y", "9900-20261118-000001", "h"};
  CHECK(store->append({later}).error_code() == storage::status::code::invalid_argument);

  // Reopened: the binding is still there.
  store.reset();
  REQUIRE(storage::event_store::open(dir.path(), {}, store).is_ok());
  REQUIRE(store->find_idempotency("app-1/k", rec).is_ok());
  CHECK(rec.case_id == "9900-20261118-000001");
}
