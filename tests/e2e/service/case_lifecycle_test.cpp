// End to end with the built binary: a case goes through its whole life over HTTP, the
// process is killed with SIGKILL, and after a restart the case and its history are intact.
#include <catch2/catch.hpp>
#include <signal.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::count_items;
using cityops::testing::error_field;
using cityops::testing::service_process;
using cityops::testing::service_args;
using cityops::testing::str;
using cityops::testing::temp_dir;

namespace {

simdjson::dom::element parse(simdjson::dom::parser& p, const std::string& body) {
  return p.parse(body);
}

}  // namespace

TEST_CASE("a hotline report lives its whole life over HTTP and survives kill -9", "[e2e]") {
  temp_dir data;
  std::string id;
  {
    service_process svc(CITYOPSD_PATH, service_args(data));
    const auto addr = svc.address();
    auto created = cityops::testing::http_call(
        addr, "POST", "/api/v1/cases",
        // Reported at the street: its centre has a squad for 0601 and waits for the operator's
        // dispatch (a community report would climb the small ring by itself).
        R"({"source":"hotline","text":"向阳街道某路口流动摊贩占道经营","category":"0601",
            "node":"370602001","reporter":{"phone":"+86 138-0000-1234","name":"市民王先生"}})",
        {{"Content-Type", "application/json"}});
    INFO(created.body);
    REQUIRE(created.status == 201);
    simdjson::dom::parser p;
    auto c = parse(p, created.body);
    id = str(c, "id");
    CHECK(id.rfind("3706-", 0) == 0);
    CHECK(str(c, "status") == "reported");
    CHECK(str(c, "node") == "370602001");
    CHECK(created.body.find("13800001234") == std::string::npos);

    const std::vector<std::pair<std::string, std::string>> moves{
        {"verify", R"({"by":"seat-12"})"},
        {"accept", R"({"by":"seat-12"})"},
        {"dispatch", R"({"by":"dispatcher-1"})"},
        {"start", R"({"by":"squad-3"})"},
        {"handle", R"({"by":"squad-3","result":"摊贩已劝离，现场已清理"})"},
        {"inspect", R"({"by":"inspector-2","passed":true})"},
        {"close", R"({"by":"seat-12"})"},
    };
    for (const auto& [action, body] : moves) {
      auto r = cityops::testing::http_call(addr, "POST",
                                           "/api/v1/cases/" + id + "/actions/" + action, body,
                                           {{"Content-Type", "application/json"}});
      INFO(action << ": " << r.body);
      REQUIRE(r.status == 200);
    }
    auto illegal = cityops::testing::http_call(addr, "POST", "/api/v1/cases/" + id + "/actions/start",
                                               R"({"by":"squad-3"})");
    CHECK(illegal.status == 409);
    simdjson::dom::element e = parse(p, illegal.body)["error"];
    CHECK(str(e, "code") == "illegal_transition");
    CHECK(str(e, "status") == "closed");
    // Acknowledged means durable: no clean shutdown.
    CHECK(svc.stop(SIGKILL) != -1);
  }
  service_process again(CITYOPSD_PATH, service_args(data));
  auto got = cityops::testing::http_call(again.address(), "GET", "/api/v1/cases/" + id);
  INFO(got.body);
  REQUIRE(got.status == 200);
  simdjson::dom::parser p;
  auto c = parse(p, got.body);
  CHECK(str(c, "status") == "closed");
  CHECK(str(c, "department") == "370602001.street_law_enforcement");
  std::vector<std::string> types;
  for (auto h : c["history"].get_array()) types.push_back(str(h, "type"));
  CHECK(types == std::vector<std::string>{"reported", "verified", "accepted", "dispatched",
                                          "started", "handled", "inspected", "closed"});
  simdjson::dom::element handled = c["history"].at(5);
  CHECK(str(handled, "by") == "squad-3");
  CHECK(str(handled, "result") == "摊贩已劝离，现场已清理");
  // A clean stop after the restart: SIGTERM drains and exits 0.
  cityops::testing::stop_cleanly(again);
}

TEST_CASE("bad requests get JSON errors naming the problem", "[e2e]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();
  struct bad {
    std::string method, target, body;
    int status;
    std::string code, field;
  };
  const std::vector<bad> cases{
      {"POST", "/api/v1/cases", "{not json", 400, "invalid_json", ""},
      {"POST", "/api/v1/cases", R"({"source":"grid"})", 400, "missing_field", "text"},
      {"POST", "/api/v1/cases", R"({"source":"grid","text":7})", 400, "invalid_field", "text"},
      {"POST", "/api/v1/cases", R"({"source":"fax","text":"x","node":"370602001001"})", 400,
       "invalid_field", "source"},
      {"POST", "/api/v1/cases", R"({"source":"app","text":"x","node":"370602001001","category":"9999"})",
       400, "unknown_category", "category"},
      {"POST", "/api/v1/cases", R"({"source":"app","text":"x","node":"000000"})", 400,
       "unknown_node", "node"},
      {"POST", "/api/v1/cases", R"({"source":"app","text":"x","node":"370602001001","colour":"red"})",
       400, "invalid_field", "colour"},
      {"POST", "/api/v1/cases", "{\"source\":\"app\",\"text\":\"" + std::string(70000, 'x') + "\"}",
       413, "too_large", ""},
      {"GET", "/api/v1/nowhere", "", 404, "not_found", ""},
      {"GET", "/api/v1/cases/3706-20260101-999999", "", 404, "not_found", ""},
      {"POST", "/api/v1/cases/3706-20260101-000001/actions/teleport", "{}", 404, "not_found",
       "action"},
  };
  for (const auto& b : cases) {
    auto r = cityops::testing::http_call(addr, b.method, b.target, b.body);
    INFO(b.method << " " << b.target << " -> " << r.status << " " << r.body);
    CHECK(r.status == b.status);
    CHECK(error_field(r, "code") == b.code);
    if (!b.field.empty()) CHECK(error_field(r, "field") == b.field);
  }
}

TEST_CASE("clients can build their forms from the city model", "[e2e]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  auto districts = cityops::testing::http_call(svc.address(), "GET", "/api/v1/nodes?tier=district");
  REQUIRE(districts.status == 200);
  CHECK(count_items(districts.body) == 13);
  auto streets = cityops::testing::http_call(svc.address(), "GET", "/api/v1/nodes?parent=370602");
  REQUIRE(streets.status == 200);
  CHECK(streets.body.find("向阳街道") != std::string::npos);
  auto departments = cityops::testing::http_call(svc.address(), "GET", "/api/v1/departments");
  REQUIRE(departments.status == 200);
  CHECK(count_items(departments.body) >= 40);
  auto categories = cityops::testing::http_call(svc.address(), "GET", "/api/v1/categories");
  REQUIRE(categories.status == 200);
  CHECK(count_items(categories.body) >= 60);
  auto health = cityops::testing::http_call(svc.address(), "GET", "/healthz");
  CHECK(health.status == 200);
}
