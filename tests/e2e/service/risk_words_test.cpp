// The sensitive-word check through HTTP on the embedded city: a 12345 call threatening to
// jump and to hang a banner comes back urgent with the 极端诉求 mark, and reads the same from
// the case and, after a restart, from storage; a calm call carries no mark.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::http_call;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;

namespace {

void check_marked(simdjson::dom::element c) {
  CHECK(str(c, "priority") == "urgent");
  simdjson::dom::element risk = c["risk"];
  CHECK(str(risk, "class") == "extreme_demand");
  CHECK(str(risk, "class_name") == "极端诉求");
  CHECK(int64_t(risk["severity"]) == 4);
  std::vector<std::string> words;
  for (simdjson::dom::element w : risk["words"].get_array())
    words.emplace_back(std::string_view(w));
  CHECK(words == std::vector<std::string>{"跳楼", "拉横幅"});
}

}  // namespace

TEST_CASE("a call with risk words is urgent and marked, before and after a restart",
          "[e2e][intake][risk]") {
  temp_dir data;
  std::string id;
  simdjson::dom::parser p;
  {
    service_process svc(CITYOPSD_PATH, service_args(data));
    const auto addr = svc.address();
    auto created = http_call(
        addr, "POST", "/api/v1/cases",
        R"({"source":"hotline","text":"小区拆迁补偿一直不给，再不解决我就去市政府门口拉横幅 跳 楼",)"
        R"("lat":37.5393,"lon":121.3949})");
    INFO(created.body);
    REQUIRE(created.status == 201);
    simdjson::dom::element c = p.parse(created.body);
    id = str(c, "id");
    check_marked(c);

    auto read = http_call(addr, "GET", "/api/v1/cases/" + id);
    INFO(read.body);
    REQUIRE(read.status == 200);
    check_marked(p.parse(read.body));

    auto calm = http_call(addr, "POST", "/api/v1/cases",
                          R"({"source":"hotline","text":"小区门口路灯不亮了，晚上看不见路",)"
                          R"("lat":37.5393,"lon":121.3949})");
    INFO(calm.body);
    REQUIRE(calm.status == 201);
    simdjson::dom::element k = p.parse(calm.body);
    CHECK(str(k, "priority") == "normal");
    CHECK(k["risk"].error() == simdjson::NO_SUCH_FIELD);
    cityops::testing::stop_cleanly(svc);
  }
  service_process again(CITYOPSD_PATH, service_args(data));
  auto stored = http_call(again.address(), "GET", "/api/v1/cases/" + id);
  INFO(stored.body);
  REQUIRE(stored.status == 200);
  check_marked(p.parse(stored.body));
}
