// The `kpi` family against a real RocksDB: event_store::append adds every write's KPI changes
// to the stored rows, kpi_reader reads them back, also across batches (gauges that cancel
// within one), a reopen, a crash that leaves the journal behind, and a corrupt row.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "actors/domain/kpi_calculator.hpp"
#include "storage/event_store.hpp"
#include "storage/kpi_store.hpp"
#include "tests/integration/storage/case_fixture.hpp"
#include "tests/integration/storage/kpi_fixture.hpp"
#include "tests/integration/storage/raw_store.hpp"
#include "tests/support/kpi_history.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;
using storage::event_store;
using testing::kpi_day;

namespace {

const testing::kpi_history& ten_cases() {
  static const auto city = testing::make_two_district_test_city();
  static const auto history = testing::make_kpi_history(city);
  return history;
}

// The same writes for other cases (each id with a "9" appended).
std::vector<testing::kpi_write> renamed(std::vector<testing::kpi_write> writes) {
  for (auto& w : writes) {
    w.after.id += "9";
    if (w.before) w.before->id += "9";
  }
  return writes;
}

// What the writes add up to: (scope, day) → counters, from kpi_changes.
using expected_rows = std::map<std::string, std::map<std::int64_t, domain::kpi_counters>>;
expected_rows expected(const std::vector<testing::kpi_write>& writes, int times = 1) {
  expected_rows out;
  for (int i = 0; i < times; ++i)
    for (const auto& w : writes)
      for (const auto& c : domain::kpi_changes(w.before ? &*w.before : nullptr, w.events, w.after))
        out[c.scope][c.day].add(c.counters);
  return out;
}

// Every scope's stored days in [A − 1, C + 1] and gauges equal `want`, and the store lists
// exactly those scopes.
void check_store(const event_store& store, const expected_rows& want) {
  const storage::kpi_reader reader(store);
  std::vector<std::string> scopes;
  REQUIRE(reader.scopes(scopes).is_ok());
  std::vector<std::string> want_scopes;
  for (const auto& [scope, days] : want) {
    bool any = false;
    for (const auto& [day, c] : days) any = any || !c.empty();
    if (any) want_scopes.push_back(scope);
  }
  CHECK(scopes == want_scopes);
  for (const auto& [scope, days] : want) {
    INFO(scope);
    storage::kpi_rows rows;
    REQUIRE(reader.read(scope, kpi_day(-1), kpi_day(3), rows).is_ok());
    // The same from a range far wider than the rows kept in memory (those are then found
    // among the dirty rows rather than looked up day by day).
    storage::kpi_rows wide;
    REQUIRE(reader.read(scope, kpi_day(-4000), kpi_day(4000), wide).is_ok());
    CHECK(wide.days == rows.days);
    CHECK(wide.now == rows.now);
    std::map<std::int64_t, domain::kpi_counters> stored;
    for (const auto& [day, c] : rows.days) stored[day] = c;
    for (const auto& [day, c] : days) {
      INFO("day " << day);
      if (day == domain::kpi_now_day)
        CHECK(rows.now == c);
      else if (c.empty())
        CHECK(stored.count(day) == 0);
      else
        CHECK(stored[day] == c);
    }
    std::size_t dated = 0;
    for (const auto& [day, c] : days) dated += day != domain::kpi_now_day && !c.empty();
    CHECK(rows.days.size() == dated);
  }
}

}  // namespace

TEST_CASE("KPI rows are the sum of every write's changes over appends and batches", "[kpi]") {
  const auto& history = ten_cases();
  testing::temp_dir dir;
  auto store = storage_test::open_store(dir.path());
  // The writes one by one, then the same history again under other ids in batches of 7.
  storage_test::append_writes(*store, history.writes, 1);
  const auto again = renamed(history.writes);
  storage_test::append_writes(*store, again, 7);
  const auto want = expected(history.writes, 2);
  check_store(*store, want);

  // The hand-computed numbers (kpi_calculator_test), twice.
  const storage::kpi_reader reader(*store);
  storage::kpi_rows city_rows;
  REQUIRE(reader.read("node:9900", kpi_day(0), kpi_day(2), city_rows).is_ok());
  REQUIRE(city_rows.days.size() == 3);
  CHECK(city_rows.days[0].first == kpi_day(0));
  CHECK(city_rows.days[0].second.get(domain::kpi_field::reported) == 8);
  CHECK(city_rows.days[1].second.get(domain::kpi_field::dispatched) == 10);
  CHECK(city_rows.days[2].second.get(domain::kpi_field::escalated_to_city) == 2);
  CHECK(city_rows.now.get(domain::kpi_field::open_now) == 8);
  CHECK(city_rows.now.get(domain::kpi_field::overdue_now) == 2);

  // One day of a range; a range before any case; an inverted range gives the gauges only.
  storage::kpi_rows one;
  REQUIRE(reader.read("department:990001.urban_mgmt", kpi_day(1), kpi_day(1), one).is_ok());
  REQUIRE(one.days.size() == 1);
  CHECK(one.days[0].first == kpi_day(1));
  CHECK(one.days[0].second.get(domain::kpi_field::returned) == 2);
  CHECK(one.now.get(domain::kpi_field::open_now) == 2);
  storage::kpi_rows none;
  REQUIRE(reader.read("node:9900", kpi_day(-30), kpi_day(-1), none).is_ok());
  CHECK(none.days.empty());
  CHECK(none.now.get(domain::kpi_field::open_now) == 8);
  REQUIRE(reader.read("node:9900", kpi_day(2), kpi_day(0), none).is_ok());
  CHECK(none.days.empty());
  CHECK_FALSE(none.now.empty());
  // A scope that shares a prefix with a real one, and one that does not exist.
  REQUIRE(reader.read("node:990", kpi_day(0), kpi_day(2), none).is_ok());
  CHECK(none.days.empty());
  CHECK(none.now.empty());
  REQUIRE(reader.read("department:nobody", kpi_day(0), kpi_day(2), none).is_ok());
  CHECK(none.days.empty());
}

