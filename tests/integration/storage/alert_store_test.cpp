// storage::alert_store over a real RocksDB: insert-if-absent raises, acknowledgement moving
// the status index, newest-first paging with cursors, scoped listings, the codec, and a
// store written before the `alerts` family existed.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "storage/alert_codec.hpp"
#include "storage/alert_store.hpp"
#include "storage/event_store.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;
using domain::alert_status;

namespace {

domain::alert make_alert(const std::string& case_id, std::uint32_t seq, std::int64_t at_ms,
                         std::vector<std::string> scope = {"9900", "990001", "990001001"}) {
  domain::alert a;
  a.id = domain::alert_id(case_id, seq);
  a.kind = domain::alert_kind::overdue;
  a.case_id = case_id;
  a.seq = seq;
  a.node = scope.back();
  a.department = "990001001.squad";
  a.at_ms = at_ms;
  a.message = "case " + case_id + " is overdue";
  a.category = "0601";
  a.deadline_ms = at_ms - 1000;
  a.scope_nodes = std::move(scope);
  return a;
}

struct store_fixture {
  testing::temp_dir dir;
  std::unique_ptr<storage::event_store> events;
  std::unique_ptr<storage::alert_store> alerts;
  store_fixture() { open(); }
  void open() {
    REQUIRE(storage::event_store::open(dir.path(), storage::store_options{}, events).is_ok());
    REQUIRE(storage::alert_store::open(*events, alerts).is_ok());
  }
  void reopen() {
    alerts.reset();
    events.reset();
    open();
  }
  std::vector<domain::alert> raise(std::vector<domain::alert> batch) {
    std::vector<domain::alert> stored;
    REQUIRE(alerts->raise(batch, stored).is_ok());
    REQUIRE(stored.size() == batch.size());
    return stored;
  }
  storage::alert_page list(alert_status s, std::size_t limit, const std::string& cursor = "",
                           domain::alert_scope scope = {}) {
    storage::alert_page page;
    REQUIRE(alerts->list({s, std::move(scope)}, cursor, limit, page).is_ok());
    return page;
  }
};

std::vector<std::string> ids(const storage::alert_page& p) {
  std::vector<std::string> out;
  for (const auto& a : p.items) out.push_back(a.id);
  return out;
}

}  // namespace

TEST_CASE("alert codec round-trips every field", "[alert_store]") {
  auto a = make_alert("9900-20261118-000001", 4, 1'795'000'000'000);
  a.kind = domain::alert_kind::supervised;
  a.status = alert_status::acked;
  a.acked_by = "seat-1";
  a.acked_at_ms = 1'795'000'100'000;
  a.assistants = {"990001.sanitation"};
  domain::alert back;
  REQUIRE(storage::decode_alert(storage::encode_alert(a), back).is_ok());
  CHECK(back.id == a.id);
  CHECK(back.kind == a.kind);
  CHECK(back.case_id == a.case_id);
  CHECK(back.seq == a.seq);
  CHECK(back.node == a.node);
  CHECK(back.department == a.department);
  CHECK(back.at_ms == a.at_ms);
  CHECK(back.message == a.message);
  CHECK(back.status == a.status);
  CHECK(back.acked_by == a.acked_by);
  CHECK(back.acked_at_ms == a.acked_at_ms);
  CHECK(back.category == a.category);
  CHECK(back.deadline_ms == a.deadline_ms);
  CHECK(back.scope_nodes == a.scope_nodes);
  CHECK(back.assistants == a.assistants);
  const auto bytes = storage::encode_alert(a);
  CHECK_FALSE(storage::decode_alert(bytes.substr(0, bytes.size() - 1), back).is_ok());
  CHECK(storage::decode_alert(std::string(1, '\x07') + bytes.substr(1), back).error_code() ==
        storage::status::code::unsupported);
}

