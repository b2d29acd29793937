#include "actors/domain/reporter_history.hpp"

#include <catch2/catch.hpp>

#include <string>

using cityops::domain::reporter_book;

namespace {
constexpr std::int64_t day = 24LL * 3600 * 1000;
constexpr std::int64_t t0 = 1'795'000'000'000;
}  // namespace

TEST_CASE("a caller's summary counts open cases and the last 90 days by category",
          "[reporter_history]") {
  reporter_book book;
  book.update("h", "c1", t0, "0601", true);
  book.update("h", "c2", t0 + day, "0601", false);
  book.update("h", "c3", t0 + 2 * day, "0108", true);
  auto s = book.summary("h", t0 + 3 * day);
  CHECK(s.known);
  CHECK(s.open == 2);
  CHECK(s.last_90_days == 3);
  REQUIRE(s.categories.size() == 2);
  CHECK(s.categories[0] == std::make_pair(std::string("0601"), 2u));
  CHECK(s.categories[1] == std::make_pair(std::string("0108"), 1u));

  SECTION("the case being viewed is not counted") {
    auto v = book.summary("h", t0 + 3 * day, "c3");
    CHECK(v.open == 1);
    CHECK(v.last_90_days == 2);
    CHECK(v.categories.size() == 1);
  }
  SECTION("a reclassification and a closing move the counts") {
    book.update("h", "c3", t0 + 2 * day, "0203", false);
    auto v = book.summary("h", t0 + 3 * day);
    CHECK(v.open == 1);
    CHECK(v.last_90_days == 3);
    CHECK(v.categories[1].first == "0203");
  }
  SECTION("cases older than the window leave the counts; open ones still count as open") {
    auto later = book.summary("h", t0 + 92 * day);
    CHECK(later.open == 2);
    CHECK(later.last_90_days == 1);  // c3 only
    book.update("h", "c4", t0 + 92 * day, "0601", true);
    auto after = book.summary("h", t0 + 92 * day);
    CHECK(after.open == 3);
    CHECK(after.last_90_days == 2);
    book.prune(t0 + 200 * day);
    CHECK(book.summary("h", t0 + 200 * day).open == 3);  // open cases are kept
  }
  CHECK_FALSE(book.summary("other", t0).known);
}

TEST_CASE("a caller with thousands of cases is summed up from running counts",
          "[reporter_history]") {
  reporter_book book;
  for (int i = 0; i < 5000; ++i)
    book.update("busy", "c" + std::to_string(i), t0 + i * 60000, i % 3 ? "0601" : "0608",
                i % 10 == 0);
  const auto s = book.summary("busy", t0 + 5000 * 60000);
  CHECK(s.last_90_days == 5000);
  CHECK(s.open == 500);
  REQUIRE(s.categories.size() == 2);
  CHECK(s.categories[0].second + s.categories[1].second == 5000);
}

TEST_CASE("a caller's recent cases come newest first and count since a time",
          "[reporter_history]") {
  reporter_book book;
  book.update("h", "c1", t0, "0601", false);
  book.update("h", "c2", t0 + day, "0601", true);
  book.update("h", "c3", t0 + 3 * day, "0108", true);
  book.update("other", "x1", t0 + 2 * day, "0601", true);
  const auto recent = book.recent("h", t0 + 4 * day, 10);
  REQUIRE(recent.size() == 3);
  CHECK(recent[0].id == "c3");
  CHECK(recent[0].category == "0108");
  CHECK(recent[0].open);
  CHECK(recent[2].id == "c1");
  CHECK_FALSE(recent[2].open);
  CHECK(book.recent("h", t0 + 4 * day, 2).size() == 2);
  CHECK(book.recent("h", t0 + 95 * day, 10).size() == 0);  // all older than 90 days
  CHECK(book.recent("nobody", t0, 10).empty());
  CHECK(book.recent("", t0, 10).empty());

  CHECK(book.count_since("h", t0) == 3);
  CHECK(book.count_since("h", t0 + day) == 2);
  CHECK(book.count_since("h", t0 + 2 * day) == 1);
  CHECK(book.count_since("h", t0 + 5 * day) == 0);
  CHECK(book.count_since("nobody", t0) == 0);
}

TEST_CASE("a new report makes a repeat caller when it reaches the minimum with it",
          "[reporter_history]") {
  using cityops::domain::repeat_caller_would_flag;
  CHECK_FALSE(repeat_caller_would_flag(0, 3));
  CHECK_FALSE(repeat_caller_would_flag(1, 3));
  CHECK(repeat_caller_would_flag(2, 3));
  CHECK(repeat_caller_would_flag(7, 3));
  CHECK(repeat_caller_would_flag(0, 1));
}
