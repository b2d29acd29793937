#pragma once
// The open cases waiting on one department or tier node, oldest first. Plain class shared by
// department_actor and tier_node_actor.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

namespace cityops {

class case_queue {
 public:
  // Adding a case already queued keeps its original time.
  void add(const std::string& case_id, std::int64_t since_ms) {
    if (since_.emplace(case_id, since_ms).second) by_time_.emplace(since_ms, case_id);
  }
  void remove(const std::string& case_id) {
    auto it = since_.find(case_id);
    if (it == since_.end()) return;
    auto range = by_time_.equal_range(it->second);
    for (auto t = range.first; t != range.second; ++t)
      if (t->second == case_id) {
        by_time_.erase(t);
        break;
      }
    since_.erase(it);
  }
  std::uint64_t size() const { return since_.size(); }
  bool contains(const std::string& case_id) const { return since_.count(case_id) > 0; }
  // Oldest entry; only valid when size() > 0.
  const std::string& oldest_case() const { return by_time_.begin()->second; }
  std::int64_t oldest_since() const { return by_time_.begin()->first; }

 private:
  std::unordered_map<std::string, std::int64_t> since_;
  std::multimap<std::int64_t, std::string> by_time_;
};

}  // namespace cityops
