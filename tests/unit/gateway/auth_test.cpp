// Bearer tokens (hashing, constant-time lookup, header parsing), require() and the case-level
// role rules of gateway/auth.hpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "gateway/auth.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::gateway;
using cityops::domain::case_action;
using cityops::domain::case_record;

namespace {

http_request with_auth(std::string value) {
  http_request r;
  r.method = "GET";
  r.path = "/api/v1/cases";
  r.target = r.path;
  if (!value.empty()) r.headers.emplace_back("authorization", std::move(value));
  return r;
}

principal make(std::string name, role ro, std::string node = "", std::string department = "") {
  return principal{std::move(name), ro, std::move(node), std::move(department)};
}

token_registry registry() {
  return token_registry({
      {sha256_hex("app-token-1"), make("app-1", role::citizen_app)},
      {sha256_hex("op-token-street1"), make("op-s1", role::operator_role, "990001001")},
      // Upper-case hex from a config file is accepted.
      {"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
       make("sup-1", role::supervisor)},
  });
}

// Runs require() and returns the response it gave (nullopt when it let the caller through).
std::optional<http_response> refusal(const token_registry& tokens, const http_request& req,
                                     std::initializer_list<role> allowed,
                                     std::optional<principal>* who = nullptr) {
  std::optional<http_response> out;
  responder respond = [&out](http_response r) { out = std::move(r); };
  auto p = require(tokens, req, respond, allowed);
  CHECK(p.has_value() == !out.has_value());
  if (who) *who = p;
  return out;
}

std::string header_of(const http_response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

}  // namespace

TEST_CASE("roles have wire names", "[auth]") {
  for (auto r : {role::citizen_app, role::operator_role, role::department, role::supervisor,
                 role::admin})
    CHECK(parse_role(to_string(r)) == r);
  CHECK(to_string(role::operator_role) == "operator");
  CHECK_FALSE(parse_role("root").has_value());
  CHECK_FALSE(parse_role("").has_value());
}

TEST_CASE("sha256_hex is lower-case hex SHA-256", "[auth]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("test") == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
}

TEST_CASE("the registry maps presented tokens to principals by hash only", "[auth]") {
  auto tokens = registry();
  tokens.add_plain("the-admin-token-xxxxxxxx", make("admin", role::admin));
  CHECK(tokens.size() == 4);

  auto app = tokens.authenticate("app-token-1");
  REQUIRE(app);
  CHECK(app->name == "app-1");
  CHECK(app->role == role::citizen_app);
  auto op = tokens.authenticate("op-token-street1");
  REQUIRE(op);
  CHECK(op->node == "990001001");
  auto sup = tokens.authenticate("test");
  REQUIRE(sup);
  CHECK(sup->name == "sup-1");
  auto admin = tokens.authenticate("the-admin-token-xxxxxxxx");
  REQUIRE(admin);
  CHECK(admin->role == role::admin);

  CHECK_FALSE(tokens.authenticate(""));
  CHECK_FALSE(tokens.authenticate("app-token-2"));
  CHECK_FALSE(tokens.authenticate("app-token-1 "));
  CHECK_FALSE(tokens.authenticate(sha256_hex("app-token-1")));  // the hash is not the token
  // An entry that is not a SHA-256 never matches anything.
  token_registry broken({{"not-hex", make("x", role::admin)}, {"", make("y", role::admin)}});
  CHECK(broken.size() == 0);
  CHECK_FALSE(broken.authenticate("not-hex"));
  CHECK_FALSE(broken.authenticate(""));
}

TEST_CASE("from_request reads 'Authorization: Bearer TOKEN' only", "[auth]") {
  const auto tokens = registry();
  auto name = [&](std::string header) {
    auto who = tokens.from_request(with_auth(std::move(header)));
    return who ? who->name : std::string("(none)");
  };
  CHECK(name("Bearer app-token-1") == "app-1");
  CHECK(name("bearer app-token-1") == "app-1");
  CHECK(name("BEARER   app-token-1  ") == "app-1");
  CHECK_FALSE(tokens.from_request(with_auth("")));
  CHECK_FALSE(tokens.from_request(with_auth("Bearer")));
  CHECK_FALSE(tokens.from_request(with_auth("Bearer ")));
  CHECK_FALSE(tokens.from_request(with_auth("Bearerapp-token-1")));
  CHECK_FALSE(tokens.from_request(with_auth("Basic YXBwLTE6YXBwLXRva2VuLTE=")));
  CHECK_FALSE(tokens.from_request(with_auth("app-token-1")));
  CHECK_FALSE(tokens.from_request(with_auth("Bearer unknown")));
}

TEST_CASE("require answers 401 without a valid token and 403 for a role not allowed",
          "[auth]") {
  const auto tokens = registry();
  SECTION("no Authorization header: 401 with WWW-Authenticate") {
    auto r = refusal(tokens, with_auth(""), {role::admin});
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(r->body.find("\"code\":\"unauthorized\"") != std::string::npos);
    CHECK(header_of(*r, "WWW-Authenticate").rfind("Bearer", 0) == 0);
  }
  SECTION("unknown token: 401 invalid_token") {
    auto r = refusal(tokens, with_auth("Bearer nope"), {role::admin});
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(header_of(*r, "WWW-Authenticate").find("invalid_token") != std::string::npos);
  }
  SECTION("another scheme: 401") {
    auto r = refusal(tokens, with_auth("Basic abc"), {role::admin});
    REQUIRE(r);
    CHECK(r->status == 401);
  }
  SECTION("known principal, role not allowed: 403 forbidden") {
    auto r = refusal(tokens, with_auth("Bearer app-token-1"),
                     {role::operator_role, role::supervisor, role::admin});
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("\"code\":\"forbidden\"") != std::string::npos);
    CHECK(r->body.find("citizen_app") != std::string::npos);
  }
  SECTION("allowed role: the principal") {
    std::optional<principal> who;
    auto r = refusal(tokens, with_auth("Bearer op-token-street1"), any_role, &who);
    CHECK_FALSE(r);
    REQUIRE(who);
    CHECK(who->name == "op-s1");
    CHECK(who->node == "990001001");
  }
}

