// The graded snow response through HTTP against cityopsd with the default city: activated for
// 芝罘区 with its defaults (the icing category 0306), an orange warning entered by an operator
// raises level II — an open icing report becomes urgent with a shorter deadline, a new one
// gets 2 hours and urgency; the roads to clear first name the reported road; bad warnings are
// 400 naming the field, department staff 403; the level survives a restart.
#include <catch2/catch.hpp>
#include <simdjson.h>

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
using cityops::testing::stop_cleanly;
using cityops::testing::str;
using cityops::testing::temp_dir;

namespace {

const std::string icing_on_nandajie =
    R"({"source":"hotline","text":"南大街人行道结冰，老人滑倒了","category":"0306",)"
    R"("node":"370602001001","address":"芝罘区南大街100号"})";

struct filed {
  std::string id;
  std::string priority;
  std::int64_t deadline_ms = 0;
};

filed file(const std::string& addr, const std::string& body) {
  auto r = call_as(addr, "admin", "POST", "/api/v1/cases", body);
  INFO(r.body);
  REQUIRE(r.status == 201);
  simdjson::dom::parser p;
  simdjson::dom::element c = p.parse(r.body);
  return {str(c, "id"), str(c, "priority"),
          cityops::domain::parse_iso8601(str(c, "deadline")).value_or(0)};
}

bool has(const std::string& body, const std::string& part) {
  return body.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a snow response through HTTP: warning, level, open and new cases, roads, restart",
          "[e2e]") {
  temp_dir data;
  const auto config = cityops::testing::write_role_config(data);
  auto svc = std::make_unique<service_process>(CITYOPSD_PATH, service_args(data, config));
  auto addr = svc->address();

  const auto open = file(addr, icing_on_nandajie);
  CHECK(open.priority == "normal");

  // Bad parameters name the field.
  auto bad = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/snow_response/activate",
                     R"({"area":{"node":"370602"},"levels":{"III":{"sla":{"limit":4,"unit":"days"}}}})");
  CHECK(bad.status == 400);
  CHECK(error_field(bad, "field") == "levels.III.sla.unit");
  auto on = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/snow_response/activate",
                    R"({"area":{"node":"370602"}})");
  INFO(on.body);
  REQUIRE(on.status == 200);

  // The warning: operators enter it, department staff may not; a bad signal names the field.
  const auto warnings = "/api/v1/scenarios/snow_response/warnings";
  CHECK(call_as(addr, "dept-xy", "POST", warnings, R"({"signal":"orange"})").status == 403);
  bad = call_as(addr, "op-zf", "POST", warnings, R"({"signal":"violet"})");
  CHECK(bad.status == 400);
  CHECK(error_field(bad, "field") == "signal");
  const auto before = cityops::testing::now_ms();
  auto posted = call_as(addr, "op-zf", "POST", warnings,
                        R"({"signal":"orange","source":"烟台市气象台","text":"暴雪橙色预警信号",)"
                        R"("issued":"2026-12-08T06:00:00+08:00"})");
  INFO(posted.body);
  REQUIRE(posted.status == 200);
  CHECK(json_field(posted, "level") == "II");

  // The open icing report: urgent, its deadline shortened (2 hours from its report, or the
  // grace from the change).
  const auto adjusted = cityops::testing::eventually(
      [&] { return call_as(addr, "admin", "GET", "/api/v1/cases/" + open.id).body; },
      [](const std::string& body) { return has(body, "\"type\":\"adjusted\""); },
      std::chrono::seconds(30));
  INFO(adjusted);
  CHECK(has(adjusted, "\"priority\":\"urgent\""));
  // A new one: urgent, 2 hours.
  const auto fresh = file(addr, icing_on_nandajie);
  CHECK(fresh.priority == "urgent");
  CHECK(fresh.deadline_ms >= before + 2 * 3600 * 1000LL);
  CHECK(fresh.deadline_ms <= cityops::testing::now_ms() + 2 * 3600 * 1000LL);

  // The roads to clear first, for the centres.
  auto roads = call_as(addr, "op-xy", "GET", "/api/v1/scenarios/snow_response/roads?limit=5");
  INFO(roads.body);
  CHECK(roads.status == 200);
  CHECK(has(roads.body, "\"rank\":1,\"road\":\"南大街\""));
  CHECK(has(roads.body, "\"reports\":2"));
  CHECK(call_as(addr, "op-xy", "GET", "/api/v1/scenarios/snow_response/roads?limit=0").status ==
        400);

  // A restart keeps the level and the warning.
  stop_cleanly(*svc);
  svc = std::make_unique<service_process>(CITYOPSD_PATH, service_args(data, config));
  addr = svc->address();
  auto status = call_as(addr, "sup-1", "GET", "/api/v1/scenarios/snow_response/status");
  INFO(status.body);
  CHECK(status.status == 200);
  CHECK(json_field(status, "level") == "II");
  CHECK(has(status.body, "\"source\":\"烟台市气象台\""));
  CHECK(file(addr, icing_on_nandajie).priority == "urgent");
  stop_cleanly(*svc);
}
