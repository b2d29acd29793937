// End to end with the built binary: bearer tokens from the config file and the admin token,
// and the role matrix of docs/security.md — every denial, table-driven, plus what each role
// may do. The principals are token_config.hpp's role-matrix city; the quarantine routes'
// matrix is in quarantine_roles_test.cpp.
#include <catch2/catch.hpp>
#include <simdjson.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::as_principal;
using cityops::testing::call_as;
using cityops::testing::client_response;
using cityops::testing::error_field;
using cityops::testing::role_token;
using cityops::testing::service_process;
using cityops::testing::service_args;
using cityops::testing::str;
using cityops::testing::temp_dir;
using cityops::testing::write_role_config;

namespace {

std::string create(const std::string& addr, const std::string& who, const std::string& node) {
  auto r = call_as(addr, who, "POST", "/api/v1/cases",
                   R"({"source":"app","text":"流动摊贩占道经营","category":"0601","node":")" +
                       node + "\"}");
  INFO(r.body);
  REQUIRE(r.status == 201);
  simdjson::dom::parser p;
  return str(p.parse(r.body), "id");
}

// The ids `who` lists with GET /api/v1/cases?`query`.
std::set<std::string> listed(const std::string& addr, const std::string& who,
                             const std::string& query) {
  return cityops::testing::listed_ids(addr, query, as_principal(who));
}

}  // namespace

