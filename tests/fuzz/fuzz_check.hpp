#pragma once
// What the fuzz targets share: FUZZ_CHECK (a broken invariant prints what and aborts, so
// libFuzzer and the replay ctest both report it as a crash) and `shown` for its messages.
// JSON output checks are in fuzz_json.hpp.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gateway/utf8.hpp"

#define FUZZ_CHECK(cond, what)                                                        \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n  (%s)\n", __FILE__, \
                   __LINE__, std::string(what).c_str(), #cond);                       \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

namespace cityops::fuzz {

// The first bytes of s, printable, for invariant messages.
inline std::string shown(std::string_view s, std::size_t n = 200) {
  std::string out;
  for (char c : s.substr(0, n)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out.push_back(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
  }
  if (s.size() > n) out += "...";
  return out;
}

}  // namespace cityops::fuzz
