// Bearer tokens and the role rules of the API (auth.hpp, docs/security.md).
#include "gateway/auth.hpp"

#include <algorithm>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "gateway/error_json.hpp"

namespace cityops::gateway {
namespace {

constexpr std::array<std::string_view, 5> role_names{"citizen_app", "operator", "department",
                                                     "supervisor", "admin"};

std::array<unsigned char, 32> sha256(std::string_view data) {
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, data.data(), data.size());
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  EVP_MD_CTX_free(ctx);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 64 hex digits -> 32 bytes; false for anything else.
bool parse_digest(std::string_view hex, std::array<unsigned char, 32>& out) {
  if (hex.size() != 64) return false;
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

http_response unauthorized(std::string_view message, bool token_given) {
  auto res = error_response(401, "unauthorized", message);
  res.headers.emplace_back("WWW-Authenticate", token_given
                                                   ? R"(Bearer realm="cityops", error="invalid_token")"
                                                   : R"(Bearer realm="cityops")");
  return res;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

// The token of "Bearer <token>" (scheme case-insensitive), or "" when the header has another
// shape.
std::string_view bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer";
  if (header.size() <= scheme.size() || ascii_lower(header.substr(0, scheme.size())) != scheme ||
      !is_space(header[scheme.size()]))
    return {};
  auto token = header.substr(scheme.size());
  while (!token.empty() && is_space(token.front())) token.remove_prefix(1);
  while (!token.empty() && is_space(token.back())) token.remove_suffix(1);
  return token;
}

}  // namespace

std::string_view to_string(role r) { return role_names.at(static_cast<std::size_t>(r)); }

std::optional<role> parse_role(std::string_view s) {
  for (std::size_t i = 0; i < role_names.size(); ++i)
    if (role_names[i] == s) return static_cast<role>(i);
  return std::nullopt;
}

std::string sha256_hex(std::string_view data) {
  static const char* hex = "0123456789abcdef";
  const auto d = sha256(data);
  std::string out;
  out.reserve(64);
  for (unsigned char b : d) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

token_registry::token_registry(std::vector<token_entry> entries) {
  for (auto& e : entries) {
    digest d{};
    if (!parse_digest(e.sha256_hex, d)) continue;  // can never match; config refuses these
    e.sha256_hex = ascii_lower(e.sha256_hex);
    entries_.push_back(std::move(e));
    digests_.push_back(d);
  }
}

void token_registry::add_plain(std::string_view token, principal who) {
  entries_.push_back(token_entry{sha256_hex(token), std::move(who)});
  digests_.push_back(sha256(token));
}

std::optional<principal> token_registry::authenticate(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  // Compare the presented token's hash with every entry, without stopping at a match and
  // without data-dependent branches: the time taken says nothing about which bytes matched.
  const digest presented = sha256(token);
  std::size_t match = 0;
  unsigned found = 0;
  for (std::size_t i = 0; i < digests_.size(); ++i) {
    const unsigned eq = CRYPTO_memcmp(presented.data(), digests_[i].data(), presented.size()) == 0;
    const std::size_t mask = static_cast<std::size_t>(0) - static_cast<std::size_t>(eq & ~found);
    match = (match & ~mask) | (i & mask);
    found |= eq;
  }
  if (!found) return std::nullopt;
  return entries_[match].who;
}

std::optional<principal> token_registry::from_request(const http_request& req) const {
  const std::string header = req.header("authorization");  // bearer_token views into it
  const auto token = bearer_token(header);
  if (token.empty()) return std::nullopt;
  return authenticate(token);
}

std::optional<principal> require(const token_registry& tokens, const http_request& req,
                                 responder& respond, std::initializer_list<role> allowed) {
  const std::string header = req.header("authorization");
  if (header.empty()) {
    respond(unauthorized("this route needs 'Authorization: Bearer TOKEN'", false));
    return std::nullopt;
  }
  const auto token = bearer_token(header);
  if (token.empty()) {
    respond(unauthorized("the Authorization header must be 'Bearer TOKEN'", true));
    return std::nullopt;
  }
  auto who = tokens.authenticate(token);
  if (!who) {
    respond(unauthorized("unknown token", true));
    return std::nullopt;
  }
  if (std::find(allowed.begin(), allowed.end(), who->role) == allowed.end()) {
    respond(error_response(403, "forbidden",
                           "role '" + std::string(to_string(who->role)) + "' may not " +
                               req.method + " " + req.path));
    return std::nullopt;
  }
  return who;
}

bool may_read_case(const config::city_model& city, const principal& who,
                   const domain::case_record& c) {
  switch (who.role) {
    case role::admin:
    case role::supervisor:
      return true;
    case role::operator_role:
      return domain::in_node_subtree(city, c, who.node);
    case role::department:
      return !who.department.empty() &&
             (c.department == who.department ||
              std::find(c.assistants.begin(), c.assistants.end(), who.department) !=
                  c.assistants.end());
    case role::citizen_app:
      return !who.name.empty() && c.report.reported_by == who.name;
  }
  return false;
}

bool may_act(const principal& who, domain::case_action action) {
  switch (who.role) {
    case role::admin:
    case role::operator_role:
      return true;
    case role::supervisor:
      return action == domain::case_action::supervise ||
             action == domain::case_action::approve_extension ||
             action == domain::case_action::deny_extension;
    case role::department:
    case role::citizen_app:
      return false;
  }
  return false;
}

}  // namespace cityops::gateway
