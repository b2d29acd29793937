#include "actors/domain/similar_case_index.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "actors/domain/text_signature.hpp"

using namespace cityops::domain;

namespace {

constexpr std::int64_t t0 = 1'763'400'000'000;

std::vector<std::string> ids(const std::vector<similar_case_index::hit>& hits) {
  std::vector<std::string> out;
  for (const auto& h : hits) out.push_back(h.id);
  return out;
}

similar_case_index sample() {
  similar_case_index index;
  index.add("3706-20251101-000001", "0101", "芝罘区南大街和北马路交叉口井盖塌陷污水外冒", t0);
  index.add("3706-20251101-000002", "0101", "莱山区观海路雨水井盖缺失，夜间有行人掉落风险", t0 + 1);
  index.add("3706-20251101-000003", "0101", "福山区河滨路人行道地砖破损，积水严重", t0 + 2);
  index.add("3706-20251101-000004", "0101", "芝罘区只楚路小区门口下水道堵塞污水外溢", t0 + 3);
  index.add("3706-20251101-000005", "0102", "南大街路灯不亮，晚上看不清路", t0 + 4);
  index.add("3706-20251101-000006", "0103", "北马路交叉口井盖松动，车辆经过咣当响", t0 + 5);
  index.add("3706-20251101-000007", "0201", "南大街北马路路口井盖塌陷，污水外冒", t0 + 6);
  return index;
}

}  // namespace

TEST_CASE("the most similar closed case comes first", "[similar]") {
  const auto index = sample();
  CHECK(index.size() == 7);
  const auto hits = index.query("0101", "南大街北马路路口那个井盖塌了往外冒污水", 3);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].id == "3706-20251101-000001");
  CHECK(hits[0].score > hits[1].score);
  CHECK(hits[1].score >= hits[2].score);
  CHECK(hits[0].score > 0.2);
  CHECK(hits[0].score <= 1.0);
  // Every hit of the category comes before the rest of the major.
  CHECK(hits[1].id != "3706-20251101-000006");
}

TEST_CASE("identical texts score 1 whatever their punctuation", "[similar]") {
  const auto index = sample();
  const auto hits = index.query("0101", "芝罘区 南大街，和北马路交叉口：井盖塌陷！污水外冒。", 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == "3706-20251101-000001");
  CHECK(hits[0].score == Approx(1.0));
}

TEST_CASE("exclude_id never appears", "[similar]") {
  const auto index = sample();
  const auto hits = index.query("0101", "芝罘区南大街和北马路交叉口井盖塌陷污水外冒", 10,
                                "3706-20251101-000001");
  for (const auto& h : hits) CHECK(h.id != "3706-20251101-000001");
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].id == "3706-20251101-000004");  // 芝罘区 … 污水外
}

TEST_CASE("too few hits in the category are filled from the same major", "[similar]") {
  const auto index = sample();
  const auto hits = index.query("0102", "南大街北马路交叉口井盖塌陷污水外冒", 3);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].id == "3706-20251101-000005");  // its own category first, though weaker
  CHECK(hits[1].id == "3706-20251101-000001");  // then the best of 01xx
  CHECK(hits[2].id == "3706-20251101-000006");
  for (const auto& h : hits) CHECK(h.id != "3706-20251101-000007");  // 0201: another major
  // A category without closed cases still gets its major's.
  CHECK(ids(index.query("0199", "南大街北马路井盖塌陷", 1)) ==
        std::vector<std::string>{"3706-20251101-000001"});
  CHECK(index.query("0301", "南大街北马路井盖塌陷", 5).empty());
}

TEST_CASE("nothing shared, nothing asked: no hits", "[similar]") {
  const auto index = sample();
  CHECK(index.query("0101", "供暖温度不达标", 5).empty());
  CHECK(index.query("0101", "，。！", 5).empty());
  CHECK(index.query("0101", "井盖", 0).empty());
  CHECK(similar_case_index{}.query("0101", "井盖塌陷", 5).empty());
}

