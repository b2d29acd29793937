#pragma once
// application/x-www-form-urlencoded bodies, as Open311 clients POST them:
//
//   api_key=xyz&service_code=0101&lat=37.46&long=121.44&description=a+deep+hole%21
//     &attribute[priority]=urgent&attribute[sides][]=north&attribute[sides][]=east
//
// Pairs are separated by '&'; in names and values '+' is a space and %XX a byte; a pair without
// '=' has an empty value; empty pairs are skipped; invalid escapes stay as they are. Decoded
// names and values must be valid UTF-8 without NUL bytes (the spec assumes UTF-8 everywhere).
// Pure functions, thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cityops::gateway::open311 {

struct form_field {
  std::string name;
  std::string value;
};

struct form_data {
  std::vector<form_field> fields;  // decoded, in body order

  // First value of `name`; nullopt when absent.
  std::optional<std::string> get(std::string_view name) const;
  // First non-empty value of `name` (the spec: an empty parameter counts as absent).
  std::optional<std::string> value(std::string_view name) const;
  std::size_t count(std::string_view name) const;
};

// `field` names the parameter at fault ("" for the body as a whole).
struct form_error {
  std::string field;
  std::string message;
};

inline constexpr std::size_t form_max_fields = 256;

// Errors: more than `max_fields` pairs; a name or value that is not valid UTF-8 or holds NUL.
std::variant<form_data, form_error> parse_form(std::string_view body,
                                               std::size_t max_fields = form_max_fields);

// True when a Content-Type header names application/x-www-form-urlencoded (any case, any
// parameters such as charset=utf-8).
bool is_form_content_type(std::string_view content_type);

// One attribute of a service definition as posted: `attribute[code]=value` (one value) or
// `attribute[code][]=v1&attribute[code][]=v2` (a multivaluelist; `[0]`, `[1]`… work too).
struct form_attribute {
  std::string code;
  std::vector<std::string> values;  // in body order
};

// Every `attribute[…]` field, grouped by code in order of first appearance. Errors name the
// malformed key: "attribute", "attribute[]", "attribute[a", "attribute[a]x".
std::variant<std::vector<form_attribute>, form_error> parse_attributes(const form_data& form);

}  // namespace cityops::gateway::open311
