#pragma once
// Replays a simulated report stream through a domain::duplicate_detector as intake would:
// each report in time order is looked up (find) under the category it is filed under, then
// added (upsert) whatever the verdict, so the verdict threshold can be chosen afterwards.
// Ground truth is the report's group: a report whose group already has an earlier report in
// the detector is a duplicate to find; linking it to its best candidate is right when that
// candidate is of the same group. Pure.

#include <cstddef>
#include <string>
#include <vector>

#include "actors/domain/duplicate_detector.hpp"
#include "tools/eval/detection_metrics.hpp"
#include "tools/eval/duplicate_simulation.hpp"
#include "tools/eval/sample_stats.hpp"

namespace cityops::eval {

struct replay_query {
  bool has_open_mate = false;  // an earlier report of its group is in the detector
  bool found = false;          // find() returned a candidate
  double best_score = 0;
  bool best_same_group = false;  // the best candidate belongs to the report's group
};

struct replay_result {
  std::vector<replay_query> queries;     // one per report, in stream order
  std::vector<double> true_pair_scores;  // every candidate pair of one group
  std::vector<double> near_miss_scores;  // a near miss paired with its incident's reports
  std::size_t true_pairs = 0;            // pairs of one group, found as candidates or not
  std::size_t near_miss_pairs = 0;       // (near miss, incident report) pairs
};

// `categories[i]` is the category report i is filed under (the classifier's or the true one);
// it must have one entry per report. `alternatives[i]`, when given (one entry per report),
// are the other categories the classifier ranked for report i
// (domain::alternative_categories), as intake passes them to the detector.
using category_alternatives = std::vector<std::vector<std::string>>;
replay_result replay_duplicates(const std::vector<simulated_report>& reports,
                                const std::vector<std::string>& categories,
                                const domain::duplicate_rules& rules,
                                const category_alternatives& alternatives = {});

struct duplicate_verdicts {
  detection_scores linked;             // best score ≥ link_score
  detection_scores linked_or_flagged;  // best score ≥ flag_score
};

// A verdict is a true positive when its report's best candidate is of the same group; every
// report with an open group mate not so decided is a false negative.
detection_scores score_threshold(const replay_result& result, double threshold);
duplicate_verdicts score_verdicts(const replay_result& result, double link_score,
                                  double flag_score);

struct score_distributions {
  sample_summary true_pairs;
  sample_summary near_misses;
  std::size_t true_pairs_total = 0;
  std::size_t near_miss_total = 0;
};
score_distributions distributions(const replay_result& result);

}  // namespace cityops::eval
