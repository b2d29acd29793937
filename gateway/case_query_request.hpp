#pragma once
// The query string of GET /api/v1/cases (docs/api.md "Listing cases"), parsed and checked
// parameter by parameter against the city model. Errors are input_errors naming the
// parameter: invalid_field (malformed value, unknown or repeated parameter),
// unknown_department, unknown_node — all answered with 400.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "actors/protocol.hpp"
#include "config/city_model.hpp"
#include "gateway/json_input.hpp"

namespace cityops::gateway {

inline constexpr std::uint32_t case_list_default_limit = 50;
inline constexpr std::uint32_t case_list_max_limit = 200;      // = storage::case_query_max_limit
inline constexpr std::size_t case_list_max_cursor = 512;        // = storage::case_query_max_cursor

// `query` as http_request::query holds it (decoded). An empty value counts as absent.
// status: a case status wire name; department / node: ids of the city model; overdue:
// true|false (false = no filter); from / to: ISO 8601 instants or YYYY-MM-DD (UTC+8), `from`
// inclusive, `to` exclusive — a bare date `to` includes that whole day; limit 1..200
// (default 50); cursor: a next_cursor from an earlier page, passed through;
// needs_classification: true|false (the operators' queue of cases without a category);
// priority: normal|urgent (a desk lists a queue's urgent cases first with it);
// reporter_phone: a caller's number, hashed with `salt` at once (一人多诉).
std::variant<case_query, input_error> parse_case_query(
    const std::multimap<std::string, std::string>& query, const config::city_model& city,
    std::string_view salt);

}  // namespace cityops::gateway
