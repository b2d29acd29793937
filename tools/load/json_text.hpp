#pragma once
// Text encodings the load tool writes: JSON string literals (request bodies, the result file)
// and application/x-www-form-urlencoded fields (Open311 POSTs, query strings).

#include <string>
#include <string_view>

namespace cityops::load {

// Appends `s` as a quoted JSON string: ", \ and control characters escaped; UTF-8 passes as is.
void append_json_string(std::string& out, std::string_view s);
std::string json_string(std::string_view s);

// Percent-encodes all but RFC 3986 unreserved characters (UTF-8 bytes one by one).
std::string url_encode(std::string_view s);

}  // namespace cityops::load
