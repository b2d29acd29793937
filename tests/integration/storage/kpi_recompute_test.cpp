// tools/kpi: the KPI rows the store keeps with every write equal a recount of its event log
// (kpi_reference, written again from docs/kpi.md) for a month of generated cases, and the
// audit finds a row that does not.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "actors/domain/kpi_calculator.hpp"
#include "storage/kpi_codec.hpp"
#include "storage/kpi_store.hpp"
#include "tests/integration/storage/case_fixture.hpp"
#include "tests/integration/storage/kpi_fixture.hpp"
#include "tests/integration/storage/raw_store.hpp"
#include "tools/kpi/kpi_audit.hpp"

using namespace cityops;
using kpi_tools::kpi_table;

namespace {

const config::city_model& city() {
  static const auto c = testing::make_two_district_test_city();
  return c;
}

// The month's writes, made once for the tests below.
const std::vector<storage::case_write>& month() {
  static const auto writes = storage_test::month_of_writes(city(), 4000);
  return writes;
}

kpi_table recount(const std::vector<storage::case_write>& writes) {
  std::map<std::string, std::vector<domain::case_event>> histories;
  for (const auto& w : writes) {
    auto& h = histories[w.case_id];
    h.insert(h.end(), w.events.begin(), w.events.end());
  }
  kpi_tools::kpi_reference reference;
  for (const auto& [id, history] : histories) reference.add_case(history);
  return reference.table();
}

std::string first_differences(const kpi_tools::kpi_audit_result& r) {
  std::string out;
  for (const auto& d : r.examples)
    out += d.scope + " " + kpi_tools::day_name(d.day) + " " + kpi_tools::field_name(d.field) +
           ": recomputed " + std::to_string(d.recomputed) + ", stored " +
           std::to_string(d.stored) + "\n";
  return out;
}

}  // namespace

TEST_CASE("the recount of the hand-computed history equals its write-by-write KPI changes",
          "[kpi][recompute]") {
  const auto history = testing::make_kpi_history(city());
  kpi_table incremental;
  for (const auto& w : history.writes)
    for (const auto& c : domain::kpi_changes(w.before ? &*w.before : nullptr, w.events, w.after))
      incremental[c.scope][c.day].add(c.counters);
  for (auto& [scope, days] : incremental)
    for (auto it = days.begin(); it != days.end();)
      it = it->second.empty() ? days.erase(it) : std::next(it);
  kpi_tools::kpi_audit_result r;
  kpi_tools::compare_tables(recount(storage_test::to_case_writes(history.writes)), incremental,
                            20, r);
  INFO(first_differences(r));
  CHECK(r.differences == 0);
  CHECK(r.scopes == 12);
}

TEST_CASE("a month of cases: every stored KPI row equals the recount of the event log",
          "[kpi][recompute]") {
  const auto& writes = month();
  testing::temp_dir dir;
  auto store = storage_test::open_store(dir.path());
  storage_test::append_writes(*store, writes, 64);
  REQUIRE(store->case_count() == 4000);

  kpi_tools::kpi_audit_result r;
  const auto s = kpi_tools::audit_kpi(*store, 20, r);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  INFO(first_differences(r));
  CHECK(r.differences == 0);
  CHECK(r.cases == 4000);
  CHECK(r.events > 40'000);
  // Every node of the city and every department that had a case has rows.
  std::vector<std::string> scopes;
  REQUIRE(storage::kpi_reader(*store).scopes(scopes).is_ok());
  for (const auto& n : city().nodes()) {
    INFO(n.id);
    CHECK(std::find(scopes.begin(), scopes.end(), "node:" + n.id) != scopes.end());
  }
  CHECK(r.rows > 10 * 31);

  // The month holds every move the KPIs count, in the city and in each district.
  const auto table = recount(writes);
  for (const char* node : {"node:9900", "node:990001", "node:990002"}) {
    domain::kpi_counters total;
    for (const auto& [day, c] : table.at(node))
      if (day != kpi_tools::gauges_day) total.add(c);
    for (auto f = domain::kpi_field::reported; f <= domain::kpi_field::dispatch_to_handled_n;
         f = static_cast<domain::kpi_field>(domain::id_of(f) + 1)) {
      INFO(node << " " << kpi_tools::field_name(domain::id_of(f)));
      CHECK(total.get(f) > 0);
    }
    INFO(node);
    CHECK(table.at(node).count(kpi_tools::gauges_day) == 1);
    CHECK(table.at(node).at(kpi_tools::gauges_day).get(domain::kpi_field::overdue_now) > 0);
  }
  CHECK(table.count("department:990002.urban_mgmt") == 1);
  CHECK(table.count("department:990001001.squad") == 1);
}

TEST_CASE("the audit reports a stored KPI field that differs from the recount",
          "[kpi][recompute]") {
  const auto history = testing::make_kpi_history(city());
  testing::temp_dir dir;
  {
    auto store = storage_test::open_store(dir.path());
    storage_test::append_writes(*store, history.writes, 8);
  }
  {  // node 990002's day B loses its one rework (返工) and gains a stray field
    storage_test::raw_store raw(dir.path());
    const auto key = storage::kpi_day_key("node:990002", testing::kpi_day(1));
    std::string bytes;
    REQUIRE(raw.db().Get(rocksdb::ReadOptions(), raw.family("kpi"), key, &bytes).ok());
    domain::kpi_counters row;
    REQUIRE(storage::decode_kpi_into(bytes, row).is_ok());
    row.add(domain::kpi_field::reworked, -1);
    row.add(9999, 2);
    const auto bad = storage::encode_kpi(row);
    REQUIRE(raw.db().Put(rocksdb::WriteOptions(), raw.family("kpi"), key, bad).ok());
  }
  auto store = storage_test::open_store(dir.path());
  kpi_tools::kpi_audit_result r;
  REQUIRE(kpi_tools::audit_kpi(*store, 20, r).is_ok());
  CHECK(r.cases == 10);
  CHECK(r.different_rows == 1);
  REQUIRE(r.differences == 2);
  CHECK(r.examples[0].scope == "node:990002");
  CHECK(kpi_tools::day_name(r.examples[0].day) == "2026-11-30");
  CHECK(kpi_tools::field_name(r.examples[0].field) == "reworked");
  CHECK(r.examples[0].recomputed == 1);
  CHECK(r.examples[0].stored == 0);
  CHECK(kpi_tools::field_name(r.examples[1].field) == "field:9999");
  CHECK(r.examples[1].recomputed == 0);
  CHECK(r.examples[1].stored == 2);
}
