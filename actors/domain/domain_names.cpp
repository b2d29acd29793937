// Wire names of the small domain enums (case_event.hpp, domain_error.hpp).
#include "actors/domain/enum_names.hpp"

#include "actors/domain/case_event.hpp"
#include "actors/domain/domain_error.hpp"

namespace cityops::domain {
namespace {

using detail::enum_from_name;
using detail::enum_name;

constexpr std::array<std::string_view, 6> source_names{"hotline", "grid", "video",
                                                       "iot",     "app",  "open311"};
constexpr std::array<std::string_view, 2> priority_names{"normal", "urgent"};
constexpr std::array<std::string_view, 14> error_names{
    "invalid_field", "missing_field", "unknown_category", "unknown_node",
    "unknown_department", "not_found", "illegal_transition", "conflict",
    "storage_failure", "timeout", "overloaded", "forbidden", "quarantined", "internal"};

}  // namespace

std::string_view to_string(case_source s) { return enum_name(source_names, s); }
std::string_view to_string(case_priority p) {
  return enum_name(priority_names, p);
}
std::string_view to_string(error_code c) {
  return enum_name(error_names, c, 1);
}
std::optional<case_source> parse_case_source(std::string_view s) {
  return enum_from_name<case_source>(source_names, s);
}
std::optional<case_priority> parse_case_priority(std::string_view s) {
  return enum_from_name<case_priority>(priority_names, s);
}
std::optional<error_code> parse_error_code(std::string_view s) {
  return enum_from_name<error_code>(error_names, s, 1);
}

}  // namespace cityops::domain
