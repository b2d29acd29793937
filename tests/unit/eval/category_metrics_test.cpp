#include "tools/eval/category_metrics.hpp"

#include <catch2/catch.hpp>

#include "eval_test_city.hpp"
#include "tools/eval/department_metrics.hpp"

using namespace cityops::eval;

namespace {

classified_text item(std::string truth, std::vector<std::string> top, double confidence = 0.9) {
  return {std::move(truth), std::move(top), confidence};
}

}  // namespace

TEST_CASE("confusions are counted per (true, predicted), most frequent first", "[eval][category]") {
  const std::vector<classified_text> items{
      item("0101", {"0102", "0101"}), item("0101", {"0102"}), item("0101", {"0101"}),
      item("0201", {"0101"}),         item("0102", {"0201"}), item("0102", {"0201"}),
      item("0102", {"0201"}),         item("0201", {}),       item("0201", {"0201"})};
  const auto pairs = count_confusions(items, 15);
  REQUIRE(pairs.size() == 4);
  CHECK(pairs[0].truth == "0102");
  CHECK(pairs[0].predicted == "0201");
  CHECK(pairs[0].count == 3);
  CHECK(pairs[1].truth == "0101");
  CHECK(pairs[1].predicted == "0102");
  CHECK(pairs[1].count == 2);
  // Ties in code order; no answer counts as "".
  CHECK(pairs[2].truth == "0201");
  CHECK(pairs[2].predicted == "");
  CHECK(pairs[3].truth == "0201");
  CHECK(pairs[3].predicted == "0101");
  CHECK(count_confusions(items, 1).size() == 1);
}

TEST_CASE("accuracy per corpus file slices the held-out texts in corpus order", "[eval][category]") {
  const std::vector<classified_text> items{item("0101", {"0101"}), item("0101", {"0102", "0101"}),
                                           item("0201", {"0201"}), item("0201", {"0101"}),
                                           item("0201", {"0201"})};
  const auto files = measure_files(items, {{"a.tsv", 2}, {"empty.tsv", 0}, {"b.tsv", 3}});
  REQUIRE(files.size() == 3);
  CHECK(files[0].name == "a.tsv");
  CHECK(files[0].count == 2);
  CHECK(files[0].top1 == Approx(0.5));
  CHECK(files[0].top3 == Approx(1.0));
  CHECK(files[1].count == 0);
  CHECK(files[1].top1 == 0);
  CHECK(files[2].top1 == Approx(2.0 / 3));
  CHECK(files[2].top3 == Approx(2.0 / 3));
}

TEST_CASE("top-1, top-3 and per-major accuracy", "[eval][category]") {
  const auto city = testing::eval_test_city();
  const std::vector<classified_text> items{item("0101", {"0101", "0102", "0201"}),
                                           item("0101", {"0102", "0201", "0101"}),
                                           item("0102", {"0201", "0101", "0102"}),
                                           item("0102", {"0201", "0101"}), item("0201", {"0201"})};
  const auto m = measure_categories(items, city);
  CHECK(m.count == 5);
  CHECK(m.top1 == Approx(2.0 / 5));
  CHECK(m.top3 == Approx(4.0 / 5));
  REQUIRE(m.by_major.size() == 2);
  CHECK(m.by_major[0].code == "01");
  CHECK(m.by_major[0].name == "公共设施");
  CHECK(m.by_major[0].count == 4);
  CHECK(m.by_major[0].top1 == Approx(0.25));
  CHECK(m.by_major[0].same_major == Approx(0.5));  // 0101 and 0102 were answered in 01
  CHECK(m.by_major[1].top1 == 1);
  REQUIRE(!m.confusions.empty());
  CHECK(m.confusions[0].truth == "0102");
  CHECK(m.confusions[0].truth_name == "类别0102");
  CHECK(m.confusions[0].predicted_name == "类别0201");
}

TEST_CASE("every n-th community is sampled in config order", "[eval][department]") {
  const auto city = testing::eval_test_city();
  CHECK(sample_communities(city, 1) == std::vector<std::string>{"K1", "K2", "K3", "K4"});
  CHECK(sample_communities(city, 2) == std::vector<std::string>{"K1", "K3"});
  CHECK(sample_communities(city, 50) == std::vector<std::string>{"K1"});
  CHECK(sample_communities(city, 0).empty());
}

TEST_CASE("department accuracy compares the departments routed at each node",
          "[eval][department]") {
  const auto city = testing::eval_test_city();
  REQUIRE(city.route("0101", "K1")->id == "S1.grid");
  REQUIRE(city.route("0102", "K1")->id == "S1.squad");
  REQUIRE(city.route("0103", "K3")->id == "S2.squad");
  REQUIRE(city.route("0201", "K3")->id == "D1.urban");
  const std::vector<classified_text> items{
      item("0101", {"0101"}),  // right: same department everywhere
      item("0101", {"0102"}),  // grid vs squad: wrong everywhere
      item("0201", {"0201"}),  // right
      item("0102", {"0103"}),  // wrong category, but major 01 goes to the squad: right
      item("0102", {})};       // no answer: routes nowhere, wrong
  const auto m = measure_departments(items, city, {"K1", "K3"});
  CHECK(m.nodes == 2);
  CHECK(m.decisions == 10);
  CHECK(m.unroutable == 0);
  CHECK(m.accuracy == Approx(0.6));
  CHECK(m.category_accuracy == Approx(0.4));
}
