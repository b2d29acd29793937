#include <catch2/catch.hpp>

#include "actors/domain/recent_cases.hpp"

using namespace cityops::domain;

namespace {

case_event event(std::uint32_t seq, event_type type) {
  case_event e;
  e.seq = seq;
  e.type = type;
  e.at_ms = 1'795'000'000'000 + seq;
  e.by = "seat-1";
  return e;
}

case_record reported(const std::string& id) {
  case_record r;
  r.id = id;
  const auto e = event(1, event_type::reported);
  apply(r, e);
  r.history.push_back(e);
  return r;
}

}  // namespace

TEST_CASE("recent cases hand a new case's state to its first actor once", "[recent_cases]") {
  recent_cases cache(4);
  cache.add(reported("c1"));
  CHECK(cache.size() == 1);
  auto got = cache.take("c1");
  REQUIRE(got.has_value());
  CHECK(got->version == 1);
  CHECK(got->history.size() == 1);
  CHECK_FALSE(cache.take("c1").has_value());  // the actor owns it now
  CHECK_FALSE(cache.take("never").has_value());
}

TEST_CASE("recent cases follow later commits and drop what they cannot follow",
          "[recent_cases]") {
  recent_cases cache(4);
  cache.add(reported("c1"));
  cache.add(reported("c2"));
  cache.update("c1", {event(2, event_type::verified)});
  cache.update("c2", {event(3, event_type::verified)});  // seq 2 missing: not guessed at
  cache.update("c9", {event(2, event_type::verified)});  // not held: ignored
  auto c1 = cache.take("c1");
  REQUIRE(c1.has_value());
  CHECK(c1->version == 2);
  REQUIRE(c1->history.size() == 2);
  CHECK(c1->history[1].type == event_type::verified);
  CHECK_FALSE(cache.take("c2").has_value());
}

TEST_CASE("recent cases keep at most their capacity, oldest out first", "[recent_cases]") {
  recent_cases cache(2);
  cache.add(reported("c1"));
  cache.add(reported("c2"));
  cache.add(reported("c3"));
  CHECK(cache.size() == 2);
  CHECK_FALSE(cache.take("c1").has_value());
  CHECK(cache.take("c2").has_value());
  CHECK(cache.take("c3").has_value());
  recent_cases none(0);
  none.add(reported("c1"));
  CHECK(none.size() == 0);
}
