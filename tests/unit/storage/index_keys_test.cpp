// storage/index_keys: the secondary keys of a snapshot and the scan prefixes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "storage/index_keys.hpp"

using namespace cityops;

namespace {

domain::case_record open_case() {
  domain::case_record r;
  r.id = "3706-20261128-000123";
  r.status = domain::case_status::dispatched;
  r.department = "370602.urban_mgmt";
  r.node = "370602001";
  r.report.reporter_hash = "9f86d081";
  r.created_ms = 1795829400123;   // 2026-11-28 09:30:00.123 +08:00
  r.deadline_ms = 1796119200000;  // 2026-12-01 18:00 +08:00
  r.sla_start_ms = r.created_ms;
  r.reminded = true;  // the next SLA point is the deadline itself
  return r;
}

}  // namespace

TEST_CASE("an open, assigned case has one key per family it needs", "[storage][index]") {
  const auto keys = storage::index_keys(open_case());
  // No t/: the id carries the creation day. No node of its own: n/ is not kept.
  const std::vector<std::string> expected{
      "s/dispatched/3706-20261128-000123",
      "d/370602.urban_mgmt/3706-20261128-000123",
      "r/9f86d081/3706-20261128-000123",
      "l/000001a2310c0100/3706-20261128-000123",
  };
  CHECK(keys == expected);
  CHECK(1796119200000 == 0x1a2310c0100);
}

TEST_CASE("a day key is written only when the id does not carry the creation day",
          "[storage][index]") {
  auto day_keys = [](const domain::case_record& r) {
    std::vector<std::string> out;
    for (const auto& k : storage::index_keys(r))
      if (k.rfind("t/", 0) == 0) out.push_back(k);
    return out;
  };
  auto r = open_case();
  CHECK(day_keys(r).empty());
  // Id made just before midnight, report stored just after: the id names the 27th.
  r.id = "3706-20261127-000999";
  CHECK(day_keys(r) == std::vector<std::string>{"t/20261128/3706-20261127-000999"});
  for (const char* id : {"c-1", "case", "3706-2026112-000001", "3706-20261128", "3706-20261128x1",
                         "x-y-20261128-1"}) {
    INFO(id);
    r.id = id;
    CHECK(day_keys(r) == std::vector<std::string>{"t/20261128/" + std::string(id)});
  }
  r.id = "anything-20261128-";  // the rest after the day may be empty
  CHECK(day_keys(r).empty());
}

TEST_CASE("case id helpers split at the first dash", "[storage][index]") {
  std::string_view city, rest;
  REQUIRE(storage::split_case_id("3706-20261128-000001", city, rest));
  CHECK(city == "3706");
  CHECK(rest == "20261128-000001");
  REQUIRE(storage::split_case_id("-x", city, rest));
  CHECK(city.empty());
  CHECK_FALSE(storage::split_case_id("3706", city, rest));

  CHECK(storage::id_carries_day("3706-20261128-000001", "20261128"));
  CHECK_FALSE(storage::id_carries_day("3706-20261128-000001", "20261127"));
  CHECK_FALSE(storage::id_carries_day("3706-20261128-000001", "2026112a"));
  CHECK_FALSE(storage::id_carries_day("20261128-000001", "20261128"));

  CHECK(storage::id_under_node("3706-20261128-000001", "3706"));
  CHECK_FALSE(storage::id_under_node("3706-20261128-000001", "370"));
  CHECK_FALSE(storage::id_under_node("370602-1", "3706"));
  CHECK_FALSE(storage::id_under_node("3706", "3706"));
  CHECK_FALSE(storage::id_under_node("-1", ""));
}

TEST_CASE("optional families are left out", "[storage][index]") {
  auto r = open_case();
  r.department.clear();
  r.report.reporter_hash.clear();
  r.deadline_ms = 0;
  const std::vector<std::string> expected{"s/dispatched/3706-20261128-000123"};
  CHECK(storage::index_keys(r) == expected);
}

TEST_CASE("only open cases are in the deadline index", "[storage][index]") {
  auto r = open_case();
  for (auto s : {domain::case_status::closed, domain::case_status::rejected,
                 domain::case_status::followed_up, domain::case_status::merged}) {
    r.status = s;
    const auto keys = storage::index_keys(r);
    CHECK(std::none_of(keys.begin(), keys.end(), [](const std::string& k) {
      return k.rfind("l/", 0) == 0;
    }));
  }
  r.status = domain::case_status::escalated;
  const auto keys = storage::index_keys(r);
  CHECK(std::count_if(keys.begin(), keys.end(),
                      [](const std::string& k) { return k.rfind("l/", 0) == 0; }) == 1);
}

