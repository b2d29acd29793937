#pragma once
// JSON pieces the built-in scenarios write their feed messages, journal entries and REST
// answers with: by hand, as there is no JSON writer below the gateway.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::scenarios {

// A JSON string literal: quote, backslash and control characters escaped (the text is UTF-8
// already: it came through the JSON reader or the city's config).
std::string json_text(std::string_view s);
// A number with at most three decimals ("2.5", "-8", "0.125").
std::string json_number(double x);
// An ISO 8601 time, or null for 0.
std::string json_time(std::int64_t ms);
// A JSON array of strings.
std::string json_list(const std::vector<std::string>& items);

}  // namespace cityops::scenarios
