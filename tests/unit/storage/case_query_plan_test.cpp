// storage/case_query + detail/case_query_plan: which index ranges a filter may drive from,
// the choice among them, the cursor format and its validation, and the in-memory filter.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "storage/case_query.hpp"
#include "storage/detail/case_query_plan.hpp"
#include "storage/index_keys.hpp"

using namespace cityops;
using storage::case_filter;
using storage::detail::decode_cursor;
using storage::detail::driving_candidates;
using storage::detail::encode_cursor;
using storage::status;

namespace {

std::int64_t at(const char* iso) { return *domain::parse_iso8601(iso); }

std::string families(const std::vector<storage::detail::index_range>& ranges) {
  std::string out;
  for (const auto& r : ranges) out.push_back(r.family);
  return out;
}

case_filter everything_filter() {
  case_filter f;
  f.status = domain::case_status::dispatched;
  f.department = "370602.urban_mgmt";
  f.node = "370602";
  f.overdue_only = true;
  f.from_ms = at("2026-11-01");
  f.to_ms = at("2026-12-01");
  return f;
}

}  // namespace

TEST_CASE("each filter offers its index, in tie-break order o d p t s", "[storage][query]") {
  const auto all = driving_candidates(everything_filter());
  CHECK(families(all) == "odpts");
  CHECK(all[0].lower == "o/");
  CHECK(all[0].upper == "o0");
  CHECK(all[1].lower == "d/370602.urban_mgmt/");
  CHECK(all[1].upper == "d/370602.urban_mgmt0");
  CHECK(all[2].lower == "p/370602/");
  CHECK(all[3].lower == "t/20261101/");
  CHECK(all[3].upper == "t/202611300");  // to is exclusive: its last day is Nov 30
  CHECK(all[4].lower == "s/dispatched/");

  case_filter status_only;
  status_only.status = domain::case_status::closed;
  CHECK(families(driving_candidates(status_only)) == "s");

  // No filter at all: the whole day index, i.e. every case.
  const auto none = driving_candidates(case_filter{});
  REQUIRE(none.size() == 1);
  CHECK(none[0].family == 't');
  CHECK(none[0].lower == "t/");
  CHECK(none[0].upper == "t0");
}

TEST_CASE("a date range is one contiguous key range over its days", "[storage][query]") {
  case_filter f;
  f.from_ms = at("2026-11-28T23:59:59.999+08:00");
  auto r = driving_candidates(f).at(0);
  CHECK(r.lower == "t/20261128/");
  CHECK(r.upper == "t0");  // open ended
  CHECK(r.contains("t/20261128/3706-20261128-000001"));
  CHECK(r.contains("t/20301231/x"));
  CHECK_FALSE(r.contains("t/20261127/3706-20261127-000001"));

  f = case_filter{};
  f.to_ms = at("2026-11-28T00:00:00+08:00");  // exclusive: the 27th is the last day
  r = driving_candidates(f).at(0);
  CHECK(r.lower == "t/");
  CHECK(r.contains("t/20261127/x"));
  CHECK_FALSE(r.contains("t/20261128/x"));

  f.from_ms = at("2026-11-29");  // after `to`: nothing
  r = driving_candidates(f).at(0);
  CHECK(r.lower == r.upper);
}

TEST_CASE("the smallest estimate drives, the earlier candidate on a tie", "[storage][query]") {
  using storage::detail::choose_driving;
  CHECK(choose_driving({5}) == 0);
  CHECK(choose_driving({500, 20, 9000}) == 1);
  CHECK(choose_driving({7, 7, 3, 3}) == 2);
  CHECK(choose_driving({0, 0}) == 0);
}

TEST_CASE("cursors name their index and are checked against the filter", "[storage][query]") {
  const auto candidates = driving_candidates(everything_filter());
  std::size_t which = 99;
  std::string key;

  const auto c = encode_cursor('d', "d/370602.urban_mgmt/3706-20261128-000123");
  CHECK(c == "d:d/370602.urban_mgmt/3706-20261128-000123");
  REQUIRE(decode_cursor(c, candidates, which, key).is_ok());
  CHECK(which == 1);
  CHECK(key == "d/370602.urban_mgmt/3706-20261128-000123");

  REQUIRE(decode_cursor("t:t/20261115/3706-20261115-000002", candidates, which, key).is_ok());
  CHECK(which == 3);

  const std::vector<std::string> bad{
      "",                                              // decoded only when given
      "garbage",                                       // no family
      "d:",                                            // no key
      "d:s/dispatched/x",                              // letter and key disagree
      "d:d/370602.other/3706-20261128-000123",         // another department
      "p:p/370603/3706-20261128-000123",               // another subtree
      "t:t/20261201/3706-20261201-000001",             // after the date range
      "t:t/20261031/3706-20261031-000001",             // before it
      "n:n/370602/3706-20261128-000123",               // not a driving index
      "l:l/000001a2310c0100/3706-20261128-000123",     // not a driving index
      std::string("d:d/370602.urban_mgmt/x\0y", 25),   // NUL
      "d:d/370602.urban_mgmt/" + std::string(600, '1'),  // too long
  };
  for (const auto& cursor : bad) {
    INFO(cursor);
    CHECK(decode_cursor(cursor, candidates, which, key).error_code() ==
          status::code::invalid_argument);
  }

  // A cursor of an index the filter no longer allows is refused.
  case_filter status_only;
  status_only.status = domain::case_status::dispatched;
  CHECK(decode_cursor(c, driving_candidates(status_only), which, key).error_code() ==
        status::code::invalid_argument);
}

TEST_CASE("the in-memory filter checks every field", "[storage][query]") {
  domain::case_record r;
  r.id = "3706-20261115-000001";
  r.status = domain::case_status::dispatched;
  r.department = "370602.urban_mgmt";
  r.location_path = {"3706", "370602", "370602001", "370602001001"};
  r.overdue = true;
  r.created_ms = at("2026-11-15T10:00:00+08:00");
  const auto f = everything_filter();
  CHECK(storage::case_matches(f, r));
  CHECK(storage::case_matches(case_filter{}, r));

  auto x = r;
  x.status = domain::case_status::closed;  // also no longer counts as overdue
  CHECK_FALSE(storage::case_matches(f, x));
  x = r;
  x.department = "370602.sanitation";
  CHECK_FALSE(storage::case_matches(f, x));
  x = r;
  x.location_path = {"3706", "370603"};
  CHECK_FALSE(storage::case_matches(f, x));
  x = r;
  x.overdue = false;
  CHECK_FALSE(storage::case_matches(f, x));
  x = r;
  x.created_ms = *f.to_ms;  // `to` is exclusive
  CHECK_FALSE(storage::case_matches(f, x));
  x.created_ms = *f.from_ms;  // `from` inclusive
  CHECK(storage::case_matches(f, x));
}
