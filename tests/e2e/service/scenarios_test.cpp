// Scenarios through HTTP against cityopsd with the default city: the exam quiet period
// (docs/extending.md's example) activated around 向阳街道 with a quiet-period desk at 东山街道
// — a noise complaint in the area gets that centre, its stationed department, a 2-hour limit
// and urgency; the activation survives a restart; deactivated, complaints route normally
// again and the one left waiting at the desk goes back; bad parameters are 400 naming the
// field, other roles 403; the audit log shows it all.
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
using cityops::testing::str;
using cityops::testing::temp_dir;

namespace {

constexpr const char* quiet_period =
    R"({"area":{"node":"370602001"},"centre":"370602002",)"
    R"("departments":["370602.public_security"],"sla":{"limit":2,"unit":"hours"}})";

const std::string noise_in_area =
    R"({"source":"hotline","text":"小区广场舞音响声音太大，噪音扰民","category":"0608","node":"370602001001"})";

struct complaint {
  std::string id;
  std::string node;
  std::string department;
  std::string priority;
  std::int64_t deadline_ms = 0;
  std::string scenarios;  // the list, joined by ','
};

complaint file(const std::string& addr, const std::string& body) {
  auto r = call_as(addr, "admin", "POST", "/api/v1/cases", body);
  INFO(r.body);
  REQUIRE(r.status == 201);
  simdjson::dom::parser p;
  simdjson::dom::element c = p.parse(r.body);
  complaint out;
  out.id = str(c, "id");
  out.node = str(c, "node");
  simdjson::dom::element dept = c["department"];
  out.department = dept.is_null() ? "" : std::string(std::string_view(dept));
  out.priority = str(c, "priority");
  out.deadline_ms = cityops::domain::parse_iso8601(str(c, "deadline")).value_or(0);
  simdjson::dom::array names;
  if (!c["scenarios"].get(names))
    for (simdjson::dom::element n : names) {
      if (!out.scenarios.empty()) out.scenarios += ",";
      out.scenarios += std::string(std::string_view(n));
    }
  return out;
}

std::vector<std::string> history_kinds(const std::string& addr) {
  auto r = call_as(addr, "sup-1", "GET", "/api/v1/scenarios/exam_quiet/history");
  INFO(r.body);
  REQUIRE(r.status == 200);
  simdjson::dom::parser p;
  std::vector<std::string> kinds;
  for (simdjson::dom::element e : p.parse(r.body)["items"].get_array())
    kinds.push_back(str(e, "kind"));
  return kinds;
}

std::string state_of(const std::string& addr) {
  return json_field(call_as(addr, "sup-1", "GET", "/api/v1/scenarios/exam_quiet"), "state");
}

}  // namespace

