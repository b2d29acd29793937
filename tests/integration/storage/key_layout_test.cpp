// The keys a new case writes, and the listings that stand in for the keys it does not write
// (t/ of an id that carries its day, p/ of the city the id starts with): the same answers
// with the current layout, with ids that carry no day, and with a store that still holds the
// keys an earlier layout wrote for every case (t/, p/<city>, n/).
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <set>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "storage/index_keys.hpp"
#include "tests/integration/storage/case_fixture.hpp"
#include "tests/integration/storage/raw_store.hpp"

using namespace cityops;
using namespace cityops::storage_test;

namespace {

// "cityops_storage_written_keys{cf="<family>"} N" of event_store::stats(), per family.
std::map<std::string, std::uint64_t> written_keys(const event_store& store) {
  std::map<std::string, std::uint64_t> out;
  const std::string stats = store.stats();
  const std::string name = "cityops_storage_written_keys{cf=\"";
  for (auto at = stats.find(name); at != std::string::npos; at = stats.find(name, at + 1)) {
    const auto family_end = stats.find('"', at + name.size());
    const auto value_end = stats.find('\n', family_end);
    out[stats.substr(at + name.size(), family_end - at - name.size())] =
        std::stoull(stats.substr(family_end + 3, value_end - family_end - 3));
  }
  return out;
}

// Adds the keys an earlier layout wrote for every case and this one does not: t/<day>/<id>,
// p/<first node of the path>/<id>, n/<node>/<id>. The store must be closed.
void add_earlier_layout_keys(const std::string& dir,
                             const std::vector<domain::case_record>& records) {
  raw_store raw(dir);
  auto* idx = raw.family("idx");
  rocksdb::WriteBatch wb;
  for (const auto& r : records) {
    wb.Put(idx, storage::index_prefix_day(storage::day_of(r.created_ms)) + r.id, "");
    wb.Put(idx, storage::index_prefix_location(r.location_path.front()) + r.id, "");
    wb.Put(idx, "n/" + r.node + "/" + r.id, "");
  }
  REQUIRE(raw.db().Write(rocksdb::WriteOptions(), &wb).ok());
}

struct named_filter {
  std::string name;
  case_filter filter;
};

// Day ranges and subtrees (the listings the unwritten keys concern), alone and combined.
std::vector<named_filter> layout_filters() {
  std::vector<named_filter> out;
  out.push_back({"everything", case_filter{}});
  case_filter f;
  f.from_ms = day_start(26);
  f.to_ms = day_start(28);
  out.push_back({"days 26..27", f});
  f = case_filter{};
  f.to_ms = day_start(26);
  out.push_back({"before the 26th", f});
  f = case_filter{};
  f.from_ms = day_start(28) + 12 * domain::ms_per_hour;
  out.push_back({"from the 28th noon", f});
  for (const char* node : {"3706", "370602", "370613002001", "9999"}) {
    f = case_filter{};
    f.node = node;
    out.push_back({std::string("node ") + node, f});
  }
  f = case_filter{};
  f.node = "3706";
  f.from_ms = day_start(27);
  f.to_ms = day_start(29);
  out.push_back({"city, days 27..28", f});
  f.status = domain::case_status::reported;
  out.push_back({"city, days 27..28, reported", f});
  return out;
}

// Every listing of layout_filters() answers exactly its cases, each once, with limits 7
// and 200.
void check_listings(const event_store& store, const std::vector<domain::case_record>& all) {
  for (const auto& [name, f] : layout_filters()) {
    INFO(name);
    auto want = expected(all, [&f = f](const domain::case_record& r) {
      return storage::case_matches(f, r);
    });
    for (std::size_t limit : {std::size_t{7}, std::size_t{200}}) {
      auto got = walk(store, f, limit).ids;
      CHECK(std::set<std::string>(got.begin(), got.end()).size() == got.size());
      std::sort(got.begin(), got.end());
      CHECK(got == want);
    }
  }
}

// Cases whose ids carry no creation day: made just before midnight and stored after it, and
// ids of tools and tests.
std::vector<domain::case_record> add_odd_ids(event_store& store) {
  std::vector<storage::case_write> batch;
  std::vector<domain::case_record> records;
  const std::vector<std::pair<std::string, std::int64_t>> odd{
      {"3706-20261126-900001", day_start(27) + 1000},  // id of the 26th, stored on the 27th
      {"3706-20261128-900002", day_start(29) + 5},
      {"c-1", day_start(26) + 7},
      {"case7", day_start(28) + 9},
      {"370602-x", day_start(25) + 3}};
  for (const auto& [id, at] : odd) {
    case_builder c(id, at, {"3706", "370602", "370602002", "370602002001"});
    batch.push_back(c.write());
    records.push_back(c.record);
  }
  REQUIRE(store.append(batch).is_ok());
  return records;
}

}  // namespace

TEST_CASE("a new case writes its event, snapshot, the index keys it needs and no meta",
          "[storage][layout]") {
  temp_dir dir;
  const std::string id = "3706-20261128-000001";
  domain::case_record record;
  {
    auto store = open_store(dir.path());
    case_builder c(id, day_start(28) + 3600'000, {"3706", "370602", "370602001", "370602001001"});
    c.record.report.reporter_hash = "hash-1";
    c.events.front().report.reporter_hash = "hash-1";
    record = c.record;
    auto w = c.write();
    w.idempotency = storage::idempotency_record{"seat-1/key-1", id, "body-hash"};
    REQUIRE(store->append({w}).is_ok());
    const std::map<std::string, std::uint64_t> want{
        {"events", 1}, {"cases", 1}, {"idx", 7}, {"meta", 0}, {"idem", 1}, {"kpi", 1}};
    CHECK(written_keys(*store) == want);  // the KPI rows' additions: one journal entry
  }
  // No t/ (the id carries the day), no p/3706 (the id starts with the city), no n/.
  char due[24];
  std::snprintf(due, sizeof due, "%016llx",
                static_cast<unsigned long long>(domain::next_sla_due(record)));
  const std::vector<std::string> idx{
      "l/" + std::string(due) + "/" + id,  // the next SLA point
      "p/370602/" + id,
      "p/370602001/" + id,
      "p/370602001001/" + id,
      "r/hash-1/" + id,
      "s/reported/" + id,
      "w/n/370602001001/" + id};
  CHECK(raw_store(dir.path()).keys("idx") == idx);
}

TEST_CASE("day ranges and subtrees list the same cases in every layout", "[storage][layout]") {
  temp_dir dir;
  std::vector<domain::case_record> all;
  {
    auto store = open_store(dir.path());
    all = make_cases(*store);
    check_listings(*store, all);
    const auto odd = add_odd_ids(*store);
    all.insert(all.end(), odd.begin(), odd.end());
    check_listings(*store, all);
  }
  // A store written by the earlier layout holds t/, p/<city> and n/ for every case.
  add_earlier_layout_keys(dir.path(), all);
  auto store = open_store(dir.path());
  check_listings(*store, all);

  // New cases and changes next to the old keys.
  case_builder fresh("3706-20261129-000500", day_start(29) + 60'000,
                     {"3706", "370613", "370613002", "370613002001"});
  REQUIRE(store->append({fresh.write()}).is_ok());
  all.push_back(fresh.record);
  auto& changed = all.front();
  case_builder next(changed.id, changed.created_ms, changed.location_path);
  next.record = changed;
  next.events.clear();
  next.move(domain::event_type::rejected, domain::case_status::rejected);
  auto w = next.write();
  w.previous = changed;
  REQUIRE(store->append({w}).is_ok());
  changed = next.record;
  check_listings(*store, all);
}
