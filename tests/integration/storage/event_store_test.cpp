// storage/event_store against a real RocksDB in a temporary directory.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <rocksdb/db.h>

#include "storage/event_store.hpp"
#include "tests/support/service_process.hpp"
#include "storage/index_keys.hpp"

using namespace cityops;
using storage::event_store;
using storage::status;

namespace {

using cityops::testing::temp_dir;

std::unique_ptr<event_store> open_store(const std::string& dir) {
  std::unique_ptr<event_store> store;
  const auto s = event_store::open(dir, storage::store_options{}, store);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  REQUIRE(store);
  return store;
}

constexpr std::int64_t t0 = 1795829400000;  // 2026-11-28 09:30 +08:00

domain::case_event make_event(domain::event_type type, domain::case_status status,
                              std::int64_t at_ms) {
  domain::case_event e;
  e.type = type;
  e.status = status;
  e.at_ms = at_ms;
  e.by = "op-1";
  e.node = "370602001";
  return e;
}

domain::case_event reported(std::int64_t at_ms = t0) {
  auto e = make_event(domain::event_type::reported, domain::case_status::reported, at_ms);
  e.report.text = "路灯不亮";
  e.report.reporter_hash = "hash-1";
  e.category = "010203";
  e.deadline_ms = at_ms + 86'400'000;
  return e;
}

// The case as the case actor holds it; next() turns new events into one case_write.
struct case_state {
  domain::case_record record;
  bool stored = false;

  explicit case_state(std::string id) { record.id = std::move(id); }

  storage::case_write next(std::vector<domain::case_event> events) {
    storage::case_write w;
    w.case_id = record.id;
    if (stored) w.previous = record;
    for (auto& e : events) {
      e.seq = record.version + 1;
      domain::apply(record, e);
      w.events.push_back(e);
    }
    w.snapshot = record;
    stored = true;
    return w;
  }
};

std::vector<std::string> scan_all(const event_store& store, const std::string& prefix) {
  storage::index_page page;
  REQUIRE(store.scan_index(prefix, "", 1000, page).is_ok());
  CHECK(page.next_cursor.empty());
  return page.case_ids;
}

}  // namespace

TEST_CASE("a case written over several appends reloads with its full history",
          "[storage][store]") {
  temp_dir dir;
  case_state c("3706-20261128-000001");
  {
    auto store = open_store(dir.path());
    REQUIRE(store->append({c.next({reported()})}).is_ok());
    auto dispatched =
        make_event(domain::event_type::dispatched, domain::case_status::dispatched, t0 + 2000);
    dispatched.department = "370602.urban_mgmt";
    REQUIRE(store
                ->append({c.next({make_event(domain::event_type::verified,
                                             domain::case_status::verified, t0 + 1000),
                                  make_event(domain::event_type::accepted,
                                             domain::case_status::accepted, t0 + 1500),
                                  dispatched})})
                .is_ok());
    auto started =
        make_event(domain::event_type::started, domain::case_status::in_progress, t0 + 3000);
    started.department = "370602.urban_mgmt";
    REQUIRE(store->append({c.next({started})}).is_ok());
  }  // closed here

  auto store = open_store(dir.path());
  domain::case_record loaded;
  const auto s = store->load_case(c.record.id, loaded);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  CHECK(loaded.id == c.record.id);
  CHECK(loaded.status == domain::case_status::in_progress);
  CHECK(loaded.department == "370602.urban_mgmt");
  CHECK(loaded.category == "010203");
  CHECK(loaded.report.text == "路灯不亮");
  CHECK(loaded.created_ms == t0);
  CHECK(loaded.updated_ms == t0 + 3000);
  CHECK(loaded.version == 5);
  REQUIRE(loaded.history.size() == 5);
  const domain::event_type types[] = {domain::event_type::reported, domain::event_type::verified,
                                      domain::event_type::accepted, domain::event_type::dispatched,
                                      domain::event_type::started};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(loaded.history[i].seq == i + 1);
    CHECK(loaded.history[i].type == types[i]);
  }
  // The history replays to the stored snapshot.
  const auto replayed = domain::replay(c.record.id, loaded.history);
  CHECK(replayed.status == loaded.status);
  CHECK(replayed.version == loaded.version);

  std::vector<domain::case_event> events;
  REQUIRE(store->read_events(c.record.id, events).is_ok());
  CHECK(events.size() == 5);

  domain::case_record missing;
  CHECK(store->load_case("3706-20261128-999999", missing).is_not_found());
}

