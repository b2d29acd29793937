#pragma once
// City config files with bearer tokens for end-to-end tests. The file holds each token's
// SHA-256 only, as config's [[tokens]] does (docs/security.md "Tokens"); tests keep the tokens
// themselves and send them as `Authorization: Bearer …` (e2e_helpers.hpp: bearer()). Also the
// role-matrix city: one or two principals of every role and scope, and requests made as them.

#include <fstream>
#include <string>
#include <vector>

#include "gateway/auth.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

namespace cityops::testing {

struct test_token {
  std::string name;        // the principal's name (`by`, the access log)
  std::string role;        // citizen_app, operator, department, supervisor, admin
  std::string token;       // sent by the test; only its hash reaches the file
  std::string node;        // operators: their centre's node
  std::string department;  // department staff: their department
};

// Writes DIR/`file`: `preamble` (TOML keys and tables such as `base = "default"` or a
// [service] table), then one [[tokens]] table per entry. Returns the file's path.
inline std::string write_city_config(const temp_dir& dir, const std::string& file,
                                     const std::vector<test_token>& tokens,
                                     const std::string& preamble = "") {
  const std::string path = dir.path() + "/" + file;
  std::ofstream out(path);
  out << preamble;
  for (const auto& t : tokens) {
    out << "\n[[tokens]]\nname = \"" << t.name << "\"\nrole = \"" << t.role
        << "\"\nsha256 = \"" << gateway::sha256_hex(t.token) << "\"\n";
    if (!t.node.empty()) out << "node = \"" << t.node << "\"\n";
    if (!t.department.empty()) out << "department = \"" << t.department << "\"\n";
  }
  return path;
}

// ---- the role-matrix city (docs/security.md "Roles") ---------------------------------------

// The token of role_principals()'s `name`: "tok-<name>-0123456789".
inline std::string role_token(const std::string& name) { return "tok-" + name + "-0123456789"; }

// Two citizen apps, operators of 向阳街道, of its sibling 东山街道 and of their district
// 芝罘区, the street law enforcement of 向阳 and of 东山, a supervisor and a config admin.
inline const std::vector<test_token>& role_principals() {
  static const std::vector<test_token> all{
      {"app-1", "citizen_app", role_token("app-1"), "", ""},
      {"app-2", "citizen_app", role_token("app-2"), "", ""},
      {"op-xy", "operator", role_token("op-xy"), "370602001", ""},  // 向阳街道 centre
      {"op-ds", "operator", role_token("op-ds"), "370602002", ""},  // 东山街道 centre
      {"op-zf", "operator", role_token("op-zf"), "370602", ""},     // 芝罘区 centre
      {"dept-xy", "department", role_token("dept-xy"), "", "370602001.street_law_enforcement"},
      {"dept-ds", "department", role_token("dept-ds"), "", "370602002.street_law_enforcement"},
      {"sup-1", "supervisor", role_token("sup-1"), "", ""},
      {"ops-admin", "admin", role_token("ops-admin"), "", ""},
  };
  return all;
}

// DIR/roles-city.toml with every role_principals() token.
inline std::string write_role_config(const temp_dir& dir) {
  return write_city_config(dir, "roles-city.toml", role_principals());
}

// The headers of a request as `who`: a role_principals() name, "admin" (the admin token
// service_process gave the child: the client's default bearer, so no header) or "" (no
// Authorization header at all).
inline header_list as_principal(const std::string& who) {
  if (who.empty()) return {{"Authorization", ""}};
  if (who == "admin") return {};
  return {{"Authorization", "Bearer " + role_token(who)}};
}

// A request as `who` (as_principal()).
inline client_response call_as(const std::string& addr, const std::string& who,
                               const std::string& method, const std::string& target,
                               const std::string& body = "") {
  return http_call(addr, method, target, body, as_principal(who));
}

}  // namespace cityops::testing