TEST_CASE("a reopened store keeps its KPI rows and goes on adding to them", "[kpi]") {
  const auto& history = ten_cases();
  testing::temp_dir dir;
  const std::size_t half = history.writes.size() / 2;
  const std::vector<testing::kpi_write> first(history.writes.begin(),
                                              history.writes.begin() + half);
  const std::vector<testing::kpi_write> second(history.writes.begin() + half,
                                               history.writes.end());
  {
    auto store = storage_test::open_store(dir.path());
    storage_test::append_writes(*store, first, 5);
    check_store(*store, expected(first));
  }
  {
    // The WAL replayed: the recovered rows are added to.
    auto store = storage_test::open_store(dir.path());
    check_store(*store, expected(first));
    storage_test::append_writes(*store, second, 3);
    check_store(*store, expected(history.writes));
  }
  auto store = storage_test::open_store(dir.path());
  check_store(*store, expected(history.writes));
}

TEST_CASE("a KPI row that does not decode reads as corruption", "[kpi]") {
  const auto& history = ten_cases();
  testing::temp_dir dir;
  {
    auto store = storage_test::open_store(dir.path());
    storage_test::append_writes(*store, history.writes, 4);
  }
  {
    storage_test::raw_store raw(dir.path());
    REQUIRE(raw.db()
                .Put(rocksdb::WriteOptions(), raw.family("kpi"),
                     storage::kpi_day_key("node:990002", kpi_day(1)), "\x01\x80")
                .ok());
  }
  auto store = storage_test::open_store(dir.path());
  const storage::kpi_reader reader(*store);
  storage::kpi_rows rows;
  CHECK(reader.read("node:990002", kpi_day(0), kpi_day(2), rows).error_code() ==
        storage::status::code::corruption);
  // Another scope is unaffected; a write that adds to the bad row fails whole, nothing of it
  // stored, and the store goes on taking writes that do not touch it.
  CHECK(reader.read("node:990001", kpi_day(0), kpi_day(2), rows).is_ok());
  const auto again = storage_test::to_case_writes(renamed(history.writes));
  const auto count = store->case_count();
  std::size_t refused = 0;
  for (const auto& w : again) {
    const auto s = store->append({w});
    if (s.is_ok()) continue;
    ++refused;
    CHECK(s.error_code() == storage::status::code::corruption);
  }
  CHECK(refused > 0);
  CHECK(store->case_count() > count);
  CHECK_FALSE(reader.read("node:990002", kpi_day(1), kpi_day(1), rows).is_ok());
  CHECK(reader.read("node:990002", kpi_day(2), kpi_day(2), rows).is_ok());
}

TEST_CASE("a crash leaves the KPI journal and the next open adds it to the rows", "[kpi]") {
  const auto& history = ten_cases();
  testing::temp_dir dir;
  testing::temp_dir crashed;
  auto store = storage_test::open_store(dir.path());
  const std::size_t half = history.writes.size() / 2;
  const std::vector<testing::kpi_write> first(history.writes.begin(),
                                              history.writes.begin() + half);
  storage_test::append_writes(*store, first, 2);
  // The files of the open, idle store are what a kill -9 now would leave behind.
  std::filesystem::copy(dir.path(), crashed.path(),
                        std::filesystem::copy_options::recursive |
                            std::filesystem::copy_options::overwrite_existing);
  {
    storage_test::raw_store raw(crashed.path());
    std::size_t journal = 0;
    for (const auto& key : raw.keys("kpi")) journal += key.rfind("j/", 0) == 0;
    CHECK(journal > 0);  // the rows are behind it
  }
  {
    auto recovered = storage_test::open_store(crashed.path());
    check_store(*recovered, expected(first));
    const std::vector<testing::kpi_write> second(history.writes.begin() + half,
                                                 history.writes.end());
    storage_test::append_writes(*recovered, second, 3);
    check_store(*recovered, expected(history.writes));
  }
  storage_test::raw_store raw(crashed.path());
  for (const auto& key : raw.keys("kpi")) CHECK(key.rfind("j/", 0) != 0);  // closing wrote all
  // The original store, still open, reads its rows through the journal as well.
  check_store(*store, expected(first));
}