TEST_CASE("case ids that prefix each other keep separate histories", "[storage][store]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  case_state a("c-1");
  case_state b("c-10");
  REQUIRE(store->append({a.next({reported()}), b.next({reported()})}).is_ok());
  REQUIRE(store
              ->append({b.next({make_event(domain::event_type::verified,
                                           domain::case_status::verified, t0 + 1)})})
              .is_ok());
  std::vector<domain::case_event> events;
  REQUIRE(store->read_events("c-1", events).is_ok());
  CHECK(events.size() == 1);
  REQUIRE(store->read_events("c-10", events).is_ok());
  CHECK(events.size() == 2);
  REQUIRE(store->read_events("c-", events).is_ok());
  CHECK(events.empty());
}

TEST_CASE("index keys move when the status changes", "[storage][store]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  case_state c("3706-20261128-000007");
  REQUIRE(store->append({c.next({reported()})}).is_ok());
  const auto reported_prefix = storage::index_prefix_status(domain::case_status::reported);
  const auto dispatched_prefix = storage::index_prefix_status(domain::case_status::dispatched);
  const auto closed_prefix = storage::index_prefix_status(domain::case_status::closed);
  CHECK(scan_all(*store, reported_prefix) == std::vector<std::string>{c.record.id});
  CHECK(scan_all(*store, dispatched_prefix).empty());
  CHECK(scan_all(*store, storage::index_prefix_deadlines()).size() == 1);
  CHECK(scan_all(*store, storage::index_prefix_reporter("hash-1")).size() == 1);
  CHECK(scan_all(*store, storage::index_prefix_day("20261128")).empty());  // the id says it

  auto dispatched =
      make_event(domain::event_type::dispatched, domain::case_status::dispatched, t0 + 10);
  dispatched.department = "370602.urban_mgmt";
  dispatched.node = "370602";
  REQUIRE(store->append({c.next({dispatched})}).is_ok());
  CHECK(scan_all(*store, reported_prefix).empty());
  CHECK(scan_all(*store, dispatched_prefix) == std::vector<std::string>{c.record.id});
  CHECK(scan_all(*store, storage::index_prefix_department("370602.urban_mgmt")).size() == 1);
  CHECK(scan_all(*store, storage::index_prefix_waiting_department("370602.urban_mgmt")).size() ==
        1);

  auto closed = make_event(domain::event_type::closed, domain::case_status::closed, t0 + 20);
  closed.node = "370602";
  REQUIRE(store->append({c.next({closed})}).is_ok());
  CHECK(scan_all(*store, dispatched_prefix).empty());
  CHECK(scan_all(*store, closed_prefix) == std::vector<std::string>{c.record.id});
  CHECK(scan_all(*store, storage::index_prefix_department("370602.urban_mgmt")).empty());
  CHECK(scan_all(*store, storage::index_prefix_deadlines()).empty());  // no longer open
  CHECK(scan_all(*store, storage::index_prefix_waiting()).empty());
}

TEST_CASE("case_count counts new cases and survives reopen", "[storage][store]") {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    CHECK(store->case_count() == 0);
    case_state a("a-1"), b("a-2"), c("a-3");
    REQUIRE(store->append({a.next({reported()}), b.next({reported()})}).is_ok());
    REQUIRE(store
                ->append({c.next({reported()}),
                          a.next({make_event(domain::event_type::verified,
                                             domain::case_status::verified, t0 + 5)})})
                .is_ok());
    CHECK(store->case_count() == 3);
  }
  auto store = open_store(dir.path());
  CHECK(store->case_count() == 3);
  CHECK(store->stats().find("cityops_storage_cases 3") != std::string::npos);
  CHECK(store->stats().find("cityops_storage_estimate_num_keys{cf=\"events\"}") !=
        std::string::npos);
}

