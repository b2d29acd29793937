// End to end with the built binary: a supervised case raises a `supervised` alert; a
// supervisor answers it with 预警函 letters (numbered 1 and 2 in the year, a bad kind or an
// unknown department named in a 400), reads one as JSON and as a printable HTML page, the
// addressed department's staff reply (another department's staff may not, a second reply is
// 409), and listings by status and department see what they should.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <chrono>
#include <string>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::call_as;
using cityops::testing::client_response;
using cityops::testing::count_items;
using cityops::testing::error_field;
using cityops::testing::json_field;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;
using cityops::testing::write_role_config;

TEST_CASE("letters: issued from an alert, numbered, printed, replied once, listed",
          "[e2e][letters]") {
  temp_dir data;
  const auto config = write_role_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();
  simdjson::dom::parser p;

  auto created = call_as(addr, "admin", "POST", "/api/v1/cases",
                         R"({"source":"app","text":"路口占道经营 <b>&</b>","node":"370602001"})");
  REQUIRE(created.status == 201);
  const auto case_id = json_field(created, "id");
  auto supervised = call_as(addr, "sup-1", "POST", "/api/v1/cases/" + case_id + "/actions/supervise",
                            R"({"reason":"群众反映强烈","node":"370602"})");
  INFO(supervised.body);
  REQUIRE(supervised.status == 200);
  const auto alerts = cityops::testing::eventually(
      [&] { return call_as(addr, "sup-1", "GET", "/api/v1/alerts?status=open"); },
      [](const client_response& r) { return r.status == 200 && count_items(r.body) == 1; },
      std::chrono::seconds(30));
  REQUIRE(count_items(alerts.body) == 1);
  const auto alert_id = str(p.parse(alerts.body)["items"].at(0), "id");
  const std::string issue_path = "/api/v1/alerts/" + alert_id + "/letters";
  const std::string dept = "370602001.street_law_enforcement";
  const std::string body = R"({"kind":"warning","department":")" + dept +
                           R"(","facts":"群众反复投诉 <script>x</script>"})";
  const auto year = cityops::domain::local_day_stamp(cityops::testing::now_ms()).substr(0, 4);

  SECTION("bad input names its field") {
    auto kind = call_as(addr, "sup-1", "POST", issue_path,
                        R"({"kind":"memo","department":")" + dept + R"(","facts":"x"})");
    CHECK(kind.status == 400);
    CHECK(error_field(kind, "field") == "kind");
    auto unknown = call_as(addr, "sup-1", "POST", issue_path,
                           R"({"kind":"warning","department":"nowhere","facts":"x"})");
    CHECK(unknown.status == 400);
    CHECK(error_field(unknown, "field") == "department");
    auto past = call_as(addr, "sup-1", "POST", issue_path,
                        R"({"kind":"warning","department":")" + dept +
                            R"(","facts":"x","reply_due":"2020-01-01T00:00:00+08:00"})");
    CHECK(past.status == 400);
    CHECK(error_field(past, "field") == "reply_due");
    auto no_alert = call_as(addr, "sup-1", "POST", "/api/v1/alerts/none/letters", body);
    CHECK(no_alert.status == 404);
    CHECK(call_as(addr, "dept-xy", "POST", issue_path, body).status == 403);
    CHECK(call_as(addr, "op-ds", "POST", issue_path, body).status == 403);
  }

  SECTION("two letters, JSON and HTML, one reply, listings") {
    auto first = call_as(addr, "sup-1", "POST", issue_path, body);
    INFO(first.body);
    REQUIRE(first.status == 201);
    CHECK(json_field(first, "id") == year + "-W1");
    CHECK_THAT(json_field(first, "title"), Catch::EndsWith("预警函〔" + year + "〕第1期"));
    auto second = call_as(addr, "op-xy", "POST", issue_path, body);
    INFO(second.body);
    REQUIRE(second.status == 201);
    CHECK_THAT(json_field(second, "title"), Catch::EndsWith("预警函〔" + year + "〕第2期"));
    const auto id = json_field(first, "id");

    auto json = call_as(addr, "dept-xy", "GET", "/api/v1/letters/" + id);
    REQUIRE(json.status == 200);
    CHECK(str(p.parse(json.body)["department"], "id") == dept);
    CHECK(str(p.parse(json.body)["alert"], "id") == alert_id);
    for (const auto& target : {"/api/v1/letters/" + id + "?format=html",
                               "/api/v1/letters/" + id + ".html"}) {
      auto html = call_as(addr, "sup-1", "GET", target);
      INFO(html.body);
      REQUIRE(html.status == 200);
      CHECK(html.header("content-type") == "text/html; charset=utf-8");
      CHECK_THAT(html.body, Catch::Contains("&lt;script&gt;x&lt;/script&gt;"));
      CHECK_THAT(html.body, !Catch::Contains("<script>"));
      CHECK_THAT(html.body, Catch::Contains(case_id));
      CHECK_THAT(html.body, Catch::Contains("@page"));
    }
    CHECK(call_as(addr, "dept-ds", "GET", "/api/v1/letters/" + id).status == 403);

    CHECK(call_as(addr, "dept-ds", "POST", "/api/v1/letters/" + id + "/reply",
                  R"({"text":"不是我们的"})").status == 403);
    CHECK(call_as(addr, "op-xy", "POST", "/api/v1/letters/" + id + "/reply",
                  R"({"text":"x"})").status == 403);
    auto replied = call_as(addr, "dept-xy", "POST", "/api/v1/letters/" + id + "/reply",
                           R"({"text":"已整改到位"})");
    INFO(replied.body);
    REQUIRE(replied.status == 200);
    CHECK(json_field(replied, "status") == "replied");
    CHECK(str(p.parse(replied.body)["reply"], "by") == "dept-xy");
    auto again = call_as(addr, "sup-1", "POST", "/api/v1/letters/" + id + "/reply",
                         R"({"text":"again"})");
    CHECK(again.status == 409);

    auto issued = call_as(addr, "sup-1", "GET", "/api/v1/letters?status=issued");
    REQUIRE(issued.status == 200);
    CHECK(count_items(issued.body) == 1);
    auto done = call_as(addr, "dept-xy", "GET", "/api/v1/letters?status=replied");
    REQUIRE(done.status == 200);
    REQUIRE(count_items(done.body) == 1);
    CHECK(str(p.parse(done.body)["items"].at(0), "id") == id);
    CHECK(count_items(call_as(addr, "dept-ds", "GET", "/api/v1/letters").body) == 0);
    CHECK(count_items(call_as(addr, "op-zf", "GET", "/api/v1/letters").body) == 2);
    CHECK(call_as(addr, "sup-1", "GET", "/api/v1/letters?status=lost").status == 400);
  }
  cityops::testing::stop_cleanly(svc);
}
