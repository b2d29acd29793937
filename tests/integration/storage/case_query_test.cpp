// event_store::query_cases against a real RocksDB: each filter over the secondary indexes,
// paging, combined filters, the bound on index entries examined per call, and cursors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "storage/event_store.hpp"
#include "tests/support/service_process.hpp"
#include "storage/index_keys.hpp"

using namespace cityops;
using storage::case_filter;
using storage::event_store;
using storage::status;

namespace {

using cityops::testing::temp_dir;

std::unique_ptr<event_store> open_store(const std::string& dir) {
  std::unique_ptr<event_store> store;
  storage::store_options options;
  options.sync = false;  // a test fixture: durability is not what is tested here
  const auto s = event_store::open(dir, options, store);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  return store;
}

std::int64_t day_start(int day_of_november) {
  char iso[16];
  std::snprintf(iso, sizeof iso, "2026-11-%02d", day_of_november);
  return *domain::parse_iso8601(iso);
}

const char* const districts[] = {"370602", "370613", "370611"};
const char* const departments[] = {"370602.urban_mgmt", "370602.sanitation"};

// A case as its actor would build it: events applied to a record, written as one case_write.
struct case_builder {
  domain::case_record record;
  std::vector<domain::case_event> events;

  case_builder(std::string id, std::int64_t at_ms, std::vector<std::string> path) {
    record.id = std::move(id);
    domain::case_event e;
    e.type = domain::event_type::reported;
    e.status = domain::case_status::reported;
    e.at_ms = at_ms;
    e.by = "seat-1";
    e.node = path.back();
    e.location_path = std::move(path);
    e.category = "0601";
    e.deadline_ms = at_ms + domain::ms_per_day;
    add(e);
  }
  void add(domain::case_event e) {
    e.seq = record.version + 1;
    if (e.node.empty()) e.node = record.node;
    if (e.at_ms == 0) e.at_ms = record.updated_ms + 1000;
    domain::apply(record, e);
    events.push_back(std::move(e));
  }
  void move(domain::event_type type, domain::case_status status, std::string department = {}) {
    domain::case_event e;
    e.type = type;
    e.status = status;
    e.department = std::move(department);
    add(std::move(e));
  }
  storage::case_write write() const {
    storage::case_write w;
    w.case_id = record.id;
    w.events = events;
    w.snapshot = record;
    return w;
  }
};

// 300 cases: district i % 3, street (i / 3) % 2 + 1 under it, one community each; reported on
// Nov 25 + i % 5; status by i % 4 (reported, dispatched, in progress, closed), department
// (i / 4) % 2 once dispatched; every seventh open case overdue.
std::vector<domain::case_record> make_cases(event_store& store) {
  std::vector<storage::case_write> batch;
  std::vector<domain::case_record> records;
  for (int i = 0; i < 300; ++i) {
    const std::string district = districts[i % 3];
    const std::string street = district + "00" + std::to_string((i / 3) % 2 + 1);
    const std::string community = street + "001";
    const int day = 25 + i % 5;
    char id[32];
    std::snprintf(id, sizeof id, "3706-202611%02d-%06d", day, i + 1);
    case_builder c(id, day_start(day) + 3600'000 + i * 1000,
                   {"3706", district, street, community});
    const std::string dept = departments[(i / 4) % 2];
    if (i % 4 != 0) {
      c.move(domain::event_type::verified, domain::case_status::verified);
      c.move(domain::event_type::accepted, domain::case_status::accepted);
      c.move(domain::event_type::dispatched, domain::case_status::dispatched, dept);
    }
    if (i % 4 == 2) c.move(domain::event_type::started, domain::case_status::in_progress, dept);
    if (i % 4 == 3) {
      c.move(domain::event_type::started, domain::case_status::in_progress, dept);
      c.move(domain::event_type::handled, domain::case_status::handled, dept);
      c.move(domain::event_type::closed, domain::case_status::closed, dept);
    }
    if (i % 7 == 0) {
      const auto status = c.record.status;
      c.move(domain::event_type::overdue, status, c.record.department);
    }
    batch.push_back(c.write());
    records.push_back(c.record);
  }
  const auto s = store.append(batch);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  return records;
}

// Every page of a listing, checking each page's size and that cursors move forward.
struct walk_result {
  std::vector<std::string> ids;
  std::size_t pages = 0;
  char driving = 0;
};

walk_result walk(const event_store& store, const case_filter& f, std::size_t limit) {
  walk_result out;
  std::string cursor;
  do {
    storage::case_query_page page;
    const auto s = store.query_cases(f, cursor, limit, page);
    INFO(s.to_string());
    REQUIRE(s.is_ok());
    REQUIRE(page.items.size() <= limit);
    if (out.pages == 0) out.driving = page.driving;
    CHECK(page.driving == out.driving);  // the cursor keeps the first page's index
    for (const auto& r : page.items) {
      CHECK(r.history.empty());
      out.ids.push_back(r.id);
    }
    if (!page.next_cursor.empty()) CHECK(page.next_cursor != cursor);
    cursor = page.next_cursor;
    ++out.pages;
    REQUIRE(out.pages < 1000);
  } while (!cursor.empty());
  return out;
}

std::vector<std::string> expected(const std::vector<domain::case_record>& all,
                                  const std::function<bool(const domain::case_record&)>& pred) {
  std::vector<std::string> ids;
  for (const auto& r : all)
    if (pred(r)) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool under(const domain::case_record& r, const std::string& node) {
  return std::find(r.location_path.begin(), r.location_path.end(), node) !=
         r.location_path.end();
}

}  // namespace

TEST_CASE("each filter lists exactly its cases, in case id order", "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  const auto all = make_cases(*store);

  struct one {
    std::string name;
    case_filter filter;
    std::function<bool(const domain::case_record&)> pred;
    std::size_t count;  // worked out by hand from make_cases
  };
  std::vector<one> cases;
  {
    case_filter f;
    cases.push_back({"everything", f, [](const auto&) { return true; }, 300});
  }
  const std::pair<domain::case_status, std::size_t> statuses[] = {
      {domain::case_status::reported, 75},
      {domain::case_status::dispatched, 75},
      {domain::case_status::in_progress, 75},
      {domain::case_status::closed, 75},
      {domain::case_status::handled, 0}};
  for (const auto& [st, n] : statuses) {
    case_filter f;
    f.status = st;
    cases.push_back({"status " + std::string(domain::to_string(st)), f,
                     [st = st](const auto& r) { return r.status == st; }, n});
  }
  for (const std::string dept : departments) {
    case_filter f;
    f.department = dept;
    cases.push_back({"department " + dept, f,
                     [dept](const auto& r) { return r.department == dept; },
                     dept == departments[0] ? 114u : 111u});
  }
  for (const std::string node :
       {"3706", "370602", "370613", "370611", "370602001", "370613002001", "370699"}) {
    case_filter f;
    f.node = node;
    const std::size_t n = node == "3706" ? 300 : node.size() == 6 ? (node == "370699" ? 0 : 100)
                                                                  : 50;
    cases.push_back({"node " + node, f, [node](const auto& r) { return under(r, node); }, n});
  }
  {
    case_filter f;
    f.overdue_only = true;
    cases.push_back({"overdue", f,
                     [](const auto& r) { return r.overdue && domain::is_open(r.status); }, 32});
  }
  {
    case_filter f;  // Nov 26 and 27, by instants
    f.from_ms = day_start(26);
    f.to_ms = day_start(28);
    cases.push_back({"days 26..27", f,
                     [f](const auto& r) {
                       return r.created_ms >= *f.from_ms && r.created_ms < *f.to_ms;
                     },
                     120});
  }
  {
    case_filter f;  // within one day: 10:00 onwards on the 29th
    f.from_ms = day_start(29) + 10 * domain::ms_per_hour;
    cases.push_back({"from the 29th 10:00", f,
                     [f](const auto& r) { return r.created_ms >= *f.from_ms; }, 0});
  }
  {
    case_filter f;  // up to (not including) the 26th
    f.to_ms = day_start(26);
    cases.push_back({"before the 26th", f,
                     [f](const auto& r) { return r.created_ms < *f.to_ms; }, 60});
  }

  for (const auto& c : cases) {
    INFO(c.name);
    const auto want = expected(all, c.pred);
    CHECK(want.size() == c.count);
    const auto got = walk(*store, c.filter, storage::case_query_max_limit);
    CHECK(got.ids == want);
  }
}

TEST_CASE("paging with limit 7 walks every match once", "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  const auto all = make_cases(*store);

  case_filter district;
  district.node = "370613";
  auto got = walk(*store, district, 7);
  CHECK(got.ids == expected(all, [](const auto& r) { return under(r, "370613"); }));
  CHECK(got.pages == 15);  // 100 cases: 14 full pages and 2 left
  CHECK(std::set<std::string>(got.ids.begin(), got.ids.end()).size() == got.ids.size());

  got = walk(*store, case_filter{}, 7);
  CHECK(got.ids.size() == 300);
  CHECK(std::is_sorted(got.ids.begin(), got.ids.end()));
  CHECK(std::set<std::string>(got.ids.begin(), got.ids.end()).size() == 300);
  CHECK(got.driving == 't');

  // Exactly one page when the matches fit, and no cursor after the last one.
  case_filter overdue;
  overdue.overdue_only = true;
  storage::case_query_page page;
  REQUIRE(store->query_cases(overdue, "", 32, page).is_ok());
  CHECK(page.items.size() == 32);
  CHECK(page.next_cursor.empty());
}

TEST_CASE("a combined filter applies every condition", "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  const auto all = make_cases(*store);

  case_filter f;
  f.status = domain::case_status::in_progress;
  f.department = "370602.urban_mgmt";
  f.node = "370602";
  f.from_ms = day_start(26);
  f.to_ms = day_start(29);
  const auto want = expected(all, [&f](const domain::case_record& r) {
    return r.status == domain::case_status::in_progress && r.department == f.department &&
           under(r, "370602") && r.created_ms >= *f.from_ms && r.created_ms < *f.to_ms;
  });
  CHECK(!want.empty());
  CHECK(walk(*store, f, 7).ids == want);
  CHECK(walk(*store, f, 1).ids == want);

  f.overdue_only = true;
  const auto overdue = expected(all, [&f](const domain::case_record& r) {
    return r.status == domain::case_status::in_progress && r.department == f.department &&
           under(r, "370602") && r.created_ms >= *f.from_ms && r.created_ms < *f.to_ms &&
           r.overdue;
  });
  const auto got = walk(*store, f, 7);
  CHECK(got.ids == overdue);
  CHECK(got.driving == 'o');  // 32 overdue entries against 100+ in every other index
}

TEST_CASE("the smallest index drives the query", "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  make_cases(*store);
  storage::case_query_page page;

  case_filter f;
  f.node = "3706";                                  // 300 entries
  f.status = domain::case_status::reported;         // 75
  REQUIRE(store->query_cases(f, "", 10, page).is_ok());
  CHECK(page.driving == 's');

  f.node = "370613002001";                          // 50
  REQUIRE(store->query_cases(f, "", 10, page).is_ok());
  CHECK(page.driving == 'p');
}

TEST_CASE("a call examines a bounded number of index entries and can be continued",
          "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  // 2,200 closed cases of department B, then 2,200 of department A in progress but for the
  // last 5, which are closed: "department A and closed" drives from an index of 2,200 (d/A)
  // or 2,205 (s/closed) entries whose only matches lie past the first 2,000 either way.
  std::vector<storage::case_write> batch;
  std::vector<std::string> want;
  for (int i = 0; i < 4400; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "3706-20261128-%06d", i + 1);
    case_builder c(id, day_start(28) + i, {"3706", "370602", "370602001", "370602001001"});
    const bool a = i >= 2200;
    const auto dept = departments[a ? 0 : 1];
    c.move(domain::event_type::dispatched, domain::case_status::dispatched, dept);
    c.move(domain::event_type::started, domain::case_status::in_progress, dept);
    if (!a || i >= 4395) {
      c.move(domain::event_type::handled, domain::case_status::handled, dept);
      c.move(domain::event_type::closed, domain::case_status::closed, dept);
      if (a) want.push_back(id);
    }
    batch.push_back(c.write());
    if (batch.size() == 500) {
      REQUIRE(store->append(batch).is_ok());
      batch.clear();
    }
  }
  REQUIRE(store->append(batch).is_ok());

