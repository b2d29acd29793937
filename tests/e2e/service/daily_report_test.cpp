// End to end with the built binary: today's 每日信息 over HTTP is provisional and counts the
// reports just made, as JSON and as a printable page; yesterday's is numbered 第1期 on the
// first ask and reads the same after kill -9; bad dates are named in a 400; citizen apps may
// not read it.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <string>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::call_as;
using cityops::testing::error_field;
using cityops::testing::json_field;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::temp_dir;
using cityops::testing::write_role_config;

namespace {

std::string date_of(std::int64_t ms) {
  const auto s = cityops::domain::local_day_stamp(ms);
  return s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2);
}

}  // namespace

TEST_CASE("daily report: provisional today, numbered and stored for a past day",
          "[e2e][daily_report]") {
  temp_dir data;
  const auto config = write_role_config(data);
  const auto now = cityops::testing::now_ms();
  const auto today = date_of(now);
  const auto yesterday = date_of(now - cityops::domain::ms_per_day);
  std::string published;
  {
    service_process svc(CITYOPSD_PATH, service_args(data, config));
    const auto addr = svc.address();
    std::string id;
    for (int i = 0; i < 2; ++i) {
      auto created = call_as(addr, "admin", "POST", "/api/v1/cases",
                             R"({"source":"hotline","text":"向阳街道路口流动摊贩占道经营",
                                 "category":"0601","node":"370602001"})");
      REQUIRE(created.status == 201);
      id = json_field(created, "id");
    }
    // One is returned by the street's only squad: it climbs the rings to the city.
    for (const char* a : {"verify", "accept", "dispatch", "return"})
      REQUIRE(call_as(addr, "admin", "POST", "/api/v1/cases/" + id + "/actions/" + a,
                      R"({"reason":"不属于本单位职责"})")
                  .status == 200);
    auto provisional = cityops::testing::eventually(
        [&] { return call_as(addr, "sup-1", "GET", "/api/v1/reports/daily?date=" + today); },
        [](const cityops::testing::client_response& r) {
          // The report reads the KPI rows, then the cases at the city: wait for a report
          // made after the climb on both.
          return r.body.find(R"("climbed_open":1)") != std::string::npos &&
                 r.body.find(R"("escalated_to_city":1)") != std::string::npos;
        },
        std::chrono::seconds(30));
    INFO(provisional.body);
    REQUIRE(provisional.status == 200);
    CHECK(provisional.body.find(R"("provisional":true)") != std::string::npos);
    CHECK(provisional.body.find(R"("total":{"count":2)") != std::string::npos);
    CHECK(provisional.body.find(R"("key":"370602","name":"芝罘区","count":2)") !=
          std::string::npos);
    CHECK(provisional.body.find(R"("escalated_to_city":1)") != std::string::npos);
    CHECK(provisional.body.find(R"("climbed_cases":[{"id":")" + id) != std::string::npos);
    auto page = call_as(addr, "op-xy", "GET", "/api/v1/reports/daily.html?date=" + today);
    REQUIRE(page.status == 200);
    CHECK(page.body.find("<h1>每日信息</h1>") != std::string::npos);
    CHECK(page.body.find("芝罘区") != std::string::npos);

    auto past = call_as(addr, "dept-xy", "GET", "/api/v1/reports/daily");  // yesterday
    INFO(past.body);
    REQUIRE(past.status == 200);
    CHECK(json_field(past, "date") == yesterday);
    CHECK(past.body.find(R"("number":1,)") != std::string::npos);
    CHECK(past.body.find(R"("provisional":false)") != std::string::npos);
    published = past.body;

    for (const std::string bad : {"2026-02-30", "tomorrow", "2999-01-01"}) {
      auto r = call_as(addr, "admin", "GET", "/api/v1/reports/daily?date=" + bad);
      INFO(bad << ": " << r.body);
      CHECK(r.status == 400);
      CHECK(error_field(r, "field") == "date");
    }
    CHECK(call_as(addr, "admin", "GET", "/api/v1/reports/daily?format=pdf").status == 400);
    CHECK(call_as(addr, "app-1", "GET", "/api/v1/reports/daily").status == 403);
    CHECK(svc.stop(SIGKILL) != -1);
  }
  service_process again(CITYOPSD_PATH, service_args(data, config));
  auto reread = call_as(again.address(), "admin", "GET", "/api/v1/reports/daily?date=" + yesterday);
  REQUIRE(reread.status == 200);
  CHECK(reread.body == published);
}
