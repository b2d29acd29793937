#pragma once
// Value-typed errors of the domain layer and a minimal result<T>. The gateway maps
// error_code 1:1 to the API's error codes (docs/api.md "Errors"), so names match the wire.

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "actors/domain/case_status.hpp"

namespace cityops::domain {

enum class error_code : std::uint8_t {
  invalid_field = 1,
  missing_field,
  unknown_category,
  unknown_node,
  unknown_department,
  not_found,
  illegal_transition,
  conflict,
  storage_failure,
  timeout,
  overloaded,
  forbidden,  // an authenticated caller acting outside its scope (HTTP 403)
  quarantined,  // the case's actor failed twice; writes refused until an admin releases it (423)
  internal,     // a bug: an actor failed while handling the request (500)
};

std::string_view to_string(error_code c);
std::optional<error_code> parse_error_code(std::string_view s);

struct domain_error {
  error_code code = error_code::invalid_field;
  std::string message;
  std::string field;                 // the request field at fault, "" when none
  std::optional<case_status> status; // illegal_transition: the current status
  std::vector<std::string> allowed;  // illegal_transition: the actions allowed from it
};

inline domain_error field_error(error_code code, std::string field, std::string message) {
  return domain_error{code, std::move(message), std::move(field), std::nullopt, {}};
}

// Either a value or a domain_error. Deliberately tiny: the domain has no exceptions.
template <class T>
class result {
 public:
  result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  result(domain_error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const domain_error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, domain_error> v_;
};

}  // namespace cityops::domain
