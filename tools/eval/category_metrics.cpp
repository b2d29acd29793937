#include "tools/eval/category_metrics.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace cityops::eval {
namespace {

const std::string no_code;

std::string major_of(const std::string& code) { return code.substr(0, 2); }

double share(std::size_t part, std::size_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

}  // namespace

const std::string& classified_text::predicted() const {
  return top.empty() ? no_code : top.front();
}

bool classified_text::in_top(std::size_t k) const {
  const auto end = top.begin() + static_cast<std::ptrdiff_t>(std::min(k, top.size()));
  return std::find(top.begin(), end, truth) != end;
}

std::vector<confusion_pair> count_confusions(const std::vector<classified_text>& items,
                                             std::size_t limit) {
  std::map<std::pair<std::string, std::string>, std::size_t> counts;
  for (const auto& item : items) {
    if (!item.correct()) ++counts[{item.truth, item.predicted()}];
  }
  std::vector<confusion_pair> out;
  out.reserve(counts.size());
  for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n, {}, {}});
  // std::map order already sorts ties by codes; a stable sort keeps it.
  std::stable_sort(out.begin(), out.end(), [](const confusion_pair& a, const confusion_pair& b) {
    return a.count > b.count;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<file_accuracy> measure_files(
    const std::vector<classified_text>& items,
    const std::vector<std::pair<std::string, std::size_t>>& files) {
  std::vector<file_accuracy> out;
  std::size_t next = 0;
  for (const auto& [name, count] : files) {
    std::size_t top1 = 0;
    std::size_t top3 = 0;
    const std::size_t end = std::min(items.size(), next + count);
    for (; next < end; ++next) {
      top1 += items[next].correct() ? 1 : 0;
      top3 += items[next].in_top(3) ? 1 : 0;
    }
    out.push_back({name, count, share(top1, count), share(top3, count)});
  }
  return out;
}

category_metrics measure_categories(const std::vector<classified_text>& items,
                                    const config::city_model& city, std::size_t confusion_limit) {
  category_metrics m;
  m.count = items.size();
  std::size_t top1 = 0;
  std::size_t top3 = 0;
  struct tally {
    std::size_t count = 0, top1 = 0, same_major = 0;
  };
  std::map<std::string, tally> by_major;
  for (const auto& item : items) {
    top1 += item.correct() ? 1 : 0;
    top3 += item.in_top(3) ? 1 : 0;
    tally& t = by_major[major_of(item.truth)];
    ++t.count;
    t.top1 += item.correct() ? 1 : 0;
    t.same_major += !item.predicted().empty() && major_of(item.predicted()) == major_of(item.truth);
  }
  m.top1 = share(top1, items.size());
  m.top3 = share(top3, items.size());
  for (const auto& major : city.majors()) {
    const auto it = by_major.find(major.code);
    if (it == by_major.end()) continue;
    m.by_major.push_back({major.code, major.name, it->second.count,
                          share(it->second.top1, it->second.count),
                          share(it->second.same_major, it->second.count)});
  }
  m.confusions = count_confusions(items, confusion_limit);
  for (auto& c : m.confusions) {
    if (const auto* cat = city.find_category(c.truth)) c.truth_name = cat->name;
    if (const auto* cat = city.find_category(c.predicted)) c.predicted_name = cat->name;
  }
  return m;
}

}  // namespace cityops::eval
