#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <thread>
#include <vector>

#include "runtime/case_id_allocator.hpp"

using namespace cityops;

namespace {

constexpr std::int64_t day_ms = 24 * 3600 * 1000;
constexpr std::int64_t nov18_noon = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00

}  // namespace

TEST_CASE("case ids continue from each day's persisted counter", "[case_id_allocator]") {
  std::map<std::string, std::uint64_t> persisted{{"20261118", 41}};
  std::vector<std::string> reads;
  case_id_allocator ids("3706", [&](const std::string& day, std::uint64_t& v, std::string&) {
    reads.push_back(day);
    v = persisted[day];
    return true;
  });
  auto a = ids.next(nov18_noon);
  auto b = ids.next(nov18_noon + 1000);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->id == "3706-20261118-000042");
  CHECK(a->day == "20261118");
  CHECK(a->seq == 42);
  CHECK(b->seq == 43);
  auto next_day = ids.next(nov18_noon + day_ms);
  REQUIRE(next_day.ok());
  CHECK(next_day->id == "3706-20261119-000001");
  CHECK(reads == std::vector<std::string>{"20261118", "20261119"});  // once per day
}

TEST_CASE("an unreadable counter is a storage failure, and the next call reads again",
          "[case_id_allocator]") {
  bool fail = true;
  case_id_allocator ids("3706", [&](const std::string&, std::uint64_t& v, std::string& error) {
    v = 0;
    if (fail) error = "disk on fire";
    return !fail;
  });
  auto refused = ids.next(nov18_noon);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == domain::error_code::storage_failure);
  CHECK(refused.error().message.find("disk on fire") != std::string::npos);
  fail = false;
  auto ok = ids.next(nov18_noon);
  REQUIRE(ok.ok());
  CHECK(ok->seq == 1);
}

TEST_CASE("shards sharing an allocator never get the same id", "[case_id_allocator]") {
  case_id_allocator ids("3706", [](const std::string&, std::uint64_t& v, std::string&) {
    v = 0;
    return true;
  });
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (auto& out : got)
    threads.emplace_back([&ids, &out] {
      for (int i = 0; i < 1000; ++i) out.push_back(ids.next(nov18_noon)->id);
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& out : got) all.insert(out.begin(), out.end());
  CHECK(all.size() == 4000);
  CHECK(make_case_id("3706", "20261118", 1234567) == "3706-20261118-1234567");
}
