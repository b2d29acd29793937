#pragma once
// One evaluation run: builds the corpus of the embedded city, obtains the classifier
// (classifier_cache.hpp), classifies the held-out texts (timing each call), measures the
// categories, departments and no-touch share, and replays the duplicate test set under the
// predicted and the true categories.

#include <cstddef>
#include <string>

#include "tools/eval/duplicate_simulation.hpp"
#include "tools/eval/eval_report.hpp"
#include "tools/eval/no_touch.hpp"

namespace cityops::eval {

struct eval_options {
  std::string model_cache;    // "" = train every run
  std::string duplicate_dir;  // where dup_*.tsv lie
  bool sweep = false;         // threshold and weight sweeps of the duplicate rules
  source_mix mix = default_source_mix();
  simulation_options simulation;
  std::size_t community_every = 50;  // department accuracy: every n-th community
  std::size_t confusions = 15;       // confusion pairs listed, most frequent first
};

// Fills `report`; false with `error` when the classifier or the duplicate files are missing.
bool run_evaluation(const eval_options& options, eval_report& report, std::string& error);

}  // namespace cityops::eval