TEST_CASE("auth: every denial answers 401 or 403 (404 for a case outside the reader's scope)",
          "[e2e][auth]") {
  temp_dir data;
  const auto config = write_role_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();

  // A: filed by app-1 in 向阳街道 (routing proposes 向阳's squad); B: filed by the admin in
  // 莱山区 黄海路街道, outside every scoped principal here.
  const auto a = create(addr, "app-1", "370602001");
  const auto b = create(addr, "admin", "370613001");
  const std::string case_a = "/api/v1/cases/" + a;
  const std::string case_b = "/api/v1/cases/" + b;
  const std::string verify = R"({"by":"seat-1"})";
  const std::string own_door = "/api/v1/departments/370602001.street_law_enforcement/cases/" + a;
  const std::string other_door = "/api/v1/departments/370602002.street_law_enforcement/cases/" + a;

  struct denial {
    std::string who, method, target, body;
    int status;
    std::string code;
  };
  const std::vector<denial> denials{
      // No or bad credentials: 401 everywhere under /api/v1.
      {"", "GET", "/api/v1/nodes", "", 401, "unauthorized"},
      {"", "GET", "/api/v1/nodes/370602", "", 401, "unauthorized"},
      {"", "GET", "/api/v1/departments", "", 401, "unauthorized"},
      {"", "GET", "/api/v1/departments/city.water", "", 401, "unauthorized"},
      {"", "GET", "/api/v1/categories", "", 401, "unauthorized"},
      {"", "POST", "/api/v1/cases", R"({"source":"app","text":"x","node":"370602001"})", 401,
       "unauthorized"},
      {"", "GET", "/api/v1/cases", "", 401, "unauthorized"},
      {"", "GET", case_a, "", 401, "unauthorized"},
      {"", "POST", case_a + "/actions/verify", verify, 401, "unauthorized"},
      {"", "POST", own_door + "/actions/start", verify, 401, "unauthorized"},
      {"nobody", "GET", "/api/v1/nodes", "", 401, "unauthorized"},
      {"nobody", "GET", case_a, "", 401, "unauthorized"},
      // Roles that may not use a route at all: 403.
      {"dept-xy", "POST", "/api/v1/cases", R"({"source":"app","text":"x","node":"370602001"})",
       403, "forbidden"},
      {"app-1", "GET", "/api/v1/cases", "", 403, "forbidden"},
      {"app-1", "POST", case_a + "/actions/verify", verify, 403, "forbidden"},
      {"dept-xy", "POST", case_a + "/actions/verify", verify, 403, "forbidden"},
      {"sup-1", "POST", case_a + "/actions/verify", verify, 403, "forbidden"},
      {"sup-1", "POST", case_a + "/actions/accept", verify, 403, "forbidden"},
      {"sup-1", "POST", case_a + "/actions/close", verify, 403, "forbidden"},
      {"app-1", "POST", own_door + "/actions/start", verify, 403, "forbidden"},
      {"op-xy", "POST", own_door + "/actions/start", verify, 403, "forbidden"},
      {"sup-1", "POST", own_door + "/actions/start", verify, 403, "forbidden"},
      {"dept-xy", "POST", other_door + "/actions/start", verify, 403, "forbidden"},
      {"dept-xy", "POST",
       "/api/v1/departments/no.such.department/cases/" + a + "/actions/start", verify, 403,
       "forbidden"},
      // Known principals outside their scope.
      {"op-ds", "POST", case_a + "/actions/verify", verify, 403, "forbidden"},
      {"op-xy", "POST", case_b + "/actions/verify", verify, 403, "forbidden"},
      {"op-xy", "GET", "/api/v1/cases?node=370602", "", 403, "forbidden"},
      {"op-xy", "GET", "/api/v1/cases?node=370602002", "", 403, "forbidden"},
      {"op-zf", "GET", "/api/v1/cases?node=370613", "", 403, "forbidden"},
      {"dept-xy", "GET", "/api/v1/cases?department=370602002.street_law_enforcement", "", 403,
       "forbidden"},
      // Reading a case outside one's scope looks like reading a missing one.
      {"app-2", "GET", case_a, "", 404, "not_found"},
      {"app-1", "GET", case_b, "", 404, "not_found"},
      {"op-ds", "GET", case_a, "", 404, "not_found"},
      {"op-xy", "GET", case_b, "", 404, "not_found"},
      {"op-zf", "GET", case_b, "", 404, "not_found"},
      {"dept-ds", "GET", case_a, "", 404, "not_found"},
      {"dept-xy", "GET", case_b, "", 404, "not_found"},
  };
  for (const auto& d : denials) {
    auto r = call_as(addr, d.who, d.method, d.target, d.body);
    INFO((d.who.empty() ? "(no token)" : d.who) << " " << d.method << " " << d.target << " -> "
                                                 << r.status << " " << r.body);
    CHECK(r.status == d.status);
    CHECK(error_field(r, "code") == d.code);
    if (d.status == 401) CHECK(r.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
  }
  // Other schemes and malformed headers are not credentials.
  const std::vector<std::string> not_credentials{"Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer ",
                                                 role_token("ops-admin")};
  for (const auto& header : not_credentials) {
    INFO(header);
    auto r = cityops::testing::http_call(addr, "GET", "/api/v1/nodes", "",
                                         {{"Authorization", header}});
    CHECK(r.status == 401);
  }
  // Denials changed nothing: A is still only reported.
  auto after = call_as(addr, "admin", "GET", case_a);
  REQUIRE(after.status == 200);
  simdjson::dom::parser p;
  CHECK(p.parse(after.body)["history"].get_array().size() == 1);
  // The liveness probe stays open.
  CHECK(call_as(addr, "", "GET", "/healthz").status == 200);
}

TEST_CASE("auth: what each role may do", "[e2e][auth]") {
  temp_dir data;
  const auto config = write_role_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();
  const auto a = create(addr, "app-1", "370602001");
  const auto b = create(addr, "admin", "370613001");
  const auto c = create(addr, "op-zf", "370602002");  // filed by an operator: any role but
                                                      // department may report
  const std::string case_a = "/api/v1/cases/" + a;
  simdjson::dom::parser p;

  SECTION("reading cases") {
    const std::map<std::string, std::set<std::string>> readable{
        {"app-1", {a}},       {"app-2", {}},        {"op-xy", {a}},
        {"op-ds", {c}},       {"op-zf", {a, c}},    {"dept-xy", {a}},
        {"dept-ds", {c}},     {"sup-1", {a, b, c}}, {"ops-admin", {a, b, c}},
        {"admin", {a, b, c}},
    };
    for (const auto& [who, ids] : readable)
      for (const auto& id : {a, b, c}) {
        auto r = call_as(addr, who, "GET", "/api/v1/cases/" + id);
        INFO(who << " GET " << id << " -> " << r.status);
        CHECK(r.status == (ids.count(id) ? 200 : 404));
      }
    // Every role reads the city model.
    for (const auto& who : {"app-1", "op-xy", "dept-xy", "sup-1", "ops-admin"}) {
      INFO(who);
      CHECK(call_as(addr, who, "GET", "/api/v1/nodes?parent=370602").status == 200);
      CHECK(call_as(addr, who, "GET", "/api/v1/nodes/370602001").status == 200);
      CHECK(call_as(addr, who, "GET", "/api/v1/departments?node=370602001").status == 200);
      CHECK(call_as(addr, who, "GET", "/api/v1/departments/city.water").status == 200);
      CHECK(call_as(addr, who, "GET", "/api/v1/categories").status == 200);
    }
  }

  SECTION("GET /api/v1/me says who each token is and what its role may do") {
    auto me = [&](const std::string& who) {
      auto r = call_as(addr, who, "GET", "/api/v1/me");
      INFO(who << " " << r.body);
      REQUIRE(r.status == 200);
      return r.body;
    };
    simdjson::dom::element op = p.parse(me("op-xy"));
    CHECK(str(op, "role") == "operator");
    CHECK(str(op["node"], "id") == "370602001");
    CHECK(op["department"].is_null());
    std::set<std::string> op_actions;
    for (simdjson::dom::element a : op["actions"].get_array()) op_actions.insert(std::string(a.get_string().value()));
    CHECK(op_actions.count("verify") == 1);
    CHECK(op_actions.count("dispatch") == 1);
    CHECK(op_actions.count("mark_overdue") == 0);  // the SLA clock's own
    const auto dept_body = me("dept-xy");
    simdjson::dom::element dept = p.parse(dept_body);
    CHECK(str(dept, "role") == "department");
    CHECK(str(dept["department"], "id") == "370602001.street_law_enforcement");
    CHECK(dept["node"].is_null());
    const auto sup_body = me("sup-1");
    simdjson::dom::element sup = p.parse(sup_body);
    std::set<std::string> sup_actions;
    for (simdjson::dom::element a : sup["actions"].get_array()) sup_actions.insert(std::string(a.get_string().value()));
    CHECK(sup_actions == std::set<std::string>{"supervise", "approve_extension", "deny_extension"});
    CHECK(call_as(addr, "nobody", "GET", "/api/v1/me").status == 401);
  }

  SECTION("listings are confined to the caller's node or department") {
    CHECK(listed(addr, "op-xy", "") == std::set<std::string>{a});
    CHECK(listed(addr, "op-xy", "node=370602001001").empty());
    CHECK(listed(addr, "op-xy", "node=370602001") == std::set<std::string>{a});
    CHECK(listed(addr, "op-zf", "") == std::set<std::string>{a, c});
    CHECK(listed(addr, "op-zf", "node=370602002") == std::set<std::string>{c});
    CHECK(listed(addr, "dept-xy", "") == std::set<std::string>{a});
    CHECK(listed(addr, "dept-xy", "department=370602001.street_law_enforcement") ==
          std::set<std::string>{a});
    CHECK(listed(addr, "sup-1", "") == std::set<std::string>{a, b, c});
    CHECK(listed(addr, "ops-admin", "node=370613") == std::set<std::string>{b});
  }

  SECTION("moves: operators in their subtree, supervisors supervise, departments by their door") {
    // `by` defaults to the caller's name; a named seat is kept.
    auto verified = call_as(addr, "op-xy", "POST", case_a + "/actions/verify", "");
    INFO(verified.body);
    REQUIRE(verified.status == 200);
    CHECK(str(p.parse(verified.body)["history"].at(1), "by") == "op-xy");
    auto accepted =
        call_as(addr, "op-zf", "POST", case_a + "/actions/accept", R"({"by":"seat-7"})");
    REQUIRE(accepted.status == 200);
    CHECK(str(p.parse(accepted.body)["history"].at(2), "by") == "seat-7");
    auto supervised = call_as(addr, "sup-1", "POST", case_a + "/actions/supervise",
                              R"({"reason":"群众反映强烈","node":"370602"})");
    INFO(supervised.body);
    REQUIRE(supervised.status == 200);
    CHECK(str(p.parse(supervised.body)["history"].at(3), "by") == "sup-1");
    auto dispatched = call_as(addr, "op-xy", "POST", case_a + "/actions/dispatch", "{}");
    INFO(dispatched.body);
    REQUIRE(dispatched.status == 200);
    CHECK(str(p.parse(dispatched.body), "department") == "370602001.street_law_enforcement");
    // The department's staff through its own door; `by` is recorded as <department>/<name>.
    const std::string door =
        "/api/v1/departments/370602001.street_law_enforcement/cases/" + a + "/actions/";
    // The department learns of the case from the committed stream: until then its door
    // answers 404 (and changes nothing).
    const auto started = cityops::testing::eventually(
        [&] { return call_as(addr, "dept-xy", "POST", door + "start", ""); },
        [](const client_response& r) { return r.status != 404; }, std::chrono::seconds(30));
    INFO(started.body);
    REQUIRE(started.status == 200);
    CHECK(str(p.parse(started.body)["history"].at(5), "by") ==
          "370602001.street_law_enforcement/dept-xy");
    // The admin may use any door and any action.
    auto handled = call_as(addr, "admin", "POST", door + "handle", R"({"result":"已清理"})");
    INFO(handled.body);
    CHECK(handled.status == 200);
    auto inspected =
        call_as(addr, "ops-admin", "POST", case_a + "/actions/inspect", R"({"passed":true})");
    INFO(inspected.body);
    CHECK(inspected.status == 200);
  }
}

TEST_CASE("auth: without CITYOPS_ADMIN_TOKEN the admin token is generated into DATA/admin.token",
          "[e2e][auth]") {
  temp_dir data;
  const auto plain = service_args(data);
  std::string token;
  {
    service_process svc(CITYOPSD_PATH, plain, std::chrono::seconds(60),
                        {{"CITYOPS_ADMIN_TOKEN", ""}});
    CHECK(svc.admin_token().empty());
    CHECK(cityops::testing::default_bearer().empty());
    struct stat st {};
    REQUIRE(::stat((data.path() + "/admin.token").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    std::ifstream in(data.path() + "/admin.token");
    REQUIRE(std::getline(in, token));
    CHECK(token.size() >= 32);
    CHECK(call_as(svc.address(), "", "GET", "/api/v1/categories").status == 401);
    auto r = cityops::testing::http_call(svc.address(), "GET", "/api/v1/categories", "",
                                         {{"Authorization", "Bearer " + token}});
    CHECK(r.status == 200);
  }
  {
    // The same token after a restart; an env token then replaces it (the file stays).
    service_process again(CITYOPSD_PATH, plain, std::chrono::seconds(60),
                          {{"CITYOPS_ADMIN_TOKEN", ""}});
    auto r = cityops::testing::http_call(again.address(), "GET", "/api/v1/categories", "",
                                         {{"Authorization", "Bearer " + token}});
    CHECK(r.status == 200);
  }
  service_process with_env(CITYOPSD_PATH, plain);
  CHECK(call_as(with_env.address(), "admin", "GET", "/api/v1/categories").status == 200);
  auto old = cityops::testing::http_call(with_env.address(), "GET", "/api/v1/categories", "",
                                         {{"Authorization", "Bearer " + token}});
  CHECK(old.status == 401);
  // A too short env token is refused at start.
  temp_dir other;
  CHECK_THROWS(service_process(CITYOPSD_PATH,
                               {"--listen", "127.0.0.1:0", "--data", other.path()},
                               std::chrono::seconds(60), {{"CITYOPS_ADMIN_TOKEN", "short"}}));
  cityops::testing::set_default_bearer(service_process::test_admin_token());
}
