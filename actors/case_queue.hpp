#pragma once
// The open cases waiting on one department or tier node, oldest first, with how many are
// overdue. Plain class shared by department_actor and tier_node_actor.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

namespace cityops {

class case_queue {
 public:
  // Adds the case or updates its overdue flag; a case already queued keeps its time.
  void put(const std::string& case_id, std::int64_t since_ms, bool overdue) {
    auto [it, added] = entries_.emplace(case_id, entry{since_ms, overdue});
    if (added) {
      by_time_.emplace(since_ms, case_id);
      overdue_ += overdue;
    } else if (it->second.overdue != overdue) {
      it->second.overdue = overdue;
      overdue ? ++overdue_ : --overdue_;
    }
  }
  void remove(const std::string& case_id) {
    auto it = entries_.find(case_id);
    if (it == entries_.end()) return;
    auto range = by_time_.equal_range(it->second.since_ms);
    for (auto t = range.first; t != range.second; ++t)
      if (t->second == case_id) {
        by_time_.erase(t);
        break;
      }
    overdue_ -= it->second.overdue;
    entries_.erase(it);
  }
  std::uint64_t size() const { return entries_.size(); }
  std::uint64_t overdue() const { return overdue_; }
  bool contains(const std::string& case_id) const { return entries_.count(case_id) > 0; }
  // Oldest entry; only valid when size() > 0.
  const std::string& oldest_case() const { return by_time_.begin()->second; }
  std::int64_t oldest_since() const { return by_time_.begin()->first; }

 private:
  struct entry {
    std::int64_t since_ms = 0;
    bool overdue = false;
  };
  std::unordered_map<std::string, entry> entries_;
  std::multimap<std::int64_t, std::string> by_time_;
  std::uint64_t overdue_ = 0;
};

}  // namespace cityops