TEST_CASE("an exam quiet period through HTTP: routing, SLA, priority, restart, roles, audit",
          "[e2e]") {
  temp_dir data;
  const auto config = cityops::testing::write_role_config(data);
  auto svc = std::make_unique<service_process>(CITYOPSD_PATH, service_args(data, config));
  auto addr = svc->address();

  // Listed for supervisors and admins only.
  auto list = call_as(addr, "sup-1", "GET", "/api/v1/scenarios");
  INFO(list.body);
  REQUIRE(list.status == 200);
  CHECK(list.body.find("\"name\":\"exam_quiet\"") != std::string::npos);
  CHECK(state_of(addr) == "inactive");
  for (const char* who : {"op-xy", "dept-xy", "app-1"}) {
    CHECK(call_as(addr, who, "GET", "/api/v1/scenarios").status == 403);
    CHECK(call_as(addr, who, "POST", "/api/v1/scenarios/exam_quiet/activate", quiet_period)
              .status == 403);
  }
  CHECK(call_as(addr, "", "GET", "/api/v1/scenarios").status == 401);

  // Bad parameters: 400 naming the field; unknown scenario 404; nothing activated.
  auto bad = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/exam_quiet/activate",
                     R"({"area":{"node":"370602999"}})");
  CHECK(bad.status == 400);
  CHECK(error_field(bad, "field") == "area.node");
  bad = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/exam_quiet/activate",
                R"({"area":{"node":"370602001"},"sla":{"limit":0,"unit":"hours"}})");
  CHECK(bad.status == 400);
  CHECK(error_field(bad, "field") == "sla.limit");
  bad = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/exam_quiet/activate", "{not json");
  CHECK(bad.status == 400);
  CHECK(error_field(bad, "code") == "invalid_json");
  CHECK(call_as(addr, "sup-1", "POST", "/api/v1/scenarios/fireworks/activate", "{}").status ==
        404);
  CHECK(state_of(addr) == "inactive");

  // Activated by the supervisor.
  auto on = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/exam_quiet/activate", quiet_period);
  INFO(on.body);
  REQUIRE(on.status == 200);
  CHECK(json_field(on, "state") == "active");
  CHECK(on.body.find("\"by\":\"sup-1\"") != std::string::npos);
  CHECK(call_as(addr, "ops-admin", "POST", "/api/v1/scenarios/exam_quiet/activate", quiet_period)
            .status == 409);

  // A noise complaint in the area: the desk's centre, its stationed department, 2 hours,
  // urgent. One outside the area and another category inside it: as usual.
  const auto before = cityops::testing::now_ms();
  const auto quiet = file(addr, noise_in_area);
  CHECK(quiet.node == "370602002");
  CHECK(quiet.department == "370602.public_security");
  CHECK(quiet.priority == "urgent");
  CHECK(quiet.deadline_ms >= before + 2 * 3600 * 1000LL);
  CHECK(quiet.deadline_ms <= cityops::testing::now_ms() + 2 * 3600 * 1000LL);
  CHECK(quiet.scenarios == "exam_quiet");
  const auto outside = file(
      addr, R"({"source":"hotline","text":"夜里装修噪音","category":"0608","node":"370602003001"})");
  CHECK(outside.node == "370602003001");
  CHECK(outside.priority == "normal");
  const auto litter = file(addr, R"({"source":"hotline","text":"垃圾堆放","category":"0301","node":"370602001001"})");
  CHECK(litter.node == "370602001001");
  CHECK(litter.priority == "normal");

  // Its own resource, for the centres that work the period.
  auto status = call_as(addr, "op-xy", "GET", "/api/v1/scenarios/exam_quiet/status");
  INFO(status.body);
  CHECK(status.status == 200);
  CHECK(status.body.find("\"complaints\":1") != std::string::npos);
  CHECK(call_as(addr, "app-1", "GET", "/api/v1/scenarios/exam_quiet/status").status == 403);
  CHECK(call_as(addr, "op-xy", "GET", "/api/v1/scenarios/exam_quiet/nothing").status == 404);

  // A restart keeps the activation.
  stop_cleanly(*svc);
  svc = std::make_unique<service_process>(CITYOPSD_PATH, service_args(data, config));
  addr = svc->address();
  CHECK(state_of(addr) == "active");
  const auto after_restart = file(addr, noise_in_area);
  CHECK(after_restart.node == "370602002");
  CHECK(after_restart.priority == "urgent");

  // Deactivated: new complaints route normally; one still waiting at the desk goes back to
  // its own centre, keeping its deadline and urgency.
  auto off = call_as(addr, "sup-1", "POST", "/api/v1/scenarios/exam_quiet/deactivate",
                     R"({"reason":"考试结束"})");
  INFO(off.body);
  REQUIRE(off.status == 200);
  CHECK(json_field(off, "state") == "inactive");
  CHECK(call_as(addr, "sup-1", "POST", "/api/v1/scenarios/exam_quiet/deactivate").status == 409);
  const auto normal = file(addr, noise_in_area);
  CHECK(normal.node == "370602001001");
  CHECK(normal.priority == "normal");
  CHECK(normal.scenarios.empty());
  const auto back = cityops::testing::eventually(
      [&] { return call_as(addr, "admin", "GET", "/api/v1/cases/" + after_restart.id).body; },
      [](const std::string& body) {
        return body.find("\"node\":\"370602001001\"") != std::string::npos;
      },
      std::chrono::seconds(30));
  INFO(back);
  CHECK(back.find("\"node\":\"370602001001\"") != std::string::npos);
  CHECK(back.find("\"type\":\"adjusted\"") != std::string::npos);
  CHECK(back.find("\"priority\":\"urgent\"") != std::string::npos);

  CHECK(history_kinds(addr) ==
        std::vector<std::string>{"tally", "deactivated", "restored", "activated"});
  stop_cleanly(*svc);
}
