#pragma once
// Bearer-token authentication and role-based access for the API. Tokens come from config
// (stored only as SHA-256 hashes) plus the admin token (docs/api.md); presented tokens
// are hashed and compared in constant time. Thread-safe after construction (read-only).
// The set of tokens is fixed for the life of the service (config is read at start; rotating
// a token means a restart), so nothing resolved from a registry outlives one request.
//
// Roles and what they may do (docs/security.md):
//   citizen_app  report cases (also Open311 POST with api_key) and read cases it reported
//   operator     a centre of one node: read and move cases in that node's subtree
//   department   staff of one department: read its cases, act through its door
//   supervisor   read everything, supervise (督办), approve/deny extensions
//   admin        everything
//   iot          a sensor gateway: post vital-sign samples and read the indicators, nothing
//                about cases

#include <array>
#include <cstdint>
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

enum class role { citizen_app, operator_role, department, supervisor, admin, iot };

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

// SHA-256 for everything the gateway hashes (tokens, reporter phones, idempotency bodies).
// The digest is fetched from OpenSSL's provider once per process and each thread reuses one
// digest context, so a hash costs the hashing only. Throws std::runtime_error when OpenSSL
// fails (out of memory): a request handler then answers 500.
using sha256_digest = std::array<unsigned char, 32>;
// The digest of the concatenation of `parts` (hashed in turn, never joined into a copy).
sha256_digest sha256(std::initializer_list<std::string_view> parts);
// Lower-case hex of a digest.
std::string hex_digest(const sha256_digest& d);
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
  // The principal of `Authorization: Bearer …`, or nullopt when absent/unknown. Inside a
  // token_scope for `req`, the token is hashed and looked up once for all calls.
  std::optional<principal> from_request(const http_request& req) const;
  std::size_t size() const { return entries_.size(); }

  // How many presented tokens this thread has hashed, ever (for tests of the scope).
  static std::uint64_t thread_lookups();

 private:
  friend std::optional<principal> require(const token_registry&, const http_request&,
                                          responder&, std::initializer_list<role>);
  // Changes whenever the entries may have (construction, copy, add_plain), so a lookup
  // remembered for one version is never taken for another registry or a changed one.
  struct version {
    version();
    version(const version&);
    version& operator=(const version&);
    std::uint64_t value;
  };
  // Index into entries_ of a presented token, or nullopt. Constant-time in its content.
  std::optional<std::size_t> find(std::string_view token) const;
  // find() for the bearer token of `req`, answered from the thread's token_scope for `req`
  // when it already holds this registry's answer.
  std::optional<std::size_t> find_for(const http_request& req, std::string_view token) const;

  std::vector<token_entry> entries_;
  std::vector<sha256_digest> digests_;  // entries_[i]'s hash, for constant-time comparison
  version version_;
};

// While alive on a thread, the bearer token of `req` is hashed and resolved at most once
// there: from_request() and require() for the same request (the access log's principal and
// the handler's check) share the answer. Holds no token and no hash, only which entry
// matched, and forgets it when it ends; it is tied to one registry version, so a registry
// replaced or extended meanwhile is asked again. observed_dispatch (metrics.hpp) opens one
// around each request. Scopes nest (an inner one for another request hides the outer).
class token_scope {
 public:
  explicit token_scope(const http_request& req);
  ~token_scope();
  token_scope(const token_scope&) = delete;
  token_scope& operator=(const token_scope&) = delete;

 private:
  friend class token_registry;
  const http_request* req_;
  token_scope* outer_;
  std::uint64_t version_ = 0;  // 0: nothing resolved yet
  const token_registry* registry_ = nullptr;
  std::optional<std::size_t> match_;
};

// Answers 401 (no/unknown token) or 403 (role not allowed) through `respond` and returns
// nullopt; otherwise returns the caller. Every API handler starts with this.
std::optional<principal> require(const token_registry& tokens, const http_request& req,
                                 responder& respond, std::initializer_list<role> allowed);

// Any authenticated role.
inline constexpr std::initializer_list<role> any_role = {
    role::citizen_app, role::operator_role, role::department, role::supervisor, role::admin,
    role::iot};

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
