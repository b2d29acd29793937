// Poison messages through HTTP, with the service in-process so the case actors' failpoint can
// make a request that kills its actor: the same bad request twice quarantines the case; it
// stays readable over GET, every action answers 423 quarantined, the quarantine is listed and
// alerted, and an admin's release lets writes through again.
#include <catch2/catch.hpp>
#include <simdjson.h>
#include <stdlib.h>

#include <stdexcept>
#include <string>

#include "config/city_loader.hpp"
#include "runtime/service.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::http_call;
using cityops::testing::temp_dir;

namespace {

std::string field(const std::string& body, const char* a, const char* b = nullptr) {
  simdjson::dom::parser p;
  simdjson::dom::element e = p.parse(body)[a];
  if (b) e = e[b];
  return std::string(std::string_view(e.get_string().value()));
}

}  // namespace

TEST_CASE("a request that kills its case actor twice quarantines the case", "[quarantine]") {
  temp_dir data;
  auto cfg = cityops::config::default_city();
  cfg.service.listen = "127.0.0.1:0";
  cfg.service.data_dir = data.path();
  const auto& token = cityops::testing::service_process::test_admin_token();
  ::setenv("CITYOPS_ADMIN_TOKEN", token.c_str(), 1);
  cityops::testing::set_default_bearer(token);
  cityops::service svc(cfg, [](const std::string&, const cityops::domain::action_request& q) {
    if (q.reason == "poison") throw std::runtime_error("attachment decoder overflow");
  });
  std::string error;
  REQUIRE(svc.start(error));
  const auto addr = svc.address();

  auto created = http_call(addr, "POST", "/api/v1/cases",
                           R"({"source":"hotline","text":"路口流动摊贩占道经营","category":"0601",
                               "node":"370602001"})");
  REQUIRE(created.status == 201);
  const auto id = field(created.body, "id");
  const auto act = "/api/v1/cases/" + id + "/actions/";

  for (int attempt = 0; attempt < 2; ++attempt) {
    auto failed = http_call(addr, "POST", act + "reject", R"({"reason":"poison"})");
    CHECK(failed.status == 500);
    CHECK(failed.body.find("attachment decoder") == std::string::npos);  // stays in the log
  }
  auto refused = http_call(addr, "POST", act + "verify", "");
  CHECK(refused.status == 423);
  CHECK(field(refused.body, "error", "code") == "quarantined");
  CHECK(field(refused.body, "error", "field") == "id");

  auto read = http_call(addr, "GET", "/api/v1/cases/" + id);
  CHECK(read.status == 200);
  CHECK(field(read.body, "status") == "reported");

  auto listed = http_call(addr, "GET", "/api/v1/quarantine");
  REQUIRE(listed.status == 200);
  CHECK(listed.body.find("\"id\":\"" + id + "\"") != std::string::npos);
  CHECK(listed.body.find("attachment decoder overflow") != std::string::npos);

  // The alert is raised once the quarantine is durable (asynchronously): poll for it.
  CHECK(cityops::testing::eventually([&] {
    return http_call(addr, "GET", "/api/v1/alerts").body.find("\"kind\":\"quarantined\"") !=
           std::string::npos;
  }));

  CHECK(http_call(addr, "POST", "/api/v1/quarantine/" + id + "/release", "", {{"Authorization", ""}})
            .status == 401);
  auto released = http_call(addr, "POST", "/api/v1/quarantine/" + id + "/release");
  CHECK(released.status == 200);
  CHECK(http_call(addr, "POST", act + "verify", "").status == 200);
  CHECK(http_call(addr, "POST", "/api/v1/quarantine/" + id + "/release").status == 404);
  CHECK(http_call(addr, "POST", "/api/v1/quarantine/not-a-case/release").status == 404);
  svc.stop();
}
