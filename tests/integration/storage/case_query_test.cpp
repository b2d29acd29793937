// event_store::query_cases against a real RocksDB: each filter over the secondary indexes,
// paging, combined filters, the bound on index entries examined per call, and cursors.
#include <catch2/catch.hpp>

#include <set>

#include "storage/index_keys.hpp"
#include "tests/integration/storage/case_fixture.hpp"

using namespace cityops;
using namespace cityops::storage_test;
using storage::status;

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
  CHECK(got.driving == 'c');  // no filter: every case, in id order

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
           {by_status, "s:" + std::string(1000, 's')},
           {by_status, "s@3706-20261125-000004"},        // s/ has no id part
           {case_filter{}, "c@3706/x"},                  // not a case id
           {case_filter{}, "c:c/3706-20261125-000004"}}) {  // every case: ids only
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
  // The city is the id's own prefix: its cases are found by id range, without p/ keys.
  CHECK(scan(storage::index_prefix_location("3706")).empty());
  for (const auto* node : {"370602", "370602001", "370602001001"})
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
  CHECK(scan(storage::index_prefix_location("370602001001")) == one);
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
