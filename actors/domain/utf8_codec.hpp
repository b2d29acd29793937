#pragma once
// UTF-8 code points for the text matchers (text_signature, simplified_chinese, the
// classifier's tokens): strict decoding — overlong forms, surrogates and values past
// U+10FFFF are invalid — and encoding. Pure.

#include <cstddef>
#include <string>
#include <string_view>

namespace cityops::domain {

// Decodes the code point starting at s[i]; returns its length in bytes, 0 when the bytes at
// i do not start a valid sequence.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

void append_utf8(std::string& out, char32_t cp);

}  // namespace cityops::domain
