// Urgent cases end to end on the embedded city: a grid report of a damaged gas regulator box
// filed urgent gets its category's urgent limit (major 01: 4 hours instead of 0104's 24),
// climbs the rings and is dispatched to 燃气安全服务中心 like a normal one, but waits ahead of
// the normal case dispatched before it, raises `urgent` alerts (at intake and at dispatch, to
// the centre that holds it) and counts apart in the KPIs. A bad priority is refused naming
// the field.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <chrono>
#include <string>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::client_response;
using cityops::testing::error_field;
using cityops::testing::eventually;
using cityops::testing::http_call;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;
namespace domain = cityops::domain;

namespace {

constexpr std::int64_t hour_ms = 3'600'000;

std::int64_t time_of(simdjson::dom::element c, const char* key) {
  const auto t = domain::parse_iso8601(str(c, key));
  REQUIRE(t);
  return *t;
}

std::string report(const std::string& node, const std::string& text, const char* priority) {
  return R"({"source":"grid","category":"0104","node":")" + node + R"(","text":")" + text +
         R"(","priority":")" + priority + R"("})";
}

}  // namespace

TEST_CASE("an urgent case gets the short limit and jumps the queue and alerts and counts apart",
          "[e2e][urgent]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();
  simdjson::dom::parser p;

  auto bad = http_call(addr, "POST", "/api/v1/cases",
                       report("370602001001", "燃气调压箱漏气", "asap"));
  INFO(bad.body);
  CHECK(bad.status == 400);
  CHECK(error_field(bad, "field") == "priority");

  auto categories = http_call(addr, "GET", "/api/v1/categories?major=01");
  REQUIRE(categories.status == 200);
  int listed = 0;
  for (simdjson::dom::element c : p.parse(categories.body)["items"].get_array())
    if (str(c, "code") == "0104") {
      ++listed;
      CHECK(int64_t(c["urgent_sla"]["limit"]) == 4);  // major 01's
      CHECK(str(c["urgent_sla"], "unit") == "hours");
    }
  CHECK(listed == 1);

  // The normal case first, then the urgent one, in another district (not a duplicate); each
  // answer's id, priority and SLA window.
  struct filed {
    std::string id, priority;
    std::int64_t window_ms = 0;
  };
  const auto file = [&](const std::string& body) {
    auto created = http_call(addr, "POST", "/api/v1/cases", body);
    INFO(created.body);
    REQUIRE(created.status == 201);
    simdjson::dom::element c = p.parse(created.body);
    return filed{str(c, "id"), str(c, "priority"),
                 time_of(c, "deadline") - time_of(c, "created_at")};
  };
  const auto normal = file(report("370602001001", "小区燃气表箱门损坏", "normal"));
  const auto urgent = file(report("370611001001", "路边燃气调压箱被车撞歪了，箱体变形", "urgent"));
  const auto normal_id = normal.id;
  const auto urgent_id = urgent.id;
  CHECK(normal.priority == "normal");
  CHECK(normal.window_ms == 24 * hour_ms);
  CHECK(urgent.priority == "urgent");
  CHECK(urgent.window_ms == 4 * hour_ms);

  // Both climb to the city, which dispatches them to the gas centre: the urgent one first in
  // its queue although it came second.
  client_response dept;
  const bool queued = eventually(
      [&] {
        dept = http_call(addr, "GET", "/api/v1/departments/city.gas");
        if (dept.status != 200) return false;
        simdjson::dom::element q = p.parse(dept.body)["queue"];
        return int64_t(q["length"]) == 2;
      },
      std::chrono::seconds(30));
  INFO(dept.body);
  REQUIRE(queued);
  simdjson::dom::element q = p.parse(dept.body)["queue"];
  CHECK(int64_t(q["urgent"]) == 1);
  simdjson::dom::array next = q["next"];
  REQUIRE(next.size() == 2);
  CHECK(str(next.at(0), "id") == urgent_id);
  CHECK(bool(next.at(0)["urgent"]));
  CHECK(str(next.at(1), "id") == normal_id);
  CHECK_FALSE(bool(next.at(1)["urgent"]));

  // Alerts: one at intake for the reporting community, one at dispatch for the city centre
  // and the gas centre; none for the normal case.
  client_response alerts;
  int at_dispatch = 0;
  const bool alerted = eventually(
      [&] {
        alerts = http_call(addr, "GET", "/api/v1/alerts?status=open");
        if (alerts.status != 200) return false;
        int urgent_alerts = 0;
        at_dispatch = 0;
        for (simdjson::dom::element a : p.parse(alerts.body)["items"].get_array()) {
          if (str(a, "kind") != "urgent") continue;
          CHECK(str(a, "case_id") == urgent_id);
          ++urgent_alerts;
          if (str(a, "node") == "3706") {
            CHECK(str(a, "department") == "city.gas");
            ++at_dispatch;
          } else {
            CHECK(str(a, "node") == "370611001001");  // where it was reported
          }
        }
        return urgent_alerts == 2;
      },
      std::chrono::seconds(30));
  INFO(alerts.body);
  CHECK(alerted);
  CHECK(at_dispatch == 1);

  auto kpi = http_call(addr, "GET", "/api/v1/kpi?scope=city");
  INFO(kpi.body);
  REQUIRE(kpi.status == 200);
  simdjson::dom::element total = p.parse(kpi.body)["total"];
  CHECK(int64_t(total["reported"]) == 2);
  CHECK(int64_t(total["urgent"]) == 1);
  CHECK(int64_t(total["urgent_closed"]) == 0);
  CHECK(total["rates"]["urgent_on_time_rate"]["value"].is_null());
  cityops::testing::stop_cleanly(svc);
}
