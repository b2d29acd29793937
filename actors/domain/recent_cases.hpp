#pragma once
// The committed state of recently created cases that have no live actor, so the actor a
// case's second message activates starts from memory instead of a store read. Bounded:
// beyond `capacity` the oldest entry goes (its actor then loads from the store, as any
// other). Pure and single-threaded; the case directory holds one and feeds it from the
// committed stream.

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/domain/case_record.hpp"

namespace cityops::domain {

class recent_cases {
 public:
  explicit recent_cases(std::size_t capacity) : capacity_(capacity) {}

  // A new case as committed: `record` with its events as history.
  void add(case_record record);
  // Later events of a case that may be held: applied to it (ignored when it is not held, or
  // when they do not follow its version — the entry is then dropped, not guessed at).
  void update(const std::string& id, const std::vector<case_event>& events);
  // The held state of `id`, removed from the cache (its actor owns it from now on).
  std::optional<case_record> take(const std::string& id);

  std::size_t size() const { return by_id_.size(); }

 private:
  using order = std::list<std::string>;
  struct entry {
    case_record record;
    order::iterator pos;
  };
  void drop(std::unordered_map<std::string, entry>::iterator it);

  std::size_t capacity_;
  order oldest_first_;
  std::unordered_map<std::string, entry> by_id_;
};

}  // namespace cityops::domain
