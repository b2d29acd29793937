#include "tools/eval/detection_metrics.hpp"

#include <catch2/catch.hpp>

#include "tools/eval/sample_stats.hpp"

using namespace cityops::eval;

TEST_CASE("precision, recall and F1 of a hand-made example", "[eval][metrics]") {
  // 8 verdicts, 6 right; 10 duplicates to find, 6 found.
  const auto s = score_detection({6, 2, 4});
  CHECK(s.precision == Approx(0.75));
  CHECK(s.recall == Approx(0.6));
  CHECK(s.f1 == Approx(2 * 0.75 * 0.6 / (0.75 + 0.6)));  // 0.6667
  CHECK(s.counts.true_positives == 6);
}

TEST_CASE("empty detections score zero, not NaN", "[eval][metrics]") {
  const auto none = score_detection({0, 0, 0});
  CHECK(none.precision == 0);
  CHECK(none.recall == 0);
  CHECK(none.f1 == 0);
  const auto only_wrong = score_detection({0, 3, 5});
  CHECK(only_wrong.precision == 0);
  CHECK(only_wrong.recall == 0);
  CHECK(only_wrong.f1 == 0);
  const auto perfect = score_detection({4, 0, 0});
  CHECK(perfect.precision == 1);
  CHECK(perfect.recall == 1);
  CHECK(perfect.f1 == 1);
}

TEST_CASE("sample summaries: min, median, max, mean, nearest-rank p99", "[eval][metrics]") {
  std::vector<double> v;
  for (int i = 200; i >= 1; --i) v.push_back(i);
  const auto s = summarize(v);
  CHECK(s.count == 200);
  CHECK(s.min == 1);
  CHECK(s.max == 200);
  CHECK(s.median == Approx(100.5));
  CHECK(s.mean == Approx(100.5));
  CHECK(s.p99 == 198);
  CHECK(summarize({0.2, 0.9, 0.4}).median == Approx(0.4));
  CHECK(summarize({}).count == 0);
  CHECK(summarize({}).median == 0);
}