TEST_CASE("remove takes a reopened case out, add replaces", "[similar]") {
  auto index = sample();
  index.remove("3706-20251101-000001");
  index.remove("no-such-case");
  CHECK(index.size() == 6);
  CHECK_FALSE(index.contains("3706-20251101-000001"));
  auto hits = index.query("0101", "芝罘区南大街和北马路交叉口井盖塌陷污水外冒", 10);
  for (const auto& h : hits) CHECK(h.id != "3706-20251101-000001");

  // Closed again, now under another category and text.
  index.add("3706-20251101-000001", "0103", "北马路交叉口井盖松动异响", t0 + 10);
  CHECK(index.size() == 7);
  hits = index.query("0103", "北马路交叉口井盖松动", 2);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].id == "3706-20251101-000001");  // shorter: closer to the query
  CHECK(hits[1].id == "3706-20251101-000006");
  // Replacing in place.
  index.add("3706-20251101-000006", "0103", "北马路交叉口井盖松动异响", t0 + 20);
  CHECK(index.size() == 7);
  hits = index.query("0103", "北马路交叉口井盖松动异响", 2);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].id == "3706-20251101-000006");  // equal scores: the more recently closed
  CHECK(hits[1].id == "3706-20251101-000001");
  CHECK(hits[0].score == Approx(hits[1].score));
}

TEST_CASE("a large category: bounded gathering still finds the right cases", "[similar]") {
  // 30,000 cases over a small vocabulary, so the common bigrams have long posting lists;
  // a small gathering budget forces truncation and the delta merges purge removed cases.
  similar_index_options options;
  options.gather_budget = 3'000;
  options.gather_floor = 200;
  options.rescore = 64;
  similar_case_index index{options};
  const std::vector<std::string> places = {"南大街", "北马路", "观海路", "只楚路", "幸福路",
                                           "青年路", "胜利路", "解放路", "环山路", "港城大街"};
  const std::vector<std::string> issues = {"井盖塌陷", "路灯不亮", "污水外冒", "噪音扰民",
                                           "占道经营", "垃圾未清运", "树木倒伏", "积水严重"};
  const std::vector<std::string> details = {"请尽快处理", "已经三天了", "影响出行",
                                            "晚上很危险", "多次反映未解决"};
  // One distinctive case at the old end of the posting lists.
  index.add("case-special", "0101", "港城大街99号附近树木倒伏压住了电动车，请尽快处理", t0);
  std::size_t n = 0;
  for (std::size_t i = 0; i < 30'000; ++i) {
    const std::string text = places[i % places.size()] + std::to_string(i % 97) + "号附近" +
                             issues[(i / 10) % issues.size()] + details[(i / 80) % details.size()];
    index.add("case-" + std::to_string(i), "0101", text, t0 + static_cast<std::int64_t>(i));
    ++n;
  }
  CHECK(index.size() == n + 1);

  auto hits = index.query("0101", "港城大街99号附近树木倒伏压住电动车", 5);
  REQUIRE_FALSE(hits.empty());
  CHECK(hits[0].id == "case-special");

  const std::string probe = places[1234 % places.size()] + std::to_string(1234 % 97) + "号附近" +
                            issues[(1234 / 10) % issues.size()] +
                            details[(1234 / 80) % details.size()];
  hits = index.query("0101", probe, 3);
  REQUIRE(hits.size() == 3);
  CHECK(hits[0].score == Approx(1.0));

  // Remove every case; after more adds (merges) none of them comes back.
  for (std::size_t i = 0; i < 30'000; ++i) index.remove("case-" + std::to_string(i));
  CHECK(index.size() == 1);
  for (std::size_t i = 0; i < 2'000; ++i) {
    index.add("new-" + std::to_string(i), "0101", "环山路" + std::to_string(i) + "号路灯不亮",
              t0 + 100'000 + static_cast<std::int64_t>(i));
  }
  hits = index.query("0101", probe, 10);
  for (const auto& h : hits) CHECK(h.id.rfind("case-", 0) != 0);
  hits = index.query("0101", "港城大街99号附近树木倒伏压住电动车", 1);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == "case-special");
  CHECK(index.contains("new-1999"));
  CHECK(index.size() == 2'001);
}
