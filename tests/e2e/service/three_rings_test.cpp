// The seed's example end to end: a grid worker reports a collapsed manhole cover with sewage
// overflow in a community; the system takes it (grid reports are automatic); no one below the
// city handles it, so it climbs 小环, 中环, 大环;
// the city dispatches it to 市政养护, which handles it; it is inspected and closed, and its
// history shows every hop with time, actor and reason.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::http_call;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;

namespace {

// Escalation and dispatch happen after `accept` answers; wait for them with a generous
// deadline (polling the public API, as a client's screen would).
std::string wait_for_status(const std::string& addr, const std::string& id,
                            const std::string& status) {
  simdjson::dom::parser p;
  std::string last;
  const bool reached = cityops::testing::eventually(
      [&] {
        last = http_call(addr, "GET", "/api/v1/cases/" + id).body;
        simdjson::dom::element c = p.parse(last);
        return str(c, "status") == status;
      },
      std::chrono::seconds(30));
  if (!reached) FAIL("case " << id << " never reached " << status << "; last: " << last);
  return last;
}

}  // namespace

TEST_CASE("a manhole collapse climbs the three rings and is closed by 市政养护", "[e2e]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();
  auto created = http_call(addr, "POST", "/api/v1/cases",
                           R"({"source":"grid","text":"井盖塌陷、污水外溢，行人绕行","category":"0101",
                               "node":"370602001001","reporter":{"name":"网格员李"}})");
  INFO(created.body);
  REQUIRE(created.status == 201);
  simdjson::dom::parser p;
  const auto id = str(p.parse(created.body), "id");
  auto post = [&](const std::string& target, const std::string& body) {
    auto r = http_call(addr, "POST", target, body);
    INFO(target << " -> " << r.body);
    REQUIRE(r.status == 200);
  };
  // A grid report with its category is taken by the system (intake mode `auto`): verified and
  // accepted by "auto" in its first commit, then the centres carry it up the rings.
  wait_for_status(addr, id, "dispatched");

  auto view = http_call(addr, "GET", "/api/v1/departments/city.municipal_maintenance");
  REQUIRE(view.status == 200);
  simdjson::dom::element queue = p.parse(view.body)["queue"];
  CHECK(int64_t(queue["length"]) == 1);
  CHECK(str(queue, "oldest_case") == id);
  CHECK(int64_t(queue["overdue"]) == 0);
  // Another department cannot act on it.
  auto stranger = http_call(addr, "POST",
                            "/api/v1/departments/city.gas/cases/" + id + "/actions/start",
                            R"({"by":"gas-1"})");
  CHECK(stranger.status == 404);

  const std::string dept = "/api/v1/departments/city.municipal_maintenance/cases/" + id;
  post(dept + "/actions/start", R"({"by":"crew-7"})");
  post(dept + "/actions/handle", R"({"by":"crew-7","result":"更换井盖，疏通管道，现场已清理"})");
  post("/api/v1/cases/" + id + "/actions/inspect", R"({"by":"inspector-2","passed":true})");
  post("/api/v1/cases/" + id + "/actions/close", R"({"by":"city-centre"})");

  auto got = http_call(addr, "GET", "/api/v1/cases/" + id);
  REQUIRE(got.status == 200);
  simdjson::dom::element c = p.parse(got.body);
  CHECK(str(c, "status") == "closed");
  CHECK(str(c, "department") == "city.municipal_maintenance");
  std::vector<std::string> types;
  for (simdjson::dom::element h : c["history"].get_array()) types.push_back(str(h, "type"));
  CHECK(types == std::vector<std::string>{"reported", "verified", "accepted", "escalated",
                                          "escalated", "escalated", "dispatched", "started",
                                          "handled", "inspected", "closed"});
  const std::vector<std::vector<std::string>> hops{{"small", "370602001001", "370602001"},
                                                   {"medium", "370602001", "370602"},
                                                   {"large", "370602", "3706"}};
  for (std::size_t i = 0; i < hops.size(); ++i) {
    simdjson::dom::element e = c["history"].at(3 + i);
    INFO("hop " << i);
    CHECK(str(e, "ring") == hops[i][0]);
    CHECK(str(e, "from") == hops[i][1]);
    CHECK(str(e, "to") == hops[i][2]);
    CHECK(str(e, "by") == "centre:" + hops[i][1]);
    CHECK_FALSE(str(e, "reason").empty());
    CHECK_FALSE(str(e, "at").empty());
  }
  CHECK(str(c["history"].at(1), "by") == "auto");
  CHECK(str(c["history"].at(2), "by") == "auto");
  simdjson::dom::element dispatched = c["history"].at(6);
  CHECK(str(dispatched, "by") == "centre:3706");
  CHECK(str(dispatched, "department") == "city.municipal_maintenance");
  CHECK(str(c["history"].at(7), "by") == "city.municipal_maintenance/crew-7");
}
