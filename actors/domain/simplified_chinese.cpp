#include "actors/domain/simplified_chinese.hpp"

#include <algorithm>
#include <exception>
#include <unordered_map>

#include <opencc/opencc.h>

#include "actors/domain/utf8_codec.hpp"

namespace cityops::domain {

struct simplified_chinese::converter {
  std::unordered_map<char32_t, char32_t> to_simplified;
};

simplified_chinese::simplified_chinese() {
  try {  // OpenCC reports a missing profile or dictionary by throwing
    const opencc::SimpleConverter t2s("t2s.json");
    // Every CJK ideograph once, one per line, so each converts on its own; the ones OpenCC
    // maps to another single character make the table.
    std::string all;
    for (char32_t cp = 0x3400; cp <= 0x9FFF; ++cp) {
      append_utf8(all, cp);
      all.push_back('\n');
    }
    const std::string converted = t2s.Convert(all);
    auto table = std::make_unique<converter>();
    std::size_t i = 0, j = 0;
    for (char32_t cp = 0x3400; cp <= 0x9FFF && i < all.size() && j < converted.size(); ++cp) {
      char32_t from = 0, to = 0;
      i += decode_utf8(all, i, from) + 1;  // and the '\n'
      const std::size_t len = decode_utf8(converted, j, to);
      if (len == 0) break;  // OpenCC gave back something that is not UTF-8: keep what we have
      j += len;
      if (j < converted.size() && converted[j] != '\n') {  // became several characters: skip
        while (j < converted.size() && converted[j] != '\n') ++j;
      } else if (to != from) {
        table->to_simplified.emplace(from, to);
      }
      ++j;  // '\n'
    }
    converter_ = std::move(table);
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

simplified_chinese::~simplified_chinese() = default;

std::string simplified_chinese::convert(std::string_view utf8) const {
  if (!converter_ || utf8.empty()) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t len = std::max<std::size_t>(1, decode_utf8(utf8, i, cp));
    auto it = len > 1 ? converter_->to_simplified.find(cp) : converter_->to_simplified.end();
    if (it == converter_->to_simplified.end())
      out.append(utf8.substr(i, len));  // also a stray byte, as it is
    else
      append_utf8(out, it->second);
    i += len;
  }
  return out;
}

}  // namespace cityops::domain
