// Bearer tokens (hashing, constant-time lookup, header parsing, one lookup per request in a
// token_scope), SHA-256 for the gateway, require() and the case-level role rules of
// gateway/auth.hpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gateway/access_log.hpp"
#include "gateway/auth.hpp"
#include "gateway/metrics.hpp"
#include "gateway/reporter_hash.hpp"
#include "gateway/router.hpp"
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

TEST_CASE("sha256 matches the FIPS 180-2 vectors, in one part or several", "[auth]") {
  CHECK(hex_digest(sha256({""})) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex_digest(sha256({})) == hex_digest(sha256({""})));
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const std::string expected =
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  CHECK(sha256_hex(two_blocks) == expected);
  CHECK(hex_digest(sha256({"abcdbcdecdefdefgefgh", "", "fghighijhijkijkljklmklmnlmnomnopnopq"})) ==
        expected);
  // One million 'a' (a context reused across many updates and calls on this thread).
  const std::string a(1000000, 'a');
  CHECK(sha256_hex(a) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256 gives every thread the same digests", "[auth]") {
  std::vector<std::string> seen(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t)
    threads.emplace_back([&seen, t] {
      for (int i = 0; i < 1000; ++i) seen[t] = sha256_hex("abc");
    });
  for (auto& th : threads) th.join();
  for (const auto& s : seen)
    CHECK(s == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a reporter phone hashes as salt:phone", "[auth]") {
  CHECK(hash_phone("salt", "13800138000") == sha256_hex("salt:13800138000"));
  CHECK(hash_phone("", "12345") == sha256_hex(":12345"));
  CHECK(hash_phone("s", "12345").size() == 64);
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

// ---- token_scope: one lookup per request ---------------------------------------------------

TEST_CASE("inside a token_scope a request's token is hashed once", "[auth]") {
  const auto tokens = registry();
  const auto req = with_auth("Bearer op-token-street1");
  const auto before = token_registry::thread_lookups();
  {
    const token_scope scope(req);
    CHECK(tokens.from_request(req)->name == "op-s1");
    std::optional<principal> who;
    CHECK_FALSE(refusal(tokens, req, any_role, &who));
    REQUIRE(who);
    CHECK(who->node == "990001001");
    CHECK(refusal(tokens, req, {role::admin})->status == 403);  // the same answer, other roles
    CHECK(token_registry::thread_lookups() == before + 1);
  }
  // Outside a scope every call hashes.
  CHECK(tokens.from_request(req)->name == "op-s1");
  CHECK_FALSE(refusal(tokens, req, any_role));
  CHECK(token_registry::thread_lookups() == before + 3);
}

TEST_CASE("a token_scope remembers an unknown token too, and only for its request", "[auth]") {
  const auto tokens = registry();
  const auto bad = with_auth("Bearer nope");
  const auto good = with_auth("Bearer app-token-1");
  const auto before = token_registry::thread_lookups();
  const token_scope scope(bad);
  CHECK_FALSE(tokens.from_request(bad));
  CHECK(refusal(tokens, bad, any_role)->status == 401);
  CHECK(token_registry::thread_lookups() == before + 1);
  // Another request (a copy is another request) is looked up on its own, every time.
  CHECK(tokens.from_request(good)->name == "app-1");
  CHECK(tokens.from_request(good)->name == "app-1");
  const http_request copy = bad;
  CHECK_FALSE(tokens.from_request(copy));
  CHECK(token_registry::thread_lookups() == before + 4);
  {
    const token_scope inner(good);  // nested: the inner request's scope
    CHECK(tokens.from_request(good)->name == "app-1");
    CHECK(tokens.from_request(good)->name == "app-1");
    CHECK(token_registry::thread_lookups() == before + 5);
  }
  CHECK_FALSE(tokens.from_request(bad));  // the outer scope again, still remembered
  CHECK(token_registry::thread_lookups() == before + 5);
}

TEST_CASE("a token_scope never answers for a registry replaced or extended since", "[auth]") {
  auto tokens = registry();
  const auto req = with_auth("Bearer app-token-1");
  const token_scope scope(req);
  REQUIRE(tokens.from_request(req));
  // The token removed (a registry rebuilt without it): refused at once.
  tokens = token_registry({{sha256_hex("op-token-street1"), make("op", role::operator_role)}});
  CHECK_FALSE(tokens.from_request(req));
  CHECK(refusal(tokens, req, any_role)->status == 401);
  // Added back under another name (rotated owner): the new principal.
  tokens.add_plain("app-token-1", make("app-renamed", role::citizen_app));
  CHECK(tokens.from_request(req)->name == "app-renamed");
  // Another registry asked within the same scope does not get the first one's answer.
  const auto other = registry();
  CHECK(other.from_request(req)->name == "app-1");
  CHECK(tokens.from_request(req)->name == "app-renamed");
}

TEST_CASE("observed_dispatch resolves the token once for the log and the handler", "[auth]") {
  const auto tokens = registry();
  router r;
  std::optional<principal> seen;
  r.add("GET", "/api/v1/cases", [&](const http_request& req, const route_params&, responder res) {
    seen = require(tokens, req, res, any_role);
    if (seen) res(http_response{});
  });
  std::string logged;
  const access_log quiet(nullptr);  // principal_of runs only with a log
  auto handler = observed_dispatch(r, {nullptr, &quiet, [&](const http_request& req) {
                                         auto who = tokens.from_request(req);
                                         logged = who ? who->name : "";
                                         return logged;
                                       }});
  std::size_t lookups = 0;
  for (int i = 0; i < 3; ++i) {
    const auto before = token_registry::thread_lookups();
    handler(with_auth("Bearer op-token-street1"), [](http_response) {});
    lookups += token_registry::thread_lookups() - before;
  }
  REQUIRE(seen);
  CHECK(seen->name == "op-s1");
  CHECK(logged == "op-s1");
  CHECK(lookups == 3);
}
