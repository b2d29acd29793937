// The festival war room through HTTP against cityopsd with the default city: activated for
// 向阳街道 with the desk at 东山街道, the district's public security and 东山's street law
// enforcement on site and one shuttle bus — a noise complaint of the area goes on site with
// two hours; the board is read by the desk and the stationed departments (not by another
// centre); the bus is dispatched and its run recorded (over capacity: 400 naming `people`);
// a restart keeps the board; deactivated, the complaint goes back to its own centre.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>
#include <vector>

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
using cityops::testing::stop_cleanly;
using cityops::testing::temp_dir;

namespace {

std::string params(const std::string& people) {
  const auto until = cityops::domain::format_iso8601(cityops::testing::now_ms() + 6 * 3600 * 1000LL);
  return R"({"area":{"node":"370602001"},"centre":"370602002","until":")" + until +
         R"(","stations":[{"department":"370602.public_security","teams":[{"name":"治安组","people":)" +
         people +
         R"(}]},{"department":"370602002.street_law_enforcement","teams":[{"name":"执法组","people":6}]}],)"
         R"("resources":[{"id":"bus-01","kind":"shuttle_bus","name":"接驳车 01","capacity":50}]})";
}

std::uint64_t board_count(const std::string& addr, const char* section, const char* key) {
  auto r = call_as(addr, "op-ds", "GET", "/api/v1/scenarios/war_room/board");
  INFO(r.body);
  REQUIRE(r.status == 200);
  simdjson::dom::parser p;
  return std::uint64_t(p.parse(r.body)[section][key]);
}

}  // namespace

TEST_CASE("a festival war room through HTTP: on-site routing and board and bus runs and restart",
          "[e2e]") {
  temp_dir data;
  const auto config = cityops::testing::write_role_config(data);
  auto svc = std::make_unique<service_process>(CITYOPSD_PATH, service_args(data, config));
  auto addr = svc->address();
  const auto activate = [&](const std::string& who, const std::string& body) {
    return call_as(addr, who, "POST", "/api/v1/scenarios/war_room/activate", body);
  };

  CHECK(activate("op-ds", params("8")).status == 403);
  auto bad = activate("sup-1", params("0"));
  CHECK(bad.status == 400);
  CHECK(error_field(bad, "field") == "stations[0].teams[0].people");
  auto on = activate("sup-1", params("8"));
  INFO(on.body);
  REQUIRE(on.status == 200);

  // A complaint of the area: the war room's desk, public security on site, two hours.
  const auto before = cityops::testing::now_ms();
  auto filed = call_as(addr, "admin", "POST", "/api/v1/cases",
                       R"({"source":"hotline","text":"音乐节散场后广场喇叭噪音扰民","category":"0608","node":"370602001001"})");
  INFO(filed.body);
  REQUIRE(filed.status == 201);
  const auto id = json_field(filed, "id");
  CHECK(json_field(filed, "node") == "370602002");
  CHECK(json_field(filed, "department") == "370602.public_security");
  CHECK(cityops::domain::parse_iso8601(json_field(filed, "deadline")).value_or(0) <=
        cityops::testing::now_ms() + 2 * 3600 * 1000LL);
  CHECK(cityops::domain::parse_iso8601(json_field(filed, "deadline")).value_or(0) >=
        before + 2 * 3600 * 1000LL);
  CHECK(board_count(addr, "cases", "received") == 1);
  CHECK(board_count(addr, "cases", "open") == 1);

  // The board for the desk and the stationed departments, not for another centre or an app.
  CHECK(call_as(addr, "dept-ds", "GET", "/api/v1/scenarios/war_room/board").status == 200);
  CHECK(call_as(addr, "op-xy", "GET", "/api/v1/scenarios/war_room/board").status == 403);
  CHECK(call_as(addr, "app-1", "GET", "/api/v1/scenarios/war_room/board").status == 403);

  // The bus: dispatched, a run over its capacity refused, then recorded.
  auto out = call_as(addr, "dept-ds", "POST", "/api/v1/scenarios/war_room/resources/bus-01/dispatch",
                     R"({"to":"东门","case":")" + id + "\"}");
  INFO(out.body);
  CHECK(out.status == 200);
  CHECK(json_field(out, "state") == "out");
  CHECK(call_as(addr, "dept-ds", "POST", "/api/v1/scenarios/war_room/resources/bus-01/dispatch",
                R"({"to":"西门"})")
            .status == 409);
  auto over = call_as(addr, "op-ds", "POST", "/api/v1/scenarios/war_room/resources/bus-01/runs",
                      R"({"people":51})");
  CHECK(over.status == 400);
  CHECK(error_field(over, "field") == "people");
  auto run = call_as(addr, "op-ds", "POST", "/api/v1/scenarios/war_room/resources/bus-01/runs",
                     R"({"people":48,"to":"地铁站","ref":"d1"})");
  INFO(run.body);
  CHECK(run.status == 201);
  CHECK(json_field(run, "case") == id);
  CHECK(call_as(addr, "op-ds", "POST", "/api/v1/scenarios/war_room/resources/bus-09/runs",
                R"({"people":4})")
            .status == 404);
  CHECK(board_count(addr, "runs", "people_moved") == 48);

  // A restart keeps the war room, its board and the bus's run.
  stop_cleanly(*svc);
  svc = std::make_unique<service_process>(CITYOPSD_PATH, service_args(data, config));
  addr = svc->address();
  CHECK(board_count(addr, "runs", "runs") == 1);
  CHECK(board_count(addr, "runs", "people_moved") == 48);
  CHECK(board_count(addr, "cases", "received") == 1);
  CHECK(call_as(addr, "op-ds", "GET", "/api/v1/scenarios/war_room/resources/bus-01").body.find(
            "\"ref\":\"d1\"") != std::string::npos);

  // Deactivated: the complaint still waiting at the desk goes back to its own centre.
  auto off = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/war_room/deactivate",
                     R"({"reason":"散场"})");
  INFO(off.body);
  REQUIRE(off.status == 200);
  CHECK(call_as(addr, "op-ds", "GET", "/api/v1/scenarios/war_room/board").status == 404);
  const auto back = cityops::testing::eventually(
      [&] { return call_as(addr, "admin", "GET", "/api/v1/cases/" + id).body; },
      [](const std::string& body) {
        return body.find("\"node\":\"370602001001\"") != std::string::npos;
      },
      std::chrono::seconds(30));
  CHECK(back.find("\"node\":\"370602001001\"") != std::string::npos);
  stop_cleanly(*svc);
}