TEST_CASE("before the reminder, a case is keyed at 75% of its SLA window", "[storage][index]") {
  auto r = open_case();
  r.reminded = false;
  r.sla_start_ms = 0x1000;
  r.deadline_ms = 0x2000;
  CHECK(storage::index_keys(r).back() == "l/0000000000001c00/3706-20261128-000123");
  r.overdue = true;  // both marks done: nothing more is due
  r.reminded = true;
  for (const auto& k : storage::index_keys(r)) CHECK(k.rfind("l/", 0) != 0);
}

TEST_CASE("deadline keys sort by deadline and parse back", "[storage][index]") {
  auto a = open_case();
  auto b = open_case();
  a.deadline_ms = 0xff;
  b.deadline_ms = 0x100;
  a.id = "z-late-id";
  b.id = "a-early-id";
  const auto key_a = storage::index_keys(a).back();
  const auto key_b = storage::index_keys(b).back();
  CHECK(key_a < key_b);

  const auto prefix = storage::index_prefix_deadlines();
  REQUIRE(key_b.rfind(prefix, 0) == 0);
  std::int64_t deadline = 0;
  std::string id;
  REQUIRE(storage::parse_deadline_entry(key_b.substr(prefix.size()), deadline, id));
  CHECK(deadline == 0x100);
  CHECK(id == "a-early-id");
  CHECK_FALSE(storage::parse_deadline_entry("00000000000001g0/x", deadline, id));
  CHECK_FALSE(storage::parse_deadline_entry("0000000000000100x", deadline, id));
  CHECK_FALSE(storage::parse_deadline_entry("0000000000000100/", deadline, id));
}

TEST_CASE("creation day is the calendar day in UTC+8, the day of case ids", "[storage][index]") {
  for (std::int64_t t : {std::int64_t{1795795200000}, std::int64_t{1795795200000 - 1},
                         std::int64_t{0}, std::int64_t{-1}})
    CHECK(storage::day_of(t) == domain::local_day_stamp(t));
  CHECK(storage::day_of(1795795200000) == "20261128");      // 00:00:00.000 +08:00
  CHECK(storage::day_of(1795795200000 - 1) == "20261127");  // 23:59:59.999 +08:00
  CHECK(storage::day_of(951796800000) == "20000229");
  CHECK(storage::day_of(0) == "19700101");
  CHECK(storage::day_of(-8 * 3600 * 1000) == "19700101");
  CHECK(storage::day_of(-8 * 3600 * 1000 - 1) == "19691231");
}

TEST_CASE("scan prefixes match the keys", "[storage][index]") {
  auto r = open_case();
  r.id = "c-1";  // carries no day: keyed by day
  const auto keys = storage::index_keys(r);
  const std::vector<std::string> prefixes{
      storage::index_prefix_status(domain::case_status::dispatched),
      storage::index_prefix_department("370602.urban_mgmt"),
      storage::index_prefix_reporter("9f86d081"),
      storage::index_prefix_day("20261128")};
  for (std::size_t i = 0; i < prefixes.size(); ++i) CHECK(keys[i] == prefixes[i] + r.id);
  CHECK(storage::index_prefix_status(domain::case_status::in_progress) == "s/in_progress/");
}

TEST_CASE("components are escaped so a prefix never matches a longer component",
          "[storage][index]") {
  auto r = open_case();
  r.department = "a/b%c";
  const auto keys = storage::index_keys(r);
  CHECK(keys[1] == "d/a%2Fb%25c/3706-20261128-000123");
  CHECK(keys[1].rfind(storage::index_prefix_department("a/b%c"), 0) == 0);
  CHECK(keys[1].rfind(storage::index_prefix_department("a"), 0) != 0);
}

namespace {

// The case of open_case() as stored after some events: reported at a community, so its
// location path runs city → district → street → community.
domain::case_record located_case() {
  auto r = open_case();
  r.version = 4;
  r.location_path = {"3706", "370602", "370602001", "370602001001"};
  return r;
}

std::vector<std::string> family(const std::vector<std::string>& keys, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& k : keys)
    if (k.rfind(prefix, 0) == 0) out.push_back(k);
  return out;
}

}  // namespace

