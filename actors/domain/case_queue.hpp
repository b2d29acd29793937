#pragma once
// The open cases waiting on one department or tier node, in the order they are to be worked:
// urgent cases first, each class first come first served (by the time the case joined the
// queue); with how many are overdue and how many urgent. Plain class shared by
// department_actor and tier_node_actor; no CAF, no I/O.

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace cityops::domain {

class case_queue {
 public:
  struct entry {
    std::string case_id;
    std::int64_t since_ms = 0;
    bool urgent = false;
    bool overdue = false;
  };

  // Adds the case or updates its flags; a case already queued keeps its time, and moves to
  // the urgent cases (in its time's place among them) when it becomes urgent.
  void put(const std::string& case_id, std::int64_t since_ms, bool overdue, bool urgent = false);
  void remove(const std::string& case_id);

  std::uint64_t size() const { return entries_.size(); }
  std::uint64_t overdue() const { return overdue_; }
  std::uint64_t urgent() const { return urgent_; }
  bool contains(const std::string& case_id) const { return entries_.count(case_id) > 0; }
  // Longest waiting entry, urgent or not; only valid when size() > 0.
  const std::string& oldest_case() const { return std::get<1>(*by_time_.begin()); }
  std::int64_t oldest_since() const { return std::get<0>(*by_time_.begin()); }
  // The first `n` entries in working order: urgent first, then by time.
  std::vector<entry> first(std::size_t n) const;

 private:
  struct flags {
    std::int64_t since_ms = 0;
    bool urgent = false;
    bool overdue = false;
  };
  // (0 urgent | 1 normal, since, id): working order.
  using order_key = std::tuple<int, std::int64_t, std::string>;
  static order_key key_of(const std::string& id, const flags& f) {
    return {f.urgent ? 0 : 1, f.since_ms, id};
  }
  std::unordered_map<std::string, flags> entries_;
  std::set<order_key> order_;
  std::set<std::tuple<std::int64_t, std::string>> by_time_;
  std::uint64_t overdue_ = 0;
  std::uint64_t urgent_ = 0;
};

}  // namespace cityops::domain
