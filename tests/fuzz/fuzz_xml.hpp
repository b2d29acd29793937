#pragma once
// XML checks of the Open311 adapter's output for the fuzz targets.

#include <string>
#include <string_view>
#include <vector>

#include "gateway/utf8.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace cityops::fuzz {

// Well-formedness of what xml_writer produces: the declaration, then elements without
// attributes; text holds only XML 1.0 characters, entities for '<' and '&'.
inline void check_xml(std::string_view xml) {
  FUZZ_CHECK(gateway::is_valid_utf8(xml), "XML is not valid UTF-8: " + shown(xml));
  constexpr std::string_view decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  FUZZ_CHECK(xml.substr(0, decl.size()) == decl, "XML without its declaration");
  std::vector<std::string_view> open;
  std::size_t i = decl.size();
  bool root_seen = false;
  while (i < xml.size()) {
    const auto c = static_cast<unsigned char>(xml[i]);
    if (c == '<') {
      const auto end = xml.find('>', i);
      FUZZ_CHECK(end != std::string_view::npos, "unterminated XML tag: " + shown(xml.substr(i)));
      std::string_view tag = xml.substr(i + 1, end - i - 1);
      const bool closing = !tag.empty() && tag.front() == '/';
      const bool empty = !tag.empty() && tag.back() == '/';
      if (closing) tag.remove_prefix(1);
      if (empty) tag.remove_suffix(1);
      FUZZ_CHECK(!tag.empty() && tag.find_first_of("<&\"' \t\n/") == std::string_view::npos,
                 "bad XML tag name: " + shown(tag));
      if (closing) {
        FUZZ_CHECK(!open.empty() && open.back() == tag, "unbalanced XML close tag " +
                                                            std::string(tag));
        open.pop_back();
      } else if (!empty) {
        FUZZ_CHECK(open.size() > 0 || !root_seen, "a second XML root element");
        open.push_back(tag);
      }
      root_seen = true;
      i = end + 1;
      continue;
    }
    if (c == '&') {
      const auto end = xml.find(';', i);
      FUZZ_CHECK(end != std::string_view::npos && end - i <= 6, "bare '&' in XML");
      const auto entity = xml.substr(i, end - i + 1);
      FUZZ_CHECK(entity == "&amp;" || entity == "&lt;" || entity == "&gt;" ||
                     entity == "&quot;" || entity == "&apos;" || entity == "&#13;",
                 "unknown XML entity " + shown(entity));
      i = end + 1;
      continue;
    }
    FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n', "control character in XML text");
    FUZZ_CHECK(c != '>' || open.empty() == false, "stray '>' in XML");
    if (c == 0xEF && i + 2 < xml.size())
      FUZZ_CHECK(!(static_cast<unsigned char>(xml[i + 1]) == 0xBF &&
                   static_cast<unsigned char>(xml[i + 2]) >= 0xBE),
                 "U+FFFE/U+FFFF in XML");
    ++i;
  }
  FUZZ_CHECK(open.empty(), "unclosed XML element " + std::string(open.empty() ? "" : open.back()));
  FUZZ_CHECK(root_seen, "XML without a root element");
}

}  // namespace cityops::fuzz