TEST_CASE_METHOD(store_fixture, "raising is insert-if-absent and never reopens an acked alert",
                 "[alert_store]") {
  const auto a = make_alert("9900-20261118-000001", 4, 1000);
  auto first = raise({a, a});  // twice in one batch: stored once
  CHECK(first[0].id == a.id);
  CHECK(first[1].id == a.id);
  CHECK(ids(list(alert_status::open, 10)) == std::vector<std::string>{a.id});

  auto acked = first[0];
  REQUIRE(domain::acknowledge(acked, "seat-1", 2000));
  REQUIRE(alerts->put(acked).is_ok());
  CHECK(list(alert_status::open, 10).items.empty());
  CHECK(ids(list(alert_status::acked, 10)) == std::vector<std::string>{a.id});

  auto again = raise({a});  // a replay: the stored, acknowledged alert comes back
  CHECK(again[0].status == alert_status::acked);
  CHECK(again[0].acked_by == "seat-1");
  CHECK(list(alert_status::open, 10).items.empty());

  reopen();
  domain::alert got;
  REQUIRE(alerts->get(a.id, got).is_ok());
  CHECK(got.status == alert_status::acked);
  CHECK(got.acked_at_ms == 2000);
  CHECK(alerts->get("9900-20261118-000009-e1", got).is_not_found());
}

TEST_CASE_METHOD(store_fixture, "listings are newest first, paged and scoped", "[alert_store]") {
  std::vector<domain::alert> batch;
  for (int i = 1; i <= 7; ++i)
    batch.push_back(make_alert("9900-20261118-00000" + std::to_string(i), 3, 1000 * i,
                               i % 2 ? std::vector<std::string>{"9900", "990001", "990001001"}
                                     : std::vector<std::string>{"9900", "990001", "990001002"}));
  raise(batch);
  auto p1 = list(alert_status::open, 3);
  CHECK(ids(p1) == std::vector<std::string>{batch[6].id, batch[5].id, batch[4].id});
  REQUIRE_FALSE(p1.next_cursor.empty());
  auto p2 = list(alert_status::open, 3, p1.next_cursor);
  CHECK(ids(p2) == std::vector<std::string>{batch[3].id, batch[2].id, batch[1].id});
  auto p3 = list(alert_status::open, 3, p2.next_cursor);
  CHECK(ids(p3) == std::vector<std::string>{batch[0].id});
  CHECK(p3.next_cursor.empty());

  auto odd = list(alert_status::open, 10, "", {"990001001", ""});
  CHECK(ids(odd) == std::vector<std::string>{batch[6].id, batch[4].id, batch[2].id, batch[0].id});
  CHECK(list(alert_status::open, 10, "", {"", "990001.sanitation"}).items.empty());

  storage::alert_page page;
  CHECK(alerts->list({alert_status::open, {}}, "", 0, page).error_code() ==
        storage::status::code::invalid_argument);
  CHECK(alerts->list({alert_status::acked, {}}, p1.next_cursor, 3, page).error_code() ==
        storage::status::code::invalid_argument);
}

TEST_CASE("a store written before alerts existed gets the family on open", "[alert_store]") {
  testing::temp_dir dir;
  {
    std::unique_ptr<storage::event_store> events;
    REQUIRE(storage::event_store::open(dir.path(), storage::store_options{}, events).is_ok());
  }
  const auto a = make_alert("9900-20261118-000001", 2, 1000);
  {
    std::unique_ptr<storage::event_store> events;
    std::unique_ptr<storage::alert_store> alerts;
    REQUIRE(storage::event_store::open(dir.path(), storage::store_options{}, events).is_ok());
    REQUIRE(storage::alert_store::open(*events, alerts).is_ok());
    std::vector<domain::alert> stored;
    REQUIRE(alerts->raise({a}, stored).is_ok());
  }
  // The event store alone opens it (as an unknown family), and the alert survives.
  std::unique_ptr<storage::event_store> events;
  std::unique_ptr<storage::alert_store> alerts;
  REQUIRE(storage::event_store::open(dir.path(), storage::store_options{}, events).is_ok());
  REQUIRE(storage::alert_store::open(*events, alerts).is_ok());
  domain::alert got;
  REQUIRE(alerts->get(a.id, got).is_ok());
  CHECK(got.message == a.message);
}
