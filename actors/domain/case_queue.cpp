#include "actors/domain/case_queue.hpp"

namespace cityops::domain {

void case_queue::put(const std::string& case_id, std::int64_t since_ms, bool overdue,
                     bool urgent) {
  auto [it, added] = entries_.emplace(case_id, flags{since_ms, urgent, overdue});
  auto& f = it->second;
  if (added) {
    order_.insert(key_of(case_id, f));
    by_time_.emplace(since_ms, case_id);
    overdue_ += overdue;
    urgent_ += urgent;
    return;
  }
  if (f.overdue != overdue) {
    f.overdue = overdue;
    overdue ? ++overdue_ : --overdue_;
  }
  if (f.urgent != urgent) {
    order_.erase(key_of(case_id, f));
    f.urgent = urgent;
    urgent ? ++urgent_ : --urgent_;
    order_.insert(key_of(case_id, f));
  }
}

void case_queue::remove(const std::string& case_id) {
  auto it = entries_.find(case_id);
  if (it == entries_.end()) return;
  const auto& f = it->second;
  order_.erase(key_of(case_id, f));
  by_time_.erase({f.since_ms, case_id});
  overdue_ -= f.overdue;
  urgent_ -= f.urgent;
  entries_.erase(it);
}

std::vector<case_queue::entry> case_queue::first(std::size_t n) const {
  std::vector<entry> out;
  for (auto k = order_.begin(); k != order_.end() && out.size() < n; ++k) {
    const auto& id = std::get<2>(*k);
    const auto& f = entries_.at(id);
    out.push_back({id, f.since_ms, f.urgent, f.overdue});
  }
  return out;
}

}  // namespace cityops::domain
