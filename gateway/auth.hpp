#pragma once
// Bearer-token authentication and role-based access for the API. Tokens come from config
// (stored only as SHA-256 hashes) plus the admin token (docs/api.md); presented tokens
// are hashed and compared in constant time. Thread-safe after construction (read-only).
//
// Roles and what they may do (docs/security.md):
//   citizen_app  report cases (also Open311 POST with api_key) and read cases it reported
//   operator     a centre of one node: read and move cases in that node's subtree
//   department   staff of one department: read its cases, act through its door
//   supervisor   read everything, supervise (督办), approve/deny extensions
//   admin        everything

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_record.hpp"
#include "config/city_model.hpp"
#include "gateway/http_types.hpp"

namespace cityops::gateway {

enum class role { citizen_app, operator_role, department, supervisor, admin };

std::string_view to_string(role r);
std::optional<role> parse_role(std::string_view s);

struct principal {
  std::string name;        // token owner, for the access log and `by`
  gateway::role role = role::citizen_app;
  std::string node;        // operator: the centre's node
  std::string department;  // department staff: their department
};

struct token_entry {
  std::string sha256_hex;  // hash of the token
  principal who;
};

// Lower-case hex SHA-256 of `data` (what config's [[tokens]] sha256 holds).
std::string sha256_hex(std::string_view data);

class token_registry {
 public:
  token_registry() = default;
  // Entries whose sha256_hex is not 64 hex digits can never match (config validates them).
  explicit token_registry(std::vector<token_entry> entries);
  // Adds a token given in clear (the admin token); only its hash is kept.
  void add_plain(std::string_view token, principal who);
  // The principal of a presented token, or nullopt. Constant-time in the token's content.
  std::optional<principal> authenticate(std::string_view token) const;
  // The principal of `Authorization: Bearer …`, or nullopt when absent/unknown.
  std::optional<principal> from_request(const http_request& req) const;
  std::size_t size() const { return entries_.size(); }

 private:
  using digest = std::array<unsigned char, 32>;
  std::vector<token_entry> entries_;
  std::vector<digest> digests_;  // entries_[i]'s hash as bytes, for constant-time comparison
};

// Answers 401 (no/unknown token) or 403 (role not allowed) through `respond` and returns
// nullopt; otherwise returns the caller. Every API handler starts with this.
std::optional<principal> require(const token_registry& tokens, const http_request& req,
                                 responder& respond, std::initializer_list<role> allowed);

// Any authenticated role.
inline constexpr std::initializer_list<role> any_role = {
    role::citizen_app, role::operator_role, role::department, role::supervisor, role::admin};

// ---- case-level rules (docs/security.md) -------------------------------------------------

// Whether `who` may read `c`: admin and supervisor any case; an operator a case reported in
// or held in its node's subtree; department staff a case of their department (assigned or
// proposed) or one it assists; a citizen app the cases it reported itself.
bool may_read_case(const config::city_model& city, const principal& who,
                   const domain::case_record& c);

// Whether `who`'s role may take `action` through /api/v1/cases/{id}/actions/… at all:
// admin and operator (within its subtree, checked against the case) every client action,
// supervisor only supervise / approve_extension / deny_extension.
bool may_act(const principal& who, domain::case_action action);

}  // namespace cityops::gateway