  case_filter f;
  f.department = departments[0];
  f.status = domain::case_status::closed;
  storage::case_query_page page;
  REQUIRE(store->query_cases(f, "", 1, page).is_ok());
  CHECK(page.items.empty());
  CHECK(page.examined == storage::case_query_budget(1));
  CHECK(page.examined == 2000);
  REQUIRE_FALSE(page.next_cursor.empty());

  std::vector<std::string> got;
  std::string cursor = page.next_cursor;
  while (!cursor.empty()) {
    REQUIRE(store->query_cases(f, cursor, 1, page).is_ok());
    CHECK(page.examined <= 2000);
    for (const auto& r : page.items) got.push_back(r.id);
    cursor = page.next_cursor;
  }
  CHECK(got == want);
}

TEST_CASE("bad cursors and limits are refused", "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  make_cases(*store);
  case_filter by_status;
  by_status.status = domain::case_status::reported;
  storage::case_query_page page;
  REQUIRE(store->query_cases(by_status, "", 5, page).is_ok());
  REQUIRE(page.next_cursor.rfind("s:s/reported/", 0) == 0);
  const auto cursor = page.next_cursor;

  case_filter by_department;
  by_department.department = departments[0];
  for (const auto& [f, c] : std::vector<std::pair<case_filter, std::string>>{
           {by_department, cursor},                      // another filter's cursor
           {by_status, "s:s/closed/3706-20261125-000004"},  // another status
           {by_status, "x"},
           {by_status, "s:../../etc"},
           {by_status, "s:" + std::string(1000, 's')}}) {
    INFO(c);
    CHECK(store->query_cases(f, c, 5, page).error_code() == status::code::invalid_argument);
    CHECK(page.items.empty());
  }
  CHECK(store->query_cases(by_status, "", 0, page).error_code() ==
        status::code::invalid_argument);
  CHECK(store->query_cases(by_status, "", 201, page).error_code() ==
        status::code::invalid_argument);
  // The cursor still works for its own filter, and a cursor at the end yields nothing.
  REQUIRE(store->query_cases(by_status, cursor, 5, page).is_ok());
  CHECK(page.items.size() == 5);
  REQUIRE(store->query_cases(by_status, "s:s/reported/~", 5, page).is_ok());
  CHECK(page.items.empty());
  CHECK(page.next_cursor.empty());
}

