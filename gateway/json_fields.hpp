#pragma once
// Member shapes the API's JSON views share: a string that is null when empty, a time that is
// null when unset (0), and an array of strings.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/json_writer.hpp"

namespace cityops::gateway {

// "key": value, or "key": null when value is empty.
void member_or_null(json_writer& w, std::string_view key, const std::string& value);
// "key": ISO 8601 of ms, or "key": null when ms is 0.
void member_time(json_writer& w, std::string_view key, std::int64_t ms);
// "key": [v...]
void write_strings(json_writer& w, std::string_view key, const std::vector<std::string>& v);

}  // namespace cityops::gateway
