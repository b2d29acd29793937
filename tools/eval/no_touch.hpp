#pragma once
// How much of a city centre's intake needs no person, from the classifier's held-out answers
// and the [intake] settings. A source mix weighs the sources (hotline, app, grid, …); the
// classifier's answer does not depend on the source, so each share is the mix-weighted sum of
// per-source shares over the held-out texts:
//   no touch      source mode `automatic` and confidence ≥ auto_threshold: the system
//                 verifies, accepts and dispatches on its own;
//   one action    hotline/app texts whose suggestion (confidence ≥ suggest_threshold) is
//                 right: the operator confirms with one action;
//   unclassified  confidence < suggest_threshold: the case waits for a category.
// Pure.

#include <string>
#include <utility>
#include <vector>

#include "config/intake_settings.hpp"
#include "tools/eval/category_metrics.hpp"

namespace cityops::eval {

// (source wire name, weight); weights need not sum to 1.
using source_mix = std::vector<std::pair<std::string, double>>;

source_mix default_source_mix();  // hotline 60, app 15, grid 15, video 5, iot 5

// "hotline=60,app=15,grid=15": names of case sources, weights ≥ 0 with a positive sum.
// Returns false and says why in `error` on a bad spec.
bool parse_source_mix(const std::string& spec, source_mix& out, std::string& error);

struct no_touch_metrics {
  double automatic_weight = 0;    // share of the mix whose source mode is automatic
  double no_touch = 0;            // share of all cases decided by the system
  double no_touch_accuracy = 0;   // top-1 accuracy of those auto-decided cases
  double confident_share = 0;     // held-out texts with confidence ≥ auto_threshold
  double hotline_app_weight = 0;  // share of the mix from hotline and app
  double one_action = 0;          // of hotline/app cases: suggestion right
  double suggestion_wrong = 0;    // of hotline/app cases: suggested but wrong (an override)
  double unclassified = 0;        // of all cases: confidence < suggest_threshold
  double one_action_of_all = 0;   // one_action × hotline_app_weight
};

no_touch_metrics measure_no_touch(const std::vector<classified_text>& items,
                                  const config::intake_settings& intake, const source_mix& mix);

}  // namespace cityops::eval
