// End to end with the built binary: the quarantine routes (docs/api.md "Quarantine") for every
// role of docs/security.md, over the role-matrix city (token_config.hpp). The data directory
// is seeded with a case and its quarantine entry, as a run whose case actor failed twice
// leaves them. GET /api/v1/quarantine answers supervisors and admins; POST
// /api/v1/quarantine/{id}/release only admins (the admin token or a config admin); any other
// role gets 403 `forbidden` naming its role, for a quarantined id or any other, and no token
// 401; a refused release leaves the case quarantined. (The quarantine itself, made by a
// failing actor, is tested in process: tests/integration/service/quarantine_http_test.cpp.)
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::call_as;
using cityops::testing::client_response;
using cityops::testing::error_field;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;
namespace domain = cityops::domain;

namespace {

struct expected {
  std::string who;  // a role_principals() name, "admin" (the admin token) or "" (no token)
  std::string role;
  int list;           // GET /api/v1/quarantine
  int release_other;  // POST /api/v1/quarantine/{id}/release of a case not quarantined
  bool may_release;   // POST …/release of the quarantined case: 200, else as release_other
};

// docs/api.md and docs/security.md: list supervisor and admin, release admin, 401 without a
// token. Every role and scope of the role-matrix city.
const std::vector<expected> matrix{
    {"", "", 401, 401, false},
    {"app-1", "citizen_app", 403, 403, false},
    {"op-xy", "operator", 403, 403, false},  // the case's own street centre
    {"op-zf", "operator", 403, 403, false},  // and its district's
    {"op-ds", "operator", 403, 403, false},
    {"dept-xy", "department", 403, 403, false},
    {"dept-ds", "department", 403, 403, false},
    {"sup-1", "supervisor", 200, 403, false},
    {"ops-admin", "admin", 200, 404, true},
    {"admin", "admin", 200, 404, true},
};

// A refusal: `status` with a JSON error; a 403 names the caller's role and the route, a 404
// the id.
void check_refused(const client_response& r, int status, const std::string& role,
                   const std::string& path) {
  CHECK(r.status == status);
  CHECK(r.header("content-type").rfind("application/json", 0) == 0);
  if (status == 401) {
    CHECK(error_field(r, "code") == "unauthorized");
    CHECK(r.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
  } else if (status == 403) {
    CHECK(error_field(r, "code") == "forbidden");
    CHECK_THAT(error_field(r, "message"),
               Catch::Contains("role '" + role + "'") && Catch::Contains(path));
  } else {
    CHECK(error_field(r, "code") == "not_found");
    CHECK(error_field(r, "field") == "id");
  }
}

// Whether the case refuses an action as quarantined (423), as it does until released.
bool quarantined(const std::string& addr, const std::string& id) {
  auto r = call_as(addr, "admin", "POST", "/api/v1/cases/" + id + "/actions/verify", "");
  INFO("verify " << id << " -> " << r.status << " " << r.body);
  return r.status == 423 && error_field(r, "code") == "quarantined";
}

}  // namespace

TEST_CASE("quarantine: supervisors and admins list it, only admins release",
          "[e2e][quarantine][auth]") {
  temp_dir data;
  const auto now = cityops::testing::now_ms();
  const auto id = cityops::testing::seed_case(data.path(), now, "900003").id;
  cityops::testing::seed_quarantine(data.path(), {id, "attachment decoder overflow", now, 2});
  const auto config = cityops::testing::write_role_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();
  const std::string list = "/api/v1/quarantine";
  const std::string release = "/api/v1/quarantine/" + id + "/release";
  const std::string release_other = "/api/v1/quarantine/3706-20200101-000001/release";
  REQUIRE(quarantined(addr, id));
  simdjson::dom::parser p;

  for (const auto& e : matrix) {
    INFO((e.who.empty() ? "(no token)" : e.who) << " (" << e.role << ")");
    auto listed = call_as(addr, e.who, "GET", list);
    INFO("GET " << list << " -> " << listed.status << " " << listed.body);
    if (e.list == 200) {
      REQUIRE(listed.status == 200);
      simdjson::dom::array items = p.parse(listed.body)["items"];
      REQUIRE(items.size() == 1);
      simdjson::dom::element entry = items.at(0);
      CHECK(str(entry, "id") == id);
      CHECK(str(entry, "reason") == "attachment decoder overflow");
      CHECK(str(entry, "since") == domain::format_iso8601(now));
      CHECK(int64_t(entry["failures"]) == 2);
    } else {
      check_refused(listed, e.list, e.role, list);
    }
    auto other = call_as(addr, e.who, "POST", release_other);
    INFO("POST " << release_other << " -> " << other.status << " " << other.body);
    check_refused(other, e.release_other, e.role, release_other);
    if (e.may_release) continue;  // released below, once every refusal is checked
    auto refused = call_as(addr, e.who, "POST", release);
    INFO("POST " << release << " -> " << refused.status << " " << refused.body);
    check_refused(refused, e.release_other, e.role, release);
    CHECK(quarantined(addr, id));
  }

  // Either kind of admin releases; the other then finds nothing to release.
  const auto [first, second] = GENERATE(std::make_pair("admin", "ops-admin"),
                                        std::make_pair("ops-admin", "admin"));
  INFO("released by " << first);
  auto released = call_as(addr, first, "POST", release);
  INFO(released.body);
  REQUIRE(released.status == 200);
  CHECK(released.body == R"({"id":")" + id + R"(","released":true})");
  CHECK(cityops::testing::count_items(call_as(addr, "sup-1", "GET", list).body) == 0);
  check_refused(call_as(addr, second, "POST", release), 404, "admin", release);
  CHECK_FALSE(quarantined(addr, id));  // writes go through again
}