TEST_CASE("who may read a case", "[auth]") {
  const auto city = cityops::testing::make_test_city();
  case_record c;
  c.id = "9900-20261118-000001";
  c.location_path = {"9900", "990001", "990001001", "990001001001"};
  c.node = "990001001";
  c.department = "990001001.squad";
  c.assistants = {"990001.sanitation"};
  c.report.reported_by = "app-1";

  CHECK(may_read_case(city, make("admin", role::admin), c));
  CHECK(may_read_case(city, make("sup", role::supervisor), c));
  // Operators: report location or current node in their subtree.
  CHECK(may_read_case(city, make("op", role::operator_role, "9900"), c));
  CHECK(may_read_case(city, make("op", role::operator_role, "990001"), c));
  CHECK(may_read_case(city, make("op", role::operator_role, "990001001"), c));
  CHECK(may_read_case(city, make("op", role::operator_role, "990001001001"), c));
  CHECK_FALSE(may_read_case(city, make("op", role::operator_role, "990001001002"), c));
  CHECK_FALSE(may_read_case(city, make("op", role::operator_role, "990001002"), c));
  CHECK_FALSE(may_read_case(city, make("op", role::operator_role, ""), c));
  // Held below the operator's node although reported elsewhere.
  case_record moved = c;
  moved.location_path = {"9900", "990001", "990001002"};
  moved.node = "990001001001";
  CHECK(may_read_case(city, make("op", role::operator_role, "990001001"), moved));
  // Departments: assigned/proposed, or assisting.
  CHECK(may_read_case(city, make("d", role::department, "", "990001001.squad"), c));
  CHECK(may_read_case(city, make("d", role::department, "", "990001.sanitation"), c));
  CHECK_FALSE(may_read_case(city, make("d", role::department, "", "990001002.squad"), c));
  CHECK_FALSE(may_read_case(city, make("d", role::department, "", ""), c));
  // Citizen apps: only what they reported.
  CHECK(may_read_case(city, make("app-1", role::citizen_app), c));
  CHECK_FALSE(may_read_case(city, make("app-2", role::citizen_app), c));
  case_record anonymous = c;
  anonymous.report.reported_by.clear();
  CHECK_FALSE(may_read_case(city, make("", role::citizen_app), anonymous));
}

TEST_CASE("who may take which action", "[auth]") {
  const std::vector<case_action> supervisor_actions{
      case_action::supervise, case_action::approve_extension, case_action::deny_extension};
  for (auto a : cityops::domain::all_case_actions()) {
    INFO(cityops::domain::to_string(a));
    CHECK(may_act(make("admin", role::admin), a));
    CHECK(may_act(make("op", role::operator_role, "9900"), a));
    const bool supervisor_may = std::find(supervisor_actions.begin(), supervisor_actions.end(),
                                          a) != supervisor_actions.end();
    CHECK(may_act(make("sup", role::supervisor), a) == supervisor_may);
    CHECK_FALSE(may_act(make("d", role::department, "", "990001001.squad"), a));
    CHECK_FALSE(may_act(make("app", role::citizen_app), a));
  }
}