TEST_CASE("reserve_ids is monotonic across reopen", "[storage][store]") {
  temp_dir dir;
  std::uint64_t first = 0;
  {
    auto store = open_store(dir.path());
    REQUIRE(store->reserve_ids("20261128", 100, first).is_ok());
    CHECK(first == 1);
    REQUIRE(store->reserve_ids("20261128", 5, first).is_ok());
    CHECK(first == 101);
    REQUIRE(store->reserve_ids("20261129", 1, first).is_ok());
    CHECK(first == 1);
    CHECK(store->reserve_ids("20261128", 0, first).error_code() ==
          status::code::invalid_argument);
  }
  auto store = open_store(dir.path());
  REQUIRE(store->reserve_ids("20261128", 10, first).is_ok());
  CHECK(first == 106);
  REQUIRE(store->reserve_ids("20261129", 1, first).is_ok());
  CHECK(first == 2);
}

TEST_CASE("id marks raise a counter in the batch's write, never lower it", "[storage][store]") {
  temp_dir dir;
  std::uint64_t value = 99;
  {
    auto store = open_store(dir.path());
    REQUIRE(store->id_counter("20261128", value).is_ok());
    CHECK(value == 0);
    // Marks alone (no case) are written; several marks of one scope keep the highest.
    REQUIRE(store->append({}, {{"20261128", 7}, {"20261128", 12}, {"20261129", 3}}).is_ok());
    REQUIRE(store->append({}, {{"20261128", 9}}).is_ok());  // lower: ignored
    REQUIRE(store->id_counter("20261128", value).is_ok());
    CHECK(value == 12);
    CHECK(store->append({}, {{"", 1}}).error_code() == status::code::invalid_argument);
  }
  auto store = open_store(dir.path());
  REQUIRE(store->id_counter("20261128", value).is_ok());
  CHECK(value == 12);
  REQUIRE(store->id_counter("20261129", value).is_ok());
  CHECK(value == 3);
  std::uint64_t first = 0;  // reservations continue above what cases used
  REQUIRE(store->reserve_ids("20261128", 10, first).is_ok());
  CHECK(first == 13);
}

TEST_CASE("a newer schema version is refused", "[storage][store]") {
  temp_dir dir;
  { open_store(dir.path()); }
  {  // what a newer binary would leave behind, including a family this one does not know
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.path(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.path(), cfs, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    for (auto* h : handles)
      if (h->GetName() == "meta") REQUIRE(db->Put({}, h, "schema_version", "2").ok());
    rocksdb::ColumnFamilyHandle* future = nullptr;
    REQUIRE(db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "future", &future).ok());
    handles.push_back(future);
    for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
  }
  std::unique_ptr<event_store> store;
  const auto s = event_store::open(dir.path(), storage::store_options{}, store);
  INFO(s.to_string());
  CHECK(s.error_code() == status::code::unsupported);
  CHECK(s.message().find("schema version 2") != std::string::npos);
  CHECK_FALSE(store);
}

TEST_CASE("a batch of several cases is written atomically", "[storage][store]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  case_state a("b-1"), b("b-2"), c("b-3");
  REQUIRE(store->append({a.next({reported()}), b.next({reported()}), c.next({reported()})})
              .is_ok());
  for (const auto* id : {"b-1", "b-2", "b-3"}) {
    domain::case_record r;
    CHECK(store->load_case(id, r).is_ok());
    CHECK(r.history.size() == 1);
  }
  CHECK(store->case_count() == 3);

  // One bad record refuses the whole batch: nothing of it is written.
  case_state d("b-4"), bad("b/5");
  const auto s = store->append({d.next({reported()}), bad.next({reported()})});
  CHECK(s.error_code() == status::code::invalid_argument);
  domain::case_record r;
  CHECK(store->load_case("b-4", r).is_not_found());
  CHECK(store->case_count() == 3);

  // An event that would overwrite history is refused too.
  auto stale = a.next({reported()});
  stale.events.front().seq = 1;
  CHECK(store->append({stale}).error_code() == status::code::invalid_argument);
}

