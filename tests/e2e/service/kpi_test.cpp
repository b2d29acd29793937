// End to end with the built binary: cases reported and moved over HTTP show in
// GET /api/v1/kpi for the city, their street and their department (counts, rates with
// numerator and denominator, series by week), in the district ranking and in /metrics; the
// numbers are the same after kill -9; bad parameters are named in a 400, unknown scopes in a
// 404, and a caller reads only the scopes of its role.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <chrono>
#include <csignal>
#include <string>
#include <utility>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::call_as;
using cityops::testing::client_response;
using cityops::testing::error_field;
using cityops::testing::json_field;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::temp_dir;
using cityops::testing::write_role_config;

namespace {

const std::string dept = "370602001.street_law_enforcement";

std::string new_case(const std::string& addr) {
  auto created = call_as(addr, "admin", "POST", "/api/v1/cases",
                         R"({"source":"hotline","text":"向阳街道某路口流动摊贩占道经营",
                             "category":"0601","node":"370602001"})");
  INFO(created.body);
  REQUIRE(created.status == 201);
  return json_field(created, "id");
}

void act(const std::string& addr, const std::string& id, const std::string& action,
          const std::string& body = "{}") {
  auto r = call_as(addr, "admin", "POST", "/api/v1/cases/" + id + "/actions/" + action, body);
  INFO(action << ": " << r.body);
  REQUIRE(r.status == 200);
}

std::int64_t number(simdjson::dom::element e, const char* key) {
  return std::int64_t(e[key]);
}

// The KPI answer's `total` for `scope` (as admin).
void check_street_numbers(const std::string& addr, const std::string& scope) {
  auto r = call_as(addr, "admin", "GET", "/api/v1/kpi?scope=" + scope + "&by=week");
  INFO(r.body);
  REQUIRE(r.status == 200);
  simdjson::dom::parser p;
  auto doc = p.parse(r.body).value();
  simdjson::dom::element total = doc["total"];
  CHECK(number(total, "dispatched") == 3);
  CHECK(number(total, "returned") == 1);
  CHECK(number(total, "closed") == 1);
  CHECK(number(total, "open_now") == 2);
  simdjson::dom::element ret = total["rates"]["return_rate"];
  CHECK(number(ret, "numerator") == 1);
  CHECK(number(ret, "denominator") == 3);
  CHECK(double(ret["value"]) == Approx(1.0 / 3));
  simdjson::dom::element satisfaction = total["rates"]["satisfaction_rate"];
  CHECK(number(satisfaction, "numerator") == 1);
  CHECK(number(satisfaction, "denominator") == 1);
  CHECK(doc["series"].get_array().size() >= 5);  // 30 days by week
}

}  // namespace

