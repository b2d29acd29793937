// storage/case_query + detail/case_query_plan: which sources a filter may drive from (index
// ranges, id spans), the choice among them, the cursor format and its validation, and the
// in-memory filter.
#include <catch2/catch.hpp>

#include <algorithm>
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

using storage::detail::cursor_position;
using storage::detail::driving_source;
using storage::detail::id_span;
using storage::detail::span_step;

std::int64_t at(const char* iso) { return *domain::parse_iso8601(iso); }

std::string families(const std::vector<driving_source>& sources) {
  std::string out;
  for (const auto& s : sources) out.push_back(s.family);
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

// The ids a span walks among `ids` (sorted), by following span_position as a scan does.
std::vector<std::string> walk_span(const id_span& span, const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  auto it = ids.begin();
  while (it != ids.end()) {
    const auto step = storage::detail::span_position(span, *it);
    if (step.what == span_step::kind::inside) {
      out.push_back(*it++);
    } else if (step.what == span_step::kind::seek) {
      CHECK(step.target > *it);  // always forward
      it = std::lower_bound(it, ids.end(), step.target);
    } else {
      break;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("each filter offers its source, in tie-break order o d p t s", "[storage][query]") {
  const auto all = driving_candidates(everything_filter());
  CHECK(families(all) == "odpts");
  CHECK(all[0].ids.what == id_span::kind::none);
  CHECK(all[0].index.lower == "o/");
  CHECK(all[0].index.upper == "o0");
  CHECK(all[1].index.lower == "d/370602.urban_mgmt/");
  CHECK(all[1].index.upper == "d/370602.urban_mgmt0");
  // A subtree: the ids under "<node>-" first (the city of service ids), then p/<node>/.
  CHECK(all[2].ids.what == id_span::kind::prefix);
  CHECK(all[2].ids.prefix == "370602-");
  CHECK(all[2].index.lower == "p/370602/");
  // Days: per city, ids of the days; then t/ of the days (ids that do not carry theirs).
  CHECK(all[3].ids.what == id_span::kind::days);
  CHECK(all[3].ids.lo_rest == "20261101-");
  CHECK(all[3].ids.hi_rest == "20261130.");  // to is exclusive: its last day is Nov 30
  CHECK(all[3].index.lower == "t/20261101/");
  CHECK(all[3].index.upper == "t/202611300");
  CHECK(all[4].index.lower == "s/dispatched/");
  CHECK_FALSE(all[4].index.lower.empty());

  case_filter status_only;
  status_only.status = domain::case_status::closed;
  CHECK(families(driving_candidates(status_only)) == "s");

  // No filter at all: every case, by id.
  const auto none = driving_candidates(case_filter{});
  REQUIRE(none.size() == 1);
  CHECK(none[0].family == storage::detail::every_case);
  CHECK(none[0].ids.what == id_span::kind::all);
  CHECK_FALSE(none[0].has_index());
}

TEST_CASE("a date range walks the ids of its days in every city, then its t/ keys",
          "[storage][query]") {
  const std::vector<std::string> ids{
      "3706-20261126-000009", "3706-20261127-000001", "3706-20261128-000001",
      "3706-20261128-000002", "3706-20261129-000001", "3707-20261128-000001",
      "a-1",                  "abc",                  "x-20261128-000001",
      "x-20261128-zz",        "x-2026112800"};
  case_filter f;
  f.from_ms = at("2026-11-27T23:59:59.999+08:00");
  f.to_ms = at("2026-11-29T00:00:00+08:00");  // exclusive: the 28th is the last day
  const auto s = driving_candidates(f).at(0);
  CHECK(walk_span(s.ids, ids) ==
        std::vector<std::string>{"3706-20261127-000001", "3706-20261128-000001",
                                 "3706-20261128-000002", "3707-20261128-000001",
                                 "x-20261128-000001", "x-20261128-zz"});
  CHECK(s.index.lower == "t/20261127/");
  CHECK(s.index.contains("t/20261128/c-1"));
  CHECK_FALSE(s.index.contains("t/20261129/c-1"));

  // Open ended on either side.
  f = case_filter{};
  f.from_ms = at("2026-11-29");
  auto open = driving_candidates(f).at(0);
  CHECK(open.index.upper == "t0");
  CHECK(walk_span(open.ids, ids) == std::vector<std::string>{"3706-20261129-000001"});
  f = case_filter{};
  f.to_ms = at("2026-11-27");
  open = driving_candidates(f).at(0);
  CHECK(open.index.lower == "t/");
  CHECK(walk_span(open.ids, ids) == std::vector<std::string>{"3706-20261126-000009", "a-1"});

  f.from_ms = at("2026-11-29");  // after `to`: nothing
  const auto empty = driving_candidates(f).at(0);
  CHECK(empty.ids.what == id_span::kind::none);
  CHECK(empty.index.lower == empty.index.upper);
}

TEST_CASE("a subtree walks the ids under its node, then skips them in p/", "[storage][query]") {
  case_filter f;
  f.node = "3706";
  const auto s = driving_candidates(f).at(0);
  const std::vector<std::string> ids{"370-1", "3706-20261128-000001", "3706-x", "370602-1",
                                     "3707-1"};
  CHECK(walk_span(s.ids, ids) == std::vector<std::string>{"3706-20261128-000001", "3706-x"});
  using storage::detail::span_contains;
  using storage::detail::span_run_end;
  CHECK(span_contains(s.ids, "3706-20261128-000001"));
  CHECK_FALSE(span_contains(s.ids, "370602-1"));
  CHECK(span_run_end(s.ids, "3706-20261128-000001") == "3706.");

  f = case_filter{};
  f.from_ms = at("2026-11-28");
  f.to_ms = at("2026-11-29");
  const auto d = driving_candidates(f).at(0);
  CHECK(span_contains(d.ids, "3706-20261128-000001"));
  CHECK_FALSE(span_contains(d.ids, "3706-20261127-000001"));  // created the 28th: t/ has it
  CHECK(span_run_end(d.ids, "3706-20261128-000001") == "3706-20261128.");
}

TEST_CASE("the smallest estimate drives, the earlier candidate on a tie", "[storage][query]") {
  using storage::detail::choose_driving;
  CHECK(choose_driving({5}) == 0);
  CHECK(choose_driving({500, 20, 9000}) == 1);
  CHECK(choose_driving({7, 7, 3, 3}) == 2);
  CHECK(choose_driving({0, 0}) == 0);
}

TEST_CASE("cursors name their source and part and are checked against the filter",
          "[storage][query]") {
  const auto candidates = driving_candidates(everything_filter());
  cursor_position pos;

  const auto c = encode_cursor('d', "d/370602.urban_mgmt/3706-20261128-000123");
  CHECK(c == "d:d/370602.urban_mgmt/3706-20261128-000123");
  const auto id_cursor = encode_cursor('t', "3706-20261115-000002", true);
  CHECK(id_cursor == "t@3706-20261115-000002");
  struct good {
    std::string cursor;
    std::size_t which;
    bool in_ids;
    std::string key;
  };
  for (const auto& g : std::vector<good>{
           {c, 1, false, "d/370602.urban_mgmt/3706-20261128-000123"},
           {"t:t/20261115/c-2", 3, false, "t/20261115/c-2"},
           {id_cursor, 3, true, "3706-20261115-000002"},
           {"p@370602-9", 2, true, "370602-9"}}) {
    INFO(g.cursor);
    REQUIRE(decode_cursor(g.cursor, candidates, pos).is_ok());
    CHECK(pos.which == g.which);
    CHECK(pos.in_ids == g.in_ids);
    CHECK(pos.key == g.key);
  }

  const std::vector<std::string> bad{
      "",                                              // decoded only when given
      "garbage",                                       // no family
      "d:",                                            // no key
      "d:s/dispatched/x",                              // letter and key disagree
      "d:d/370602.other/3706-20261128-000123",         // another department
      "p:p/370603/3706-20261128-000123",               // another subtree
      "p@370603-1",                                    // ids of another subtree
      "t:t/20261201/3706-20261201-000001",             // after the date range
      "t:t/20261031/3706-20261031-000001",             // before it
      "t@3706-20261201-000001",                        // an id after it
      "t@3706/20261115-000002",                        // not a case id
      "d@3706-20261115-000002",                        // d/ has no id part
      "n:n/370602/3706-20261128-000123",               // not a driving index
      "l:l/000001a2310c0100/3706-20261128-000123",     // not a driving index
      std::string("d:d/370602.urban_mgmt/x\0y", 25),   // NUL
      std::string("t@3706-20261115-\0", 18),           // NUL
      "d:d/370602.urban_mgmt/" + std::string(600, '1'),  // too long
  };
  for (const auto& cursor : bad) {
    INFO(cursor);
    CHECK(decode_cursor(cursor, candidates, pos).error_code() == status::code::invalid_argument);
  }

  // A cursor of a source the filter no longer allows is refused.
  case_filter status_only;
  status_only.status = domain::case_status::dispatched;
  CHECK(decode_cursor(c, driving_candidates(status_only), pos).error_code() ==
        status::code::invalid_argument);
  // Every case: only id cursors.
  const auto every = driving_candidates(case_filter{});
  REQUIRE(decode_cursor("c@a", every, pos).is_ok());
  CHECK(decode_cursor("c:c/a", every, pos).error_code() == status::code::invalid_argument);
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

  case_filter urgent_only;
  urgent_only.priority = domain::case_priority::urgent;
  CHECK_FALSE(storage::case_matches(urgent_only, r));
  x = r;
  x.report.priority = domain::case_priority::urgent;
  CHECK(storage::case_matches(urgent_only, x));
}
