#pragma once
// UTF-8 decoding shared by the gateway: the JSON and XML writers repair invalid sequences, and
// the Open311 adapter checks form values (the spec assumes UTF-8 everywhere) and limits
// descriptions in characters, not bytes. Pure functions, thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace cityops::gateway {

// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or the length of the
// maximal invalid subpart there (>= 1) negated. Surrogates and overlong forms are invalid.
int utf8_sequence(std::string_view s, std::size_t i);

// True when every byte belongs to a valid sequence.
bool is_valid_utf8(std::string_view s);

// Number of code points (each invalid subpart counts as one).
std::size_t utf8_length(std::string_view s);

// The longest prefix of s with at most max_code_points code points, never cutting a sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max_code_points);

}  // namespace cityops::gateway
