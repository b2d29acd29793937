#include "actors/domain/recent_cases.hpp"

namespace cityops::domain {

void recent_cases::add(case_record record) {
  if (capacity_ == 0) return;
  auto it = by_id_.find(record.id);
  if (it != by_id_.end()) drop(it);
  while (by_id_.size() >= capacity_) drop(by_id_.find(oldest_first_.front()));
  const auto pos = oldest_first_.insert(oldest_first_.end(), record.id);
  auto id = record.id;
  by_id_.emplace(std::move(id), entry{std::move(record), pos});
}

void recent_cases::update(const std::string& id, const std::vector<case_event>& events) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;
  auto& r = it->second.record;
  for (const auto& e : events) {
    if (e.seq != r.version + 1) {
      drop(it);
      return;
    }
    apply(r, e);
    r.history.push_back(e);
  }
}

std::optional<case_record> recent_cases::take(const std::string& id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  auto out = std::move(it->second.record);
  drop(it);
  return out;
}

void recent_cases::drop(std::unordered_map<std::string, entry>::iterator it) {
  oldest_first_.erase(it->second.pos);
  by_id_.erase(it);
}

}  // namespace cityops::domain
