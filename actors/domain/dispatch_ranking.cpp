#include "actors/domain/dispatch_ranking.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace cityops::domain {
namespace {

constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
constexpr std::int64_t china_offset_ms = 8LL * 3600 * 1000;
// Below this many dispatches in the window a department's rates say too little to count.
constexpr std::uint32_t min_history = 5;

std::string percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", x * 100);
  return buf;
}

// Nodes whose departments may take the case: the case's current node and every ancestor,
// and the report node with its ancestors (location_path), lowest tier first.
std::vector<const config::node*> candidate_nodes(const case_record& r,
                                                 const config::city_model& city) {
  std::vector<const config::node*> out;
  std::set<std::string> seen;
  auto climb = [&](const std::string& start) {
    for (const auto* n = city.find_node(start); n; n = city.parent(n->id))
      if (seen.insert(n->id).second) out.push_back(n);
  };
  climb(r.node);
  if (!r.location_path.empty()) climb(r.location_path.back());
  std::stable_sort(out.begin(), out.end(), [](const config::node* a, const config::node* b) {
    return static_cast<int>(a->tier) < static_cast<int>(b->tier);
  });
  return out;
}

}  // namespace

std::int64_t dispatch_history::day_number(std::int64_t unix_ms) {
  return (unix_ms + china_offset_ms) / day_ms;
}

dispatch_history::totals& dispatch_history::bucket(const std::string& department,
                                                   const std::string& category,
                                                   std::int64_t day) {
  return buckets_[{department, category}][day];
}

void dispatch_history::dispatched(const std::string& d, const std::string& c, std::int64_t day) {
  ++bucket(d, c, day).dispatched;
}
void dispatch_history::returned(const std::string& d, const std::string& c, std::int64_t day) {
  ++bucket(d, c, day).returned;
}
void dispatch_history::finished(const std::string& d, const std::string& c, std::int64_t day,
                                bool on_time) {
  auto& b = bucket(d, c, day);
  ++b.finished;
  if (on_time) ++b.on_time;
}

dispatch_history::totals dispatch_history::last_days(const std::string& d, const std::string& c,
                                                     std::int64_t today) const {
  totals t;
  auto it = buckets_.find({d, c});
  if (it == buckets_.end()) return t;
  for (auto b = it->second.lower_bound(today - window_days + 1); b != it->second.end(); ++b) {
    if (b->first > today) break;
    t.dispatched += b->second.dispatched;
    t.returned += b->second.returned;
    t.finished += b->second.finished;
    t.on_time += b->second.on_time;
  }
  return t;
}

void dispatch_history::prune(std::int64_t today) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    auto& days = it->second;
    days.erase(days.begin(), days.lower_bound(today - window_days + 1));
    it = days.empty() ? buckets_.erase(it) : std::next(it);
  }
}

std::vector<dispatch_suggestion> rank_dispatch(
    const case_record& r, const config::city_model& city,
    const std::unordered_map<std::string, department_load>& loads,
    const dispatch_history& history, std::int64_t now_ms) {
  std::vector<dispatch_suggestion> out;
  if (r.category.empty()) return out;
  const auto today = dispatch_history::day_number(now_ms);
  const auto* routed = city.route(r.category, r.node);
  int lowest_tier = -1;  // the first tier (from below) with a candidate
  for (const auto* n : candidate_nodes(r, city)) {
    for (const auto& d : city.departments()) {
      if (d.node != n->id) continue;
      if (std::find(d.categories.begin(), d.categories.end(), r.category) == d.categories.end())
        continue;
      dispatch_suggestion s;
      s.department = &d;
      s.routed = routed == &d;
      if (auto l = loads.find(d.id); l != loads.end()) s.load = l->second;
      s.history = history.last_days(d.id, r.category, today);
      const int tier = static_cast<int>(n->tier);
      if (lowest_tier < 0) lowest_tier = tier;
      // Routing first, then the nearer tier; load and record decide between equals.
      s.score = (s.routed ? 1.0 : 0.0) - 0.15 * (tier - lowest_tier);
      if (s.routed) s.reasons.push_back("派单规则: " + r.category + " 在本级由该部门处置");
      else s.reasons.push_back("可处置该类别 (" + std::string(config::to_string(n->tier)) + ")");
      s.score -= 0.01 * std::min<std::uint32_t>(s.load.open, 50) +
                 0.03 * std::min<std::uint32_t>(s.load.overdue, 20);
      s.reasons.push_back("当前在办 " + std::to_string(s.load.open) + " 件, 超期 " +
                          std::to_string(s.load.overdue) + " 件");
      if (s.history.dispatched >= min_history) {
        const double return_rate = double(s.history.returned) / s.history.dispatched;
        const double on_time = s.history.finished
                                   ? double(s.history.on_time) / s.history.finished
                                   : 0.0;
        s.score += 0.3 * on_time - 0.3 * return_rate;
        s.reasons.push_back("近90天该类 " + std::to_string(s.history.dispatched) + " 件, 退单率 " +
                            percent(return_rate) + ", 按期办结率 " + percent(on_time));
      } else {
        s.reasons.push_back("近90天该类案件少于" + std::to_string(min_history) + "件, 不计历史");
      }
      out.push_back(std::move(s));
    }
  }
  // The routing rule's department first — the one the centres dispatch to, so auto dispatch
  // and the ranking agree — then the nearer tier, then the score (load and record).
  std::stable_sort(out.begin(), out.end(), [](const dispatch_suggestion& a,
                                              const dispatch_suggestion& b) {
    if (a.routed != b.routed) return a.routed;
    if (a.department->tier != b.department->tier) return a.department->tier < b.department->tier;
    return a.score > b.score;
  });
  return out;
}

}  // namespace cityops::domain
