// A department's or centre's queue: worked urgent first, each class first come first served;
// a case that becomes urgent jumps ahead in its time's place; counts follow every change.
#include "actors/domain/case_queue.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using cityops::domain::case_queue;

namespace {

std::vector<std::string> order(const case_queue& q, std::size_t n = 10) {
  std::vector<std::string> out;
  for (const auto& e : q.first(n)) out.push_back(e.case_id);
  return out;
}

}  // namespace

TEST_CASE("urgent cases come first and each class keeps arrival order", "[case_queue]") {
  case_queue q;
  q.put("a", 100, false);
  q.put("b", 200, false, true);
  q.put("c", 150, true);
  q.put("d", 300, false, true);
  q.put("e", 50, false);
  CHECK(order(q) == std::vector<std::string>{"b", "d", "e", "a", "c"});
  CHECK(order(q, 3) == std::vector<std::string>{"b", "d", "e"});
  CHECK(q.size() == 5);
  CHECK(q.urgent() == 2);
  CHECK(q.overdue() == 1);
  // The longest waiting case is still the oldest, urgent or not.
  CHECK(q.oldest_case() == "e");
  CHECK(q.oldest_since() == 50);
  const auto head = q.first(1).front();
  CHECK(head.urgent);
  CHECK(head.since_ms == 200);
  CHECK_FALSE(head.overdue);
}

TEST_CASE("a queued case made urgent jumps ahead and keeps its time", "[case_queue]") {
  case_queue q;
  q.put("a", 100, false);
  q.put("b", 200, false, true);
  q.put("c", 150, false);
  q.put("c", 999, true, true);  // updated: urgent and overdue now, queued since 150
  CHECK(order(q) == std::vector<std::string>{"c", "b", "a"});
  CHECK(q.urgent() == 2);
  CHECK(q.overdue() == 1);
  CHECK(q.first(1).front().since_ms == 150);

  q.remove("c");
  q.remove("zz");  // not queued: nothing happens
  CHECK(order(q) == std::vector<std::string>{"b", "a"});
  CHECK(q.urgent() == 1);
  CHECK(q.overdue() == 0);
  CHECK_FALSE(q.contains("c"));
  q.remove("b");
  q.remove("a");
  CHECK(q.size() == 0);
  CHECK(q.first(5).empty());
}
