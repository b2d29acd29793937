#pragma once
// The content lines of a TSV text such as a corpus file (config/README.md [intake] corpus):
// line ends "\n" or "\r\n", empty lines and '#' comment lines skipped. Header-only.

#include <cstddef>
#include <string_view>

namespace cityops::config {

// Calls `on_line(line, number)` for every content line, without its line end; `number` is
// 1-based in the whole text (for error messages).
template <class OnLine>
void for_each_tsv_line(std::string_view text, OnLine&& on_line) {
  std::size_t number = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    on_line(line, number);
  }
}

}  // namespace cityops::config
