#include "config/detail/divisions_tsv.hpp"

#include <unordered_map>

namespace cityops::config::detail {

namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', from);
    out.push_back(line.substr(from, tab == std::string_view::npos ? line.npos : tab - from));
    if (tab == std::string_view::npos) return out;
    from = tab + 1;
  }
}

bool is_code(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

}  // namespace

std::vector<node> parse_divisions_tsv(std::string_view text, const std::string& file,
                                      error_slot& errors) {
  std::vector<node> nodes;
  std::vector<std::size_t> lines;  // source line of each node
  std::unordered_map<std::string, std::size_t> index;
  auto fail = [&](std::size_t line, std::string message) {
    errors.fail(file, "line " + std::to_string(line), std::move(message));
    return std::vector<node>{};
  };
  std::size_t line_no = 0;
  std::size_t from = 0;
  while (from < text.size()) {
    const std::size_t eol = text.find('\n', from);
    std::string_view line = text.substr(from, eol == text.npos ? text.npos : eol - from);
    from = eol == text.npos ? text.size() : eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const auto cols = split_tabs(line);
    if (line_no == 1 && cols[0] == "level") continue;  // header
    if (cols.size() != 4)
      return fail(line_no, "expected 4 tab-separated columns (level, code, name, parent), found " +
                               std::to_string(cols.size()));
    const auto level = parse_tier(cols[0]);
    if (!level)
      return fail(line_no, "unknown level '" + std::string(cols[0]) +
                               "' (expected city, district, street or community)");
    if (!is_code(cols[1]))
      return fail(line_no, "bad code '" + std::string(cols[1]) + "': expected 1-32 letters/digits");
    if (cols[2].empty()) return fail(line_no, "empty name for '" + std::string(cols[1]) + "'");
    if ((*level == tier::city) != cols[3].empty())
      return fail(line_no, *level == tier::city
                               ? "the city must have an empty parent"
                               : "missing parent for '" + std::string(cols[1]) + "'");
    node n;
    n.id = std::string(cols[1]);
    n.name = std::string(cols[2]);
    n.tier = *level;
    n.parent = std::string(cols[3]);
    if (!index.emplace(n.id, nodes.size()).second)
      return fail(line_no, "duplicate code '" + n.id + "' (first on line " +
                               std::to_string(lines[index[n.id]]) + ")");
    nodes.push_back(std::move(n));
    lines.push_back(line_no);
  }
  std::size_t cities = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const node& n = nodes[i];
    if (n.tier == tier::city) {
      if (++cities > 1) return fail(lines[i], "a second city '" + n.id + "'; one city per file");
      continue;
    }
    auto p = index.find(n.parent);
    if (p == index.end())
      return fail(lines[i], "unknown parent '" + n.parent + "' of '" + n.id + "'");
    if (nodes[p->second].tier <= n.tier)
      return fail(lines[i], "parent '" + n.parent + "' of " + std::string(to_string(n.tier)) +
                                " '" + n.id + "' is a " +
                                std::string(to_string(nodes[p->second].tier)) +
                                "; a parent must be of a higher level");
  }
  if (cities == 0) return fail(line_no, "no city line (level 'city')");
  return nodes;
}

}  // namespace cityops::config::detail
