#pragma once
// Shared by the storage integration tests of listings: a store in a temporary directory, cases
// built the way their actors build them, 300 varied cases, and walking every page of a
// listing.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "storage/event_store.hpp"
#include "tests/support/service_process.hpp"

namespace cityops::storage_test {

using cityops::testing::temp_dir;
using storage::case_filter;
using storage::event_store;

inline std::unique_ptr<event_store> open_store(const std::string& dir) {
  std::unique_ptr<event_store> store;
  storage::store_options options;
  options.sync = false;  // a test fixture: durability is not what is tested here
  const auto s = event_store::open(dir, options, store);
  INFO(s.to_string());
  REQUIRE(s.is_ok());
  return store;
}

inline std::int64_t day_start(int day_of_november) {
  char iso[16];
  std::snprintf(iso, sizeof iso, "2026-11-%02d", day_of_november);
  return *domain::parse_iso8601(iso);
}

inline const char* const districts[] = {"370602", "370613", "370611"};
inline const char* const departments[] = {"370602.urban_mgmt", "370602.sanitation"};

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
inline std::vector<domain::case_record> make_cases(event_store& store) {
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

inline walk_result walk(const event_store& store, const case_filter& f, std::size_t limit) {
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

inline std::vector<std::string> expected(const std::vector<domain::case_record>& all,
                                  const std::function<bool(const domain::case_record&)>& pred) {
  std::vector<std::string> ids;
  for (const auto& r : all)
    if (pred(r)) ids.push_back(r.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

inline bool under(const domain::case_record& r, const std::string& node) {
  return std::find(r.location_path.begin(), r.location_path.end(), node) !=
         r.location_path.end();
}

}  // namespace cityops::storage_test
