#include "actors/domain/reporter_history.hpp"

#include <algorithm>

namespace cityops::domain {

const std::string& reporter_book::label(const std::string& category) {
  static const std::string unclassified = "unclassified";
  return category.empty() ? unclassified : category;
}

void reporter_book::leave_window(caller& c, entry& e) {
  if (!e.in_window) return;
  e.in_window = false;
  --c.in_window;
  auto it = c.window_counts.find(label(e.category));
  if (it != c.window_counts.end() && --it->second == 0) c.window_counts.erase(it);
}

// Moves cases older than the window out of the counts; closed ones are forgotten.
void reporter_book::expire(caller& c, std::int64_t now_ms) {
  while (!c.by_time.empty() && now_ms - c.by_time.front().first > window_ms) {
    auto it = c.cases.find(c.by_time.front().second);
    c.by_time.pop_front();
    if (it == c.cases.end()) continue;
    leave_window(c, it->second);
    if (!it->second.open) c.cases.erase(it);
  }
}

void reporter_book::update(const std::string& hash, const std::string& case_id,
                           std::int64_t reported_ms, const std::string& category, bool open) {
  if (hash.empty()) return;
  latest_ms_ = std::max(latest_ms_, reported_ms);
  auto& c = callers_[hash];
  auto [it, added] = c.cases.try_emplace(case_id);
  entry& e = it->second;
  if (added) {
    e.reported_ms = reported_ms;
    e.in_window = latest_ms_ - reported_ms <= window_ms;
    if (e.in_window) {
      ++c.in_window;
      ++c.window_counts[label(category)];
      // Reports arrive in time order (the store loads by id, i.e. by report time), so this
      // keeps by_time sorted; an older straggler is placed where it belongs.
      auto pos = std::upper_bound(c.by_time.begin(), c.by_time.end(),
                                  std::make_pair(reported_ms, case_id));
      c.by_time.insert(pos, {reported_ms, case_id});
    }
  } else if (e.category != category && e.in_window) {
    auto old = c.window_counts.find(label(e.category));
    if (old != c.window_counts.end() && --old->second == 0) c.window_counts.erase(old);
    ++c.window_counts[label(category)];
  }
  e.category = category;
  if (e.open != open || added) {
    if (!added && e.open) --c.open;
    if (open) ++c.open;
  }
  e.open = open;
  if (!open && !e.in_window) c.cases.erase(it);
  expire(c, latest_ms_);
}

reporter_summary reporter_book::summary(std::string_view hash, std::int64_t now_ms,
                                        std::string_view exclude_case) const {
  reporter_summary s;
  if (hash.empty()) return s;
  auto found = callers_.find(std::string(hash));
  if (found == callers_.end()) return s;
  const caller& c = found->second;
  std::map<std::string, std::uint32_t> counts = c.window_counts;
  std::uint32_t in_window = c.in_window;
  s.open = c.open;
  auto drop = [&](const entry& e) {
    if (!e.in_window) return;
    --in_window;
    auto it = counts.find(label(e.category));
    if (it != counts.end() && --it->second == 0) counts.erase(it);
  };
  // Cases that left the window since the last update (only the oldest few, in time order).
  for (const auto& [at, id] : c.by_time) {
    if (now_ms - at <= window_ms) break;
    if (auto it = c.cases.find(id); it != c.cases.end()) drop(it->second);
  }
  if (!exclude_case.empty()) {
    auto it = c.cases.find(std::string(exclude_case));
    if (it != c.cases.end()) {
      if (now_ms - it->second.reported_ms <= window_ms) drop(it->second);
      if (it->second.open) --s.open;
    }
  }
  s.last_90_days = in_window;
  s.known = s.open > 0 || in_window > 0;
  s.categories.assign(counts.begin(), counts.end());
  std::stable_sort(s.categories.begin(), s.categories.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return s;
}

std::vector<reporter_case> reporter_book::recent(std::string_view hash, std::int64_t now_ms,
                                                 std::size_t max) const {
  std::vector<reporter_case> out;
  if (hash.empty()) return out;
  auto found = callers_.find(std::string(hash));
  if (found == callers_.end()) return out;
  const caller& c = found->second;
  for (auto it = c.by_time.rbegin(); it != c.by_time.rend() && out.size() < max; ++it) {
    const auto& [at, id] = *it;
    if (at > now_ms) continue;
    if (now_ms - at > window_ms) break;
    auto e = c.cases.find(id);
    if (e == c.cases.end()) continue;
    out.push_back(reporter_case{id, at, e->second.category, e->second.open});
  }
  return out;
}

std::uint32_t reporter_book::count_since(std::string_view hash, std::int64_t since_ms) const {
  if (hash.empty()) return 0;
  auto found = callers_.find(std::string(hash));
  if (found == callers_.end()) return 0;
  const auto& by_time = found->second.by_time;
  // by_time is sorted by report time: count from the newest back to since_ms.
  std::uint32_t n = 0;
  for (auto it = by_time.rbegin(); it != by_time.rend() && it->first >= since_ms; ++it) ++n;
  return n;
}

void reporter_book::prune(std::int64_t now_ms) {
  for (auto it = callers_.begin(); it != callers_.end();) {
    expire(it->second, now_ms);
    it = it->second.cases.empty() ? callers_.erase(it) : std::next(it);
  }
}

}  // namespace cityops::domain
