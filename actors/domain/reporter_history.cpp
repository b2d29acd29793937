#include "actors/domain/reporter_history.hpp"

#include <algorithm>
#include <map>

namespace cityops::domain {

void reporter_book::update(const std::string& hash, const std::string& case_id,
                           std::int64_t reported_ms, const std::string& category, bool open) {
  if (hash.empty()) return;
  auto& entries = by_hash_[hash];
  for (auto& e : entries)
    if (e.case_id == case_id) {
      e.category = category;
      e.open = open;
      return;
    }
  entries.push_back({case_id, reported_ms, category, open});
}

reporter_summary reporter_book::summary(std::string_view hash, std::int64_t now_ms,
                                        std::string_view exclude_case) const {
  reporter_summary s;
  if (hash.empty()) return s;
  auto it = by_hash_.find(std::string(hash));
  if (it == by_hash_.end()) return s;
  std::map<std::string, std::uint32_t> counts;
  for (const auto& e : it->second) {
    if (e.case_id == exclude_case) continue;
    s.known = true;
    if (e.open) ++s.open;
    if (now_ms - e.reported_ms <= window_ms) {
      ++s.last_90_days;
      ++counts[e.category.empty() ? std::string("unclassified") : e.category];
    }
  }
  s.categories.assign(counts.begin(), counts.end());
  std::stable_sort(s.categories.begin(), s.categories.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return s;
}

void reporter_book::prune(std::int64_t now_ms) {
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    auto& v = it->second;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [&](const entry& e) {
                             return !e.open && now_ms - e.reported_ms > window_ms;
                           }),
            v.end());
    it = v.empty() ? by_hash_.erase(it) : std::next(it);
  }
}

}  // namespace cityops::domain