TEST_CASE("every node of the location path but the id's city has a subtree key",
          "[storage][index]") {
  const auto keys = storage::index_keys(located_case());
  // "3706" is the id's own prefix ("3706-…"): its subtree is an id range.
  CHECK(family(keys, "p/") == std::vector<std::string>{
                                  "p/370602/3706-20261128-000123",
                                  "p/370602001/3706-20261128-000123",
                                  "p/370602001001/3706-20261128-000123",
                              });
  CHECK(storage::index_prefix_location("370602") == "p/370602/");
  CHECK(family(keys, "n/").empty());
  // A node listed twice still gives one key.
  auto r = located_case();
  r.location_path.push_back("370602");
  CHECK(family(storage::index_keys(r), "p/").size() == 3);
  // An id that does not start with the city: every node has its key.
  r.id = "c-1";
  CHECK(family(storage::index_keys(r), "p/").size() == 4);
}

TEST_CASE("new families come after the old ones, in a fixed order", "[storage][index]") {
  auto r = located_case();
  r.overdue = true;
  r.reminded = true;
  r.deadline_ms = 1796119200000;
  const auto keys = storage::index_keys(r);
  std::string families;
  for (const auto& k : keys) families.push_back(k[0]);
  CHECK(families == "sdrpppwo");  // no l/: reminded and overdue, nothing more is due
}

TEST_CASE("an open case is keyed by whom it waits on", "[storage][index]") {
  auto r = located_case();
  // Dispatched: waits on its department.
  CHECK(family(storage::index_keys(r), "w/") ==
        std::vector<std::string>{"w/d/370602.urban_mgmt/3706-20261128-000123"});
  r.status = domain::case_status::in_progress;
  CHECK(family(storage::index_keys(r), "w/") ==
        std::vector<std::string>{"w/d/370602.urban_mgmt/3706-20261128-000123"});
  // Before dispatch the department is routing's proposal: the node's centre holds the case.
  r.status = domain::case_status::accepted;
  CHECK(family(storage::index_keys(r), "w/") ==
        std::vector<std::string>{"w/n/370602001/3706-20261128-000123"});
  r.status = domain::case_status::escalated;
  r.node = "370602";
  CHECK(family(storage::index_keys(r), "w/") ==
        std::vector<std::string>{"w/n/370602/3706-20261128-000123"});
  // Closed cases wait on nobody.
  r.status = domain::case_status::closed;
  CHECK(family(storage::index_keys(r), "w/").empty());

  CHECK(storage::index_prefix_waiting_department("370602.urban_mgmt") ==
        "w/d/370602.urban_mgmt/");
  CHECK(storage::index_prefix_waiting_node("370602") == "w/n/370602/");
  CHECK(storage::index_prefix_waiting_department("a/b%") == "w/d/a%2Fb%25/");
  // A department prefix never matches a node entry and the other way round.
  CHECK(storage::index_prefix_waiting_node("d").rfind("w/d/", 0) != 0);
}

TEST_CASE("only open, overdue cases are in the overdue index", "[storage][index]") {
  auto r = located_case();
  CHECK(family(storage::index_keys(r), "o/").empty());
  r.overdue = true;
  CHECK(family(storage::index_keys(r), "o/") ==
        std::vector<std::string>{"o/3706-20261128-000123"});
  CHECK(storage::index_prefix_overdue() == "o/");
  r.status = domain::case_status::closed;
  CHECK(family(storage::index_keys(r), "o/").empty());
}

TEST_CASE("waiting keys name their party, unescaped", "[storage][index]") {
  cityops::domain::waiting_party p;
  REQUIRE(cityops::storage::parse_waiting_key(
      cityops::storage::index_prefix_waiting_department("a/b%c") + "3706-20261128-000001", p));
  CHECK(p.who == cityops::domain::waiting_party::kind::department);
  CHECK(p.id == "a/b%c");
  REQUIRE(cityops::storage::parse_waiting_key(
      cityops::storage::index_prefix_waiting_node("370602001") + "3706-20261128-000002", p));
  CHECK(p.who == cityops::domain::waiting_party::kind::node);
  CHECK(p.id == "370602001");
  CHECK_FALSE(cityops::storage::parse_waiting_key("w/x/370602001/3706", p));
  CHECK_FALSE(cityops::storage::parse_waiting_key("s/reported/3706", p));
  CHECK_FALSE(cityops::storage::parse_waiting_key("w/d/%zz/3706", p));
  CHECK(cityops::storage::index_prefix_waiting() == "w/");
}