TEST_CASE("subtree, waiting and overdue keys follow the case", "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  auto scan = [&store](const std::string& prefix) {
    storage::index_page page;
    REQUIRE(store->scan_index(prefix, "", 100, page).is_ok());
    return page.case_ids;
  };
  const std::vector<std::string> one{"3706-20261128-000001"};
  case_builder c(one[0], day_start(28), {"3706", "370602", "370602001", "370602001001"});
  REQUIRE(store->append({c.write()}).is_ok());
  for (const auto* node : {"3706", "370602", "370602001", "370602001001"})
    CHECK(scan(storage::index_prefix_location(node)) == one);
  CHECK(scan(storage::index_prefix_location("370613")).empty());
  CHECK(scan(storage::index_prefix_waiting_node("370602001001")) == one);
  CHECK(scan(storage::index_prefix_overdue()).empty());

  auto previous = c.record;
  c.events.clear();
  c.move(domain::event_type::dispatched, domain::case_status::dispatched, departments[0]);
  c.move(domain::event_type::overdue, domain::case_status::dispatched, departments[0]);
  auto w = c.write();
  w.previous = previous;
  REQUIRE(store->append({w}).is_ok());
  CHECK(scan(storage::index_prefix_waiting_node("370602001001")).empty());
  CHECK(scan(storage::index_prefix_waiting_department(departments[0])) == one);
  CHECK(scan(storage::index_prefix_overdue()) == one);
  CHECK(scan(storage::index_prefix_location("370602")) == one);  // the location never moves

  previous = c.record;
  c.events.clear();
  c.move(domain::event_type::closed, domain::case_status::closed, departments[0]);
  w = c.write();
  w.previous = previous;
  REQUIRE(store->append({w}).is_ok());
  CHECK(scan(storage::index_prefix_waiting_department(departments[0])).empty());
  CHECK(scan(storage::index_prefix_overdue()).empty());
  CHECK(scan(storage::index_prefix_location("3706")) == one);
}

