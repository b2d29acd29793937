#pragma once
// The divisions file: one node per line, tab-separated `level code name parent` (the format of
// config/default/divisions.tsv, see docs/data.md; an optional header line starts with "level").
// Levels are city, district, street, community; exactly one city, whose parent is empty.

#include <string>
#include <string_view>
#include <vector>

#include "config/city_model.hpp"
#include "config/detail/toml_reader.hpp"

namespace cityops::config::detail {

// Parses `text` (named `file` in errors, whose key is "line N"). Checks the columns, levels,
// duplicate codes and that each parent exists with a higher tier. Coordinates are left at 0;
// the builder places the nodes. Returns an empty vector after an error.
std::vector<node> parse_divisions_tsv(std::string_view text, const std::string& file,
                                      error_slot& errors);

}  // namespace cityops::config::detail
