#include "tools/eval/duplicate_corpus.hpp"

#include <map>

namespace cityops::eval {
namespace {

constexpr std::string_view miss_suffix = "-miss";

}  // namespace

std::vector<duplicate_line> parse_duplicate_tsv(std::string_view tsv) {
  std::vector<duplicate_line> out;
  while (!tsv.empty()) {
    const auto nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view{} : tsv.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const auto tab1 = line.find('\t');
    if (tab1 == std::string_view::npos) continue;
    const auto tab2 = line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) continue;
    const std::string_view group = line.substr(0, tab1);
    const std::string_view code = line.substr(tab1 + 1, tab2 - tab1 - 1);
    const std::string_view text = line.substr(tab2 + 1);
    if (group.empty() || code.empty() || text.empty()) continue;
    out.push_back({std::string(group), std::string(code), std::string(text)});
  }
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