TEST_CASE("scan_index pages with a cursor", "[storage][store]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::vector<storage::case_write> batch;
  std::vector<std::string> expected;
  for (int i = 1; i <= 25; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "3706-20261128-%06d", i);
    case_state c(id);
    batch.push_back(c.next({reported()}));
    expected.push_back(id);
  }
  case_state other("3706-20261128-000099");
  batch.push_back(other.next({reported()}));
  batch.push_back(other.next(
      {make_event(domain::event_type::verified, domain::case_status::verified, t0 + 1)}));
  REQUIRE(store->append(batch).is_ok());

  const auto prefix = storage::index_prefix_status(domain::case_status::reported);
  std::vector<std::string> seen;
  std::string cursor;
  std::vector<std::size_t> page_sizes;
  do {
    storage::index_page page;
    REQUIRE(store->scan_index(prefix, cursor, 10, page).is_ok());
    page_sizes.push_back(page.case_ids.size());
    seen.insert(seen.end(), page.case_ids.begin(), page.case_ids.end());
    if (!page.next_cursor.empty()) CHECK(page.next_cursor == page.case_ids.back());
    cursor = page.next_cursor;
  } while (!cursor.empty());
  CHECK(page_sizes == std::vector<std::size_t>{10, 10, 5});
  CHECK(seen == expected);

  storage::index_page page;
  REQUIRE(store->scan_index(prefix, expected[24], 10, page).is_ok());
  CHECK(page.case_ids.empty());
  CHECK(page.next_cursor.empty());
  REQUIRE(store->scan_index(prefix, "", 25, page).is_ok());
  CHECK(page.case_ids.size() == 25);
  CHECK(page.next_cursor.empty());  // exactly the limit: nothing remains
  CHECK(store->scan_index(prefix, "", 0, page).error_code() == status::code::invalid_argument);
  CHECK(scan_all(*store, storage::index_prefix_status(domain::case_status::verified)) ==
        std::vector<std::string>{"3706-20261128-000099"});
}

TEST_CASE("status counts move with every append and survive reopen", "[storage][store]") {
  temp_dir dir;
  using domain::case_status;
  auto at = [](const std::array<std::uint64_t, event_store::case_status_count>& c,
               case_status s) { return c[static_cast<std::size_t>(s)]; };
  {
    auto store = open_store(dir.path());
    case_state a("s-1"), b("s-2");
    REQUIRE(store->append({a.next({reported()}), b.next({reported()})}).is_ok());
    CHECK(at(store->status_counts(), case_status::reported) == 2);
    REQUIRE(store
                ->append({a.next({make_event(domain::event_type::verified,
                                             case_status::verified, t0 + 5)})})
                .is_ok());
    const auto c = store->status_counts();
    CHECK(at(c, case_status::reported) == 1);
    CHECK(at(c, case_status::verified) == 1);
    // A refused batch moves nothing.
    case_state bad("bad/id");
    CHECK_FALSE(store->append({bad.next({reported()})}).is_ok());
    CHECK(store->status_counts() == c);
  }
  auto store = open_store(dir.path());
  CHECK(at(store->status_counts(), case_status::reported) == 1);
  CHECK(at(store->status_counts(), case_status::verified) == 1);
}

TEST_CASE("a store written before status counters is counted once when opened",
          "[storage][store]") {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    case_state a("m-1"), b("m-2"), c("m-3");
    REQUIRE(store->append({a.next({reported()}), b.next({reported()}), c.next({reported()})})
                .is_ok());
  }
  {
    // Remove the counters as an older binary would have left the store.
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.path(), &names).ok());
    for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.path(), cfs, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    for (auto* h : handles) {
      if (h->GetName() == "meta") {
        REQUIRE(db->Delete(rocksdb::WriteOptions(), h, "status_counts_v1").ok());
        REQUIRE(db->Delete(rocksdb::WriteOptions(), h, "status_count/reported").ok());
      }
      db->DestroyColumnFamilyHandle(h);
    }
  }
  auto store = open_store(dir.path());
  CHECK(store->status_counts()[static_cast<std::size_t>(domain::case_status::reported)] == 3);
}

TEST_CASE("status counts are counted again after a crash", "[storage][store]") {
  temp_dir dir;
  temp_dir crashed;
  {
    auto store = open_store(dir.path());
    case_state a("k-1");
    REQUIRE(store->append({a.next({reported()})}).is_ok());
  }  // closed: the counters are written
  {
    auto store = open_store(dir.path());
    case_state b("k-2"), c("k-3");
    REQUIRE(store->append({b.next({reported()}), c.next({reported()})}).is_ok());
    // The files as a crash would leave them: the appends are synced, the store not closed.
    std::filesystem::copy(dir.path(), crashed.path(),
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::overwrite_existing);
  }
  auto store = open_store(crashed.path());
  CHECK(store->case_count() == 3);
  CHECK(store->status_counts()[static_cast<std::size_t>(domain::case_status::reported)] == 3);
}