TEST_CASE("kpi: moves over HTTP show per scope, in the ranking and in metrics",
          "[e2e][kpi]") {
  temp_dir data;
  const auto config = write_role_config(data);
  const auto today = cityops::domain::local_day_stamp(cityops::testing::now_ms());
  const auto today_text = today.substr(0, 4) + "-" + today.substr(4, 2) + "-" + today.substr(6, 2);
  {
    service_process svc(CITYOPSD_PATH, service_args(data, config));
    const auto addr = svc.address();
    const auto closed = new_case(addr);
    for (const auto& a : {"verify", "accept", "dispatch", "start"}) act(addr, closed, a);
    act(addr, closed, "handle", R"({"result":"摊贩已劝离"})");
    act(addr, closed, "inspect", R"({"passed":true})");
    act(addr, closed, "close");
    act(addr, closed, "followup", R"({"satisfaction":5})");
    const auto returned = new_case(addr);
    for (const auto& a : {"verify", "accept", "dispatch"}) act(addr, returned, a);
    // Returned: no other department at the street takes it, so it climbs the rings and the
    // city dispatches it to a municipal department by itself.
    act(addr, returned, "return", R"({"reason":"不属于本单位职责"})");
    const auto waiting = new_case(addr);  // reported, open

    // The climb and the city's dispatch follow the return's commit: wait until they show.
    cityops::testing::eventually(
        [&] { return call_as(addr, "admin", "GET", "/api/v1/kpi?scope=node:370602001"); },
        [](const client_response& r) {
          return r.body.find(R"("dispatched":3)") != std::string::npos;
        },
        std::chrono::seconds(30));
    check_street_numbers(addr, "node:370602001");
    auto city = call_as(addr, "admin", "GET", "/api/v1/kpi?from=" + today_text + "&to=" +
                                                  today_text);
    REQUIRE(city.status == 200);
    simdjson::dom::parser p;
    simdjson::dom::element total = p.parse(city.body).value()["total"];
    CHECK(number(total, "reported") == 3);
    CHECK(number(total, "accepted") == 2);
    CHECK(number(total, "escalated_to_city") == 1);
    CHECK(std::int64_t(total["by_source"]["hotline"]) == 3);
    CHECK(std::string_view(total["by_category"].at(0)["code"]) == "0601");

    auto department = call_as(addr, "dept-xy", "GET", "/api/v1/kpi?scope=department:" + dept);
    INFO(department.body);
    REQUIRE(department.status == 200);
    simdjson::dom::element d = p.parse(department.body).value()["total"];
    CHECK(number(d, "dispatched") == 2);
    CHECK(number(d, "returned") == 1);
    CHECK(number(d, "closed") == 1);
    CHECK(number(d, "open_now") == 0);  // the returned case waits on the city's department

    auto ranking = call_as(addr, "sup-1", "GET",
                           "/api/v1/kpi/ranking?of=districts&metric=reported&order=worst&limit=2");
    INFO(ranking.body);
    REQUIRE(ranking.status == 200);
    simdjson::dom::element first = p.parse(ranking.body).value()["items"].at(0);
    CHECK(std::string_view(first["id"]) == "370602");  // 芝罘区: the most reports
    CHECK(number(first, "rank") == 1);
    CHECK(double(first["value"]) == 3.0);

    auto metrics = cityops::testing::http_call(addr, "GET", "/metrics");
    CHECK(metrics.body.find("cityops_kpi_open_cases{scope=\"node:3706\"} 2") !=
          std::string::npos);
    CHECK(metrics.body.find("cityops_kpi_reported_today{scope=\"node:370602\"} 3") !=
          std::string::npos);
    (void)waiting;
    CHECK(svc.stop(SIGKILL) != -1);
  }
  service_process again(CITYOPSD_PATH, service_args(data, config));
  check_street_numbers(again.address(), "node:370602001");
}

TEST_CASE("kpi: bad parameters, unknown scopes and other roles' scopes are refused",
          "[e2e][kpi]") {
  temp_dir data;
  const auto config = write_role_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();
  const std::vector<std::pair<std::string, std::string>> bad{
      {"/api/v1/kpi?by=year", "by"},
      {"/api/v1/kpi?from=2026-02-30", "from"},
      {"/api/v1/kpi?to=yesterday", "to"},
      {"/api/v1/kpi?from=2026-12-07&to=2026-12-01", "from"},
      {"/api/v1/kpi?from=2000-01-01&to=2026-12-01", "from"},
      {"/api/v1/kpi?scope=district:370602", "scope"},
      {"/api/v1/kpi/ranking?metric=speed", "metric"},
      {"/api/v1/kpi/ranking?of=streets", "of"},
      {"/api/v1/kpi/ranking?limit=0", "limit"},
      {"/api/v1/kpi/ranking?order=up", "order"},
  };
  for (const auto& [path, field] : bad) {
    auto r = call_as(addr, "admin", "GET", path);
    INFO(path << ": " << r.body);
    CHECK(r.status == 400);
    CHECK(error_field(r, "field") == field);
  }
  auto unknown = call_as(addr, "admin", "GET", "/api/v1/kpi?scope=node:999999");
  CHECK(unknown.status == 404);
  CHECK(error_field(unknown, "field") == "scope");
  CHECK(call_as(addr, "admin", "GET", "/api/v1/kpi?scope=department:nowhere").status == 404);
  // Operators read their subtree, department staff their department.
  CHECK(call_as(addr, "op-xy", "GET", "/api/v1/kpi?scope=node:370602001").status == 200);
  CHECK(call_as(addr, "op-xy", "GET", "/api/v1/kpi?scope=city").status == 403);
  CHECK(call_as(addr, "op-zf", "GET", "/api/v1/kpi?scope=node:370602001").status == 200);
  CHECK(call_as(addr, "dept-xy", "GET", "/api/v1/kpi?scope=department:" + dept).status == 200);
  CHECK(call_as(addr, "dept-ds", "GET", "/api/v1/kpi?scope=department:" + dept).status == 403);
  CHECK(call_as(addr, "app-1", "GET", "/api/v1/kpi").status == 403);
  CHECK(call_as(addr, "dept-xy", "GET", "/api/v1/kpi/ranking").status == 200);
}
