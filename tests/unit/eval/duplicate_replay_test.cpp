#include "tools/eval/duplicate_replay.hpp"

#include <catch2/catch.hpp>

#include "tools/eval/duplicate_sweep.hpp"
#include "actors/domain/case_insight.hpp"

using namespace cityops::eval;

namespace {

constexpr std::int64_t hour = 3600LL * 1000;
constexpr double lat0 = 37.5;
constexpr double lon0 = 121.4;

simulated_report at(std::string id, std::string group, std::string incident, report_kind kind,
                    std::string text, double metres_east, std::int64_t at_ms) {
  simulated_report r;
  r.id = std::move(id);
  r.group = std::move(group);
  r.incident = std::move(incident);
  r.kind = kind;
  r.category = "0101";
  r.text = std::move(text);
  destination_point(lat0, lon0, 1.5707963267948966, metres_east, r.lat, r.lon);
  r.at_ms = at_ms;
  r.anchor_lat = lat0;
  r.anchor_lon = lon0;
  return r;
}

const std::string same_text = "观海路港城大街路口往北慢车道井盖不见了井口敞着";
const std::string other_text = "人行道上有块井盖裂了还没掉麻烦换一块";

// A1, A2, A3 report one incident; M is its near miss 100 m away; B is unrelated, far away;
// C repeats A's text at A's place but is another incident (a wrong link).
std::vector<simulated_report> stream() {
  return {at("A#1", "A", "A", report_kind::report, same_text, 0, 0),
          at("A#2", "A", "A", report_kind::report, same_text, 10, 1 * hour),
          at("A-miss#1", "A-miss#1", "A", report_kind::near_miss, other_text, 100, 2 * hour),
          at("bg#1", "bg#1", "", report_kind::background, other_text, 5000, 3 * hour),
          at("A#3", "A", "A", report_kind::report, same_text, 5, 4 * hour),
          at("bg#2", "bg#2", "", report_kind::background, same_text, 0, 5 * hour)};
}

}  // namespace

TEST_CASE("replay finds a repeat, misses a misfiled one and links a look-alike", "[eval][replay]") {
  const auto reports = stream();
  // A#3 is filed under a wrong category, as a misclassified report would be.
  const std::vector<std::string> categories{"0101", "0101", "0101", "0101", "0301", "0101"};
  const auto rules = cityops::domain::duplicate_rules_from({});
  const auto result = replay_duplicates(reports, categories, rules);
  REQUIRE(result.queries.size() == 6);
  CHECK_FALSE(result.queries[0].found);
  CHECK(result.queries[1].has_open_mate);
  CHECK(result.queries[1].best_same_group);
  CHECK(result.queries[1].best_score > 0.9);
  CHECK(result.queries[2].found);  // the near miss sees A#1 and A#2
  CHECK_FALSE(result.queries[2].best_same_group);
  CHECK(result.queries[2].best_score < 0.5);
  CHECK_FALSE(result.queries[3].found);  // 5 km away
  CHECK(result.queries[4].has_open_mate);
  CHECK_FALSE(result.queries[4].found);  // other category: nothing comparable
  CHECK(result.queries[5].found);
  CHECK_FALSE(result.queries[5].best_same_group);

  CHECK(result.true_pairs == 3);               // A#2–A#1, A#3–A#1, A#3–A#2
  CHECK(result.true_pair_scores.size() == 1);  // only A#2–A#1 was comparable
  CHECK(result.near_miss_pairs == 3);          // the near miss against A#1, A#2; A#3 against it
  CHECK(result.near_miss_scores.size() == 2);  // A#3 was filed under another category

  const auto v = score_verdicts(result, 0.75, 0.5);
  CHECK(v.linked.counts.true_positives == 1);   // A#2
  CHECK(v.linked.counts.false_positives == 1);  // bg#2
  CHECK(v.linked.counts.false_negatives == 1);  // A#3
  CHECK(v.linked.precision == Approx(0.5));
  CHECK(v.linked.recall == Approx(0.5));
  // A threshold low enough to link the near miss adds a false positive.
  const auto low = score_threshold(result, 0.05);
  CHECK(low.counts.false_positives == 2);

  const auto d = distributions(result);
  CHECK(d.true_pairs.count == 1);
  CHECK(d.near_misses.count == 2);
  CHECK(d.near_misses.max < d.true_pairs.min);
}

TEST_CASE("the threshold grid and the sweeps", "[eval][replay]") {
  const auto grid = threshold_grid(0.30, 0.95, 0.05);
  REQUIRE(grid.size() == 14);
  CHECK(grid.front() == 0.3);
  CHECK(grid[9] == 0.75);
  CHECK(grid.back() == 0.95);
  CHECK(threshold_grid(0.5, 0.4, 0.1).empty());
  CHECK(threshold_grid(0.5, 0.9, 0).empty());

  const auto reports = stream();
  const std::vector<std::string> categories(reports.size(), "0101");
  const auto rules = cityops::domain::duplicate_rules_from({});
  const auto points = sweep_thresholds(replay_duplicates(reports, categories, rules), grid);
  REQUIRE(points.size() == grid.size());
  CHECK(points.front().scores.counts.true_positives >= points.back().scores.counts.true_positives);

  const auto weights = sweep_weights(reports, categories, rules, default_weight_settings(), grid);
  REQUIRE(weights.size() == default_weight_settings().size());
  CHECK(weights[0].setting.label == "defaults");
  for (const auto& w : weights) CHECK(w.best.scores.f1 >= w.at_link.f1);
}
