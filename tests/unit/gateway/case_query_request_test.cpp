// gateway/case_query_request: the query string of GET /api/v1/cases.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <variant>

#include "actors/domain/iso_time.hpp"
#include "gateway/case_query_request.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;
using gateway::input_error;
using gateway::parse_case_query;

namespace {

using params = std::multimap<std::string, std::string>;

const config::city_model& city() {
  static const auto c = testing::make_test_city();
  return c;
}

case_query ok(const params& p) {
  auto r = parse_case_query(p, city(), "test-salt");
  if (auto* e = std::get_if<input_error>(&r)) FAIL(e->field << ": " << e->message);
  return std::get<case_query>(r);
}

input_error fails(const params& p) {
  auto r = parse_case_query(p, city(), "test-salt");
  REQUIRE(std::holds_alternative<input_error>(r));
  return std::get<input_error>(r);
}

}  // namespace

TEST_CASE("no parameters: every case, 50 per page", "[gateway][case_query]") {
  const auto q = ok({});
  CHECK(q.status.empty());
  CHECK(q.department.empty());
  CHECK(q.node.empty());
  CHECK_FALSE(q.overdue_only);
  CHECK(q.from_ms == 0);
  CHECK(q.to_ms == 0);
  CHECK(q.cursor.empty());
  CHECK(q.limit == 50);
}

TEST_CASE("every filter is carried over", "[gateway][case_query]") {
  const auto q = ok({{"status", "dispatched"},
                     {"department", "990001.sanitation"},
                     {"node", "990001"},
                     {"overdue", "true"},
                     {"from", "2026-11-01T08:00:00+08:00"},
                     {"to", "2026-11-30T00:00:00Z"},
                     {"limit", "200"},
                     {"cursor", "s:s/dispatched/9900-20261101-000001"}});
  CHECK(q.status == "dispatched");
  CHECK(q.department == "990001.sanitation");
  CHECK(q.node == "990001");
  CHECK(q.overdue_only);
  CHECK(q.from_ms == *domain::parse_iso8601("2026-11-01T00:00:00Z"));
  CHECK(q.to_ms == *domain::parse_iso8601("2026-11-30T00:00:00Z"));
  CHECK(q.limit == 200);
  CHECK(q.cursor == "s:s/dispatched/9900-20261101-000001");
}

TEST_CASE("a bare date `to` includes its whole day", "[gateway][case_query]") {
  const auto q = ok({{"from", "2026-11-28"}, {"to", "2026-11-28"}});
  CHECK(q.from_ms == *domain::parse_iso8601("2026-11-28T00:00:00+08:00"));
  CHECK(q.to_ms == *domain::parse_iso8601("2026-11-29T00:00:00+08:00"));
  // Equal instants make an empty range, not an error.
  const auto same =
      ok({{"from", "2026-11-28T10:00:00+08:00"}, {"to", "2026-11-28T10:00:00+08:00"}});
  CHECK(same.from_ms == same.to_ms);
}

TEST_CASE("empty values count as absent, overdue=false is no filter", "[gateway][case_query]") {
  const auto q = ok({{"status", ""}, {"department", ""}, {"node", ""}, {"overdue", "false"},
                     {"from", ""}, {"to", ""}, {"limit", ""}, {"cursor", ""}});
  CHECK(q.status.empty());
  CHECK_FALSE(q.overdue_only);
  CHECK(q.limit == 50);
}

TEST_CASE("bad parameters name the field", "[gateway][case_query]") {
  struct bad {
    params p;
    std::string code, field;
  };
  const std::vector<bad> cases{
      {{{"status", "open"}}, "invalid_field", "status"},
      {{{"status", "Closed"}}, "invalid_field", "status"},
      {{{"department", "nowhere.dept"}}, "unknown_department", "department"},
      {{{"node", "000000"}}, "unknown_node", "node"},
      {{{"overdue", "yes"}}, "invalid_field", "overdue"},
      {{{"overdue", "1"}}, "invalid_field", "overdue"},
      {{{"from", "yesterday"}}, "invalid_field", "from"},
      {{{"from", "2026-02-30"}}, "invalid_field", "from"},
      {{{"to", "2026-11-28T25:00:00Z"}}, "invalid_field", "to"},
      {{{"to", "1969-12-31"}}, "invalid_field", "to"},
      {{{"from", "2026-11-29"}, {"to", "2026-11-28"}}, "invalid_field", "to"},
      {{{"from", "2026-11-28T10:00:00+08:00"}, {"to", "2026-11-28T09:59:59+08:00"}},
       "invalid_field", "to"},
      {{{"limit", "0"}}, "invalid_field", "limit"},
      {{{"limit", "201"}}, "invalid_field", "limit"},
      {{{"limit", "-1"}}, "invalid_field", "limit"},
      {{{"limit", "ten"}}, "invalid_field", "limit"},
      {{{"limit", "99999999999"}}, "invalid_field", "limit"},
      {{{"cursor", std::string(600, 'x')}}, "invalid_field", "cursor"},
      {{{"stauts", "closed"}}, "invalid_field", "stauts"},
      {{{"status", "closed"}, {"status", "handled"}}, "invalid_field", "status"},
  };
  for (const auto& b : cases) {
    std::string shown;
    for (const auto& [k, v] : b.p) shown += k + "=" + v.substr(0, 40) + "&";
    INFO(shown);
    const auto e = fails(b.p);
    CHECK(e.code == b.code);
    CHECK(e.field == b.field);
    CHECK(e.message.find(b.field) != std::string::npos);
  }
}

TEST_CASE("priority filters by normal or urgent and refuses anything else",
          "[gateway][case_query][urgent]") {
  CHECK(ok({{"priority", "urgent"}, {"needs_classification", "true"}}).priority == "urgent");
  CHECK(ok({{"priority", "normal"}}).priority == "normal");
  CHECK(ok({{"priority", ""}}).priority.empty());
  const auto e = fails({{"priority", "high"}});
  CHECK(e.code == "invalid_field");
  CHECK(e.field == "priority");
}
