#include "gateway/utf8.hpp"

namespace cityops::gateway {

int utf8_sequence(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) -> int {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : -1;
  };
  const int c = at(0);
  if (c >= 0 && c < 0x80) return 1;
  int need = 0;
  int lo = 0x80;
  int hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c == 0xE0) {
    need = 2, lo = 0xA0;
  } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    need = 2;
  } else if (c == 0xED) {
    need = 2, hi = 0x9F;  // no surrogates
  } else if (c == 0xF0) {
    need = 3, lo = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    need = 3;
  } else if (c == 0xF4) {
    need = 3, hi = 0x8F;  // <= U+10FFFF
  } else {
    return -1;  // stray continuation byte, C0/C1 overlong lead, F5..FF
  }
  const int b1 = at(1);
  if (b1 < lo || b1 > hi) return -1;
  for (int k = 2; k <= need; ++k) {
    const int b = at(static_cast<std::size_t>(k));
    if (b < 0x80 || b > 0xBF) return -k;
  }
  return need + 1;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const int n = utf8_sequence(s, i);
    if (n < 0) return false;
    i += static_cast<std::size_t>(n);
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const int n = utf8_sequence(s, i);
    i += static_cast<std::size_t>(n < 0 ? -n : n);
  }
  return count;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_code_points) {
  std::size_t i = 0;
  for (std::size_t count = 0; i < s.size() && count < max_code_points; ++count) {
    const int n = utf8_sequence(s, i);
    i += static_cast<std::size_t>(n < 0 ? -n : n);
  }
  return s.substr(0, i);
}

}  // namespace cityops::gateway