TEST_CASE("load_waiting returns the queue of a department or a node centre",
          "[storage][query]") {
  temp_dir dir;
  auto store = open_store(dir.path());
  const auto all = make_cases(*store);
  using kind = domain::waiting_party::kind;
  auto ids_of = [](const std::vector<domain::case_record>& records) {
    std::vector<std::string> ids;
    for (const auto& r : records) ids.push_back(r.id);
    return ids;
  };
  for (const auto& party :
       {domain::waiting_party{kind::department, departments[0]},
        domain::waiting_party{kind::department, departments[1]},
        domain::waiting_party{kind::node, "370602001001"},
        domain::waiting_party{kind::node, "370613"}}) {
    INFO(party.id);
    std::vector<domain::case_record> got;
    REQUIRE(store->load_waiting(party, got).is_ok());
    const auto want = expected(all, [&party](const domain::case_record& r) {
      const auto w = domain::waiting_on(r);
      return w.who == party.who && w.id == party.id;
    });
    CHECK(ids_of(got) == want);
    for (const auto& r : got) CHECK(r.history.empty());
  }
  // A department's queue: its dispatched and in-progress cases, not the closed ones; a
  // reported case waits on the centre of the community it was reported at.
  std::vector<domain::case_record> got;
  REQUIRE(store->load_waiting({kind::department, departments[0]}, got).is_ok());
  CHECK(got.size() == 76);
  REQUIRE(store->load_waiting({kind::node, "370602001001"}, got).is_ok());
  CHECK(got.size() == 25);
  CHECK(store->load_waiting({kind::none, ""}, got).error_code() ==
        status::code::invalid_argument);
}
