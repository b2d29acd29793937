// Bearer tokens and the role rules of the API (auth.hpp, docs/security.md).
#include "gateway/auth.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "gateway/error_json.hpp"

namespace cityops::gateway {
namespace {

constexpr std::array<std::string_view, 6> role_names{"citizen_app", "operator", "department",
                                                     "supervisor", "admin",    "iot"};

const EVP_MD* sha256_md() {
  // Fetched once: handing EVP_sha256() to EVP_DigestInit_ex makes OpenSSL 3 look the
  // implementation up in its provider store (locks, a hash table) on every call.
  static const EVP_MD* const md = [] {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    if (const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr)) return fetched;
#endif
    return EVP_sha256();
  }();
  return md;
}

struct md_ctx_free {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Presented tokens this thread hashed (token_registry::thread_lookups).
thread_local std::uint64_t lookups_here = 0;

// The innermost token_scope of this thread.
thread_local token_scope* current_scope = nullptr;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 64 hex digits -> 32 bytes; false for anything else.
bool parse_digest(std::string_view hex, sha256_digest& out) {
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

// The first Authorization header's value, viewed in `req`; "" when absent.
std::string_view authorization(const http_request& req) {
  for (const auto& [name, value] : req.headers)
    if (name == "authorization") return value;
  return {};
}

bool ascii_iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// The token of "Bearer <token>" (scheme case-insensitive), or "" when the header has another
// shape.
std::string_view bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer";
  if (header.size() <= scheme.size() || !ascii_iequals(header.substr(0, scheme.size()), scheme) ||
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

sha256_digest sha256(std::initializer_list<std::string_view> parts) {
  thread_local const std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
  sha256_digest out{};
  unsigned int len = 0;
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), sha256_md(), nullptr) == 1;
  for (auto part : parts) ok = ok && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx.get(), out.data(), &len) == 1 && len == out.size();
  if (!ok) throw std::runtime_error("SHA-256 failed in OpenSSL");
  return out;
}

std::string hex_digest(const sha256_digest& d) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * d.size(), '0');
  for (std::size_t i = 0; i < d.size(); ++i) {
    out[2 * i] = hex[d[i] >> 4];
    out[2 * i + 1] = hex[d[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view data) { return hex_digest(sha256({data})); }

// ---- token_registry -------------------------------------------------------------------------

namespace {
std::atomic<std::uint64_t> next_registry_version{1};
}  // namespace

token_registry::version::version() : value(next_registry_version++) {}
token_registry::version::version(const version&) : value(next_registry_version++) {}
token_registry::version& token_registry::version::operator=(const version&) {
  value = next_registry_version++;
  return *this;
}

token_registry::token_registry(std::vector<token_entry> entries) {
  for (auto& e : entries) {
    sha256_digest d{};
    if (!parse_digest(e.sha256_hex, d)) continue;  // can never match; config refuses these
    e.sha256_hex = ascii_lower(e.sha256_hex);
    entries_.push_back(std::move(e));
    digests_.push_back(d);
  }
}

void token_registry::add_plain(std::string_view token, principal who) {
  const auto d = sha256({token});
  entries_.push_back(token_entry{hex_digest(d), std::move(who)});
  digests_.push_back(d);
  version_ = version();
}

std::uint64_t token_registry::thread_lookups() { return lookups_here; }

std::optional<std::size_t> token_registry::find(std::string_view token) const {
  if (token.empty()) return std::nullopt;
  ++lookups_here;
  // Compare the presented token's hash with every entry, without stopping at a match and
  // without data-dependent branches: the time taken says nothing about which bytes matched.
  const sha256_digest presented = sha256({token});
  std::size_t match = 0;
  unsigned found = 0;
  for (std::size_t i = 0; i < digests_.size(); ++i) {
    const unsigned eq = CRYPTO_memcmp(presented.data(), digests_[i].data(), presented.size()) == 0;
    const std::size_t mask = static_cast<std::size_t>(0) - static_cast<std::size_t>(eq & ~found);
    match = (match & ~mask) | (i & mask);
    found |= eq;
  }
  if (!found) return std::nullopt;
  return match;
}

std::optional<std::size_t> token_registry::find_for(const http_request& req,
                                                    std::string_view token) const {
  token_scope* scope = current_scope;
  if (!scope || scope->req_ != &req) return find(token);
  if (scope->registry_ == this && scope->version_ == version_.value) return scope->match_;
  scope->match_ = find(token);
  scope->registry_ = this;
  scope->version_ = version_.value;
  return scope->match_;
}

std::optional<principal> token_registry::authenticate(std::string_view token) const {
  const auto i = find(token);
  if (!i) return std::nullopt;
  return entries_[*i].who;
}

std::optional<principal> token_registry::from_request(const http_request& req) const {
  const auto token = bearer_token(authorization(req));
  if (token.empty()) return std::nullopt;
  const auto i = find_for(req, token);
  if (!i) return std::nullopt;
  return entries_[*i].who;
}

token_scope::token_scope(const http_request& req) : req_(&req), outer_(current_scope) {
  current_scope = this;
}

token_scope::~token_scope() { current_scope = outer_; }

std::optional<principal> require(const token_registry& tokens, const http_request& req,
                                 responder& respond, std::initializer_list<role> allowed) {
  const std::string_view header = authorization(req);
  if (header.empty()) {
    respond(unauthorized("this route needs 'Authorization: Bearer TOKEN'", false));
    return std::nullopt;
  }
  const auto token = bearer_token(header);
  if (token.empty()) {
    respond(unauthorized("the Authorization header must be 'Bearer TOKEN'", true));
    return std::nullopt;
  }
  const auto i = tokens.find_for(req, token);
  if (!i) {
    respond(unauthorized("unknown token", true));
    return std::nullopt;
  }
  const principal& who = tokens.entries_[*i].who;
  if (std::find(allowed.begin(), allowed.end(), who.role) == allowed.end()) {
    respond(error_response(403, "forbidden",
                           "role '" + std::string(to_string(who.role)) + "' may not " +
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
    case role::iot:
      return false;
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
    case role::iot:
      return false;
  }
  return false;
}

}  // namespace cityops::gateway
