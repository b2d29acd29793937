#include "tools/eval/duplicate_corpus.hpp"

#include <map>

#include "config/tsv_lines.hpp"

namespace cityops::eval {
namespace {

constexpr std::string_view miss_suffix = "-miss";

}  // namespace

std::vector<duplicate_line> parse_duplicate_tsv(std::string_view tsv) {
  std::vector<duplicate_line> out;
  config::for_each_tsv_line(tsv, [&out](std::string_view line, std::size_t) {
    const auto tab1 = line.find('\t');
    if (tab1 == std::string_view::npos) return;
    const auto tab2 = line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) return;
    const std::string_view group = line.substr(0, tab1);
    const std::string_view code = line.substr(tab1 + 1, tab2 - tab1 - 1);
    const std::string_view text = line.substr(tab2 + 1);
    if (group.empty() || code.empty() || text.empty()) return;
    out.push_back({std::string(group), std::string(code), std::string(text)});
  });
  return out;
}

bool is_near_miss_group(std::string_view group) {
  return group.size() > miss_suffix.size() &&
         group.substr(group.size() - miss_suffix.size()) == miss_suffix;
}

std::string incident_of(std::string_view group) {
  if (is_near_miss_group(group)) group.remove_suffix(miss_suffix.size());
  return std::string(group);
}

std::vector<incident> group_incidents(const std::vector<duplicate_line>& lines) {
  std::vector<incident> out;
  std::map<std::string, std::size_t> index;
  for (const auto& line : lines) {
    const std::string id = incident_of(line.group);
    auto it = index.find(id);
    if (it == index.end()) {
      it = index.emplace(id, out.size()).first;
      out.push_back({id, {}, {}});
    }
    auto& inc = out[it->second];
    (is_near_miss_group(line.group) ? inc.near_misses : inc.reports).push_back(line);
  }
  return out;
}

}  // namespace cityops::eval
