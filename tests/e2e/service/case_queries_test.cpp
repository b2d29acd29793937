// End to end with the built binary: GET /api/v1/cases lists cases by node subtree, status and
// department from the storage indexes, pages with a cursor, and refuses bad parameters with
// JSON errors naming the parameter.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::count_items;
using cityops::testing::error_field;
using cityops::testing::http_call;
using cityops::testing::list_cases;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;
using cityops::testing::url_encode;

namespace {

std::string create(const std::string& addr, const std::string& node) {
  const std::string body =
      R"({"source":"grid","text":"流动摊贩占道经营","category":"0601","node":")" + node + "\"}";
  auto r = http_call(addr, "POST", "/api/v1/cases", body);
  INFO(r.body);
  REQUIRE(r.status == 201);
  simdjson::dom::parser p;
  return str(p.parse(r.body), "id");
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("cases are listed by node subtree, status and department, page by page", "[e2e]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();

  const auto a = create(addr, "370602001001");  // 芝罘区 向阳街道
  const auto b = create(addr, "370602001002");  // 芝罘区 向阳街道
  const auto c = create(addr, "370602002001");  // 芝罘区 东山街道
  const auto d = create(addr, "370613001011");  // 莱山区 黄海路街道

  // The report location never moves, so subtree listings are exact at once; the listing is
  // in id order (= report order).
  CHECK(list_cases(addr, "node=370602").ids == sorted({a, b, c}));
  CHECK(list_cases(addr, "node=370602001").ids == sorted({a, b}));
  CHECK(list_cases(addr, "node=370613").ids == std::vector<std::string>{d});
  CHECK(list_cases(addr, "node=3706").ids == sorted({a, b, c, d}));
  CHECK(list_cases(addr, "").ids == sorted({a, b, c, d}));
  CHECK(list_cases(addr, "from=2000-01-01&to=2199-12-31&node=370602").ids == sorted({a, b, c}));
  CHECK(list_cases(addr, "to=2000-01-01").ids.empty());

  // The tier-node centres move new grid reports on by themselves (verify, accept, dispatch to
  // a department); a dispatched case waits for its department, which nobody plays here. Wait
  // until all four are dispatched, then the status and department listings must agree with
  // each case as GET shows it.
  // id -> status, department ("" while none)
  using case_states = std::map<std::string, std::pair<std::string, std::string>>;
  const auto state = cityops::testing::eventually(
      [&] {
        case_states now;
        for (const auto& id : {a, b, c, d}) {
          auto r = http_call(addr, "GET", "/api/v1/cases/" + id);
          REQUIRE(r.status == 200);
          simdjson::dom::parser p;
          simdjson::dom::element e = p.parse(r.body);
          simdjson::dom::element dept = e["department"];
          now[id] = {str(e, "status"), dept.is_null() ? "" : std::string(std::string_view(dept))};
        }
        return now;
      },
      [](const case_states& now) {
        return std::all_of(now.begin(), now.end(),
                           [](const auto& s) { return s.second.first == "dispatched"; });
      },
      std::chrono::seconds(30));
  for (const auto& [id, sd] : state) {
    INFO(id << ": " << sd.first << " " << sd.second);
    REQUIRE(sd.first == "dispatched");
  }
  std::map<std::string, std::vector<std::string>> by_status, by_department;
  for (const auto& [id, sd] : state) {
    by_status[sd.first].push_back(id);
    if (!sd.second.empty()) by_department[sd.second].push_back(id);
  }
  for (const auto& [status, ids] : by_status) {
    INFO("status " << status);
    CHECK(list_cases(addr, "status=" + status).ids == sorted(ids));
    CHECK(list_cases(addr, "status=" + status + "&node=370602001").ids ==
          sorted([&] {
            std::vector<std::string> v;
            for (const auto& id : ids)
              if (id == a || id == b) v.push_back(id);
            return v;
          }()));
  }
  for (const auto& [department, ids] : by_department) {
    INFO("department " << department);
    CHECK(list_cases(addr, "department=" + department).ids == sorted(ids));
  }
  CHECK(list_cases(addr, "status=followed_up").ids.empty());

  // One case per page: every case once, none twice.
  const auto paged = list_cases(addr, "node=370602&limit=1");
  CHECK(paged.ids == sorted({a, b, c}));
  CHECK(paged.pages >= 3);
  CHECK(std::set<std::string>(paged.ids.begin(), paged.ids.end()).size() == 3);

  // Items look like GET /api/v1/cases/{id}, without history.
  auto one = http_call(addr, "GET", "/api/v1/cases?node=370613");
  REQUIRE(one.status == 200);
  simdjson::dom::parser p;
  simdjson::dom::element item = p.parse(one.body)["items"].at(0);
  CHECK(str(item, "id") == d);
  CHECK(str(item, "status") == state.at(d).first);
  CHECK(str(item, "node").rfind("3706", 0) == 0);
  CHECK(item["location_path"].get_array().size() == 4);
}

TEST_CASE("bad listing parameters get 400 JSON errors naming the parameter", "[e2e]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();
  create(addr, "370602001001");
  create(addr, "370602001002");

  // A real cursor of a subtree listing, sent with other filters.
  simdjson::dom::parser p;
  auto first = http_call(addr, "GET", "/api/v1/cases?node=370602001&limit=1");
  REQUIRE(first.status == 200);
  const std::string cursor(std::string_view(p.parse(first.body)["next_cursor"]));
  REQUIRE(!cursor.empty());

  struct bad {
    std::string query, code, field;
  };
  const std::vector<bad> cases{
      {"status=open", "invalid_field", "status"},
      {"department=nowhere", "unknown_department", "department"},
      {"node=000000", "unknown_node", "node"},
      {"overdue=yes", "invalid_field", "overdue"},
      {"from=yesterday", "invalid_field", "from"},
      {"to=2026-13-01", "invalid_field", "to"},
      {"from=2026-11-29&to=2026-11-28", "invalid_field", "to"},
      {"limit=0", "invalid_field", "limit"},
      {"limit=201", "invalid_field", "limit"},
      {"limit=abc", "invalid_field", "limit"},
      {"cursor=garbage", "invalid_field", "cursor"},
      {"status=closed&cursor=" + url_encode(cursor), "invalid_field", "cursor"},
      {"node=370602&cursor=" + url_encode(cursor), "invalid_field", "cursor"},
      {"colour=red", "invalid_field", "colour"},
      {"status=reported&status=closed", "invalid_field", "status"},
      {"node=370602001&limit=1&cursor=" + url_encode(cursor) + "x%00", "invalid_field",
       "cursor"},
  };
  for (const auto& b : cases) {
    auto r = http_call(addr, "GET", "/api/v1/cases?" + b.query);
    INFO(b.query << " -> " << r.status << " " << r.body);
    CHECK(r.status == 400);
    CHECK(error_field(r, "code") == b.code);
    CHECK(error_field(r, "field") == b.field);
  }
  // The cursor still continues its own listing.
  auto next = http_call(addr, "GET", "/api/v1/cases?node=370602001&limit=1&cursor=" +
                                         url_encode(cursor));
  INFO(next.body);
  CHECK(next.status == 200);
  CHECK(count_items(next.body) == 1);
}
