#pragma once
// Everything one evaluation run measured, as plain values: what the text table and the JSON
// file are printed from (report_text.hpp, report_json.hpp).

#include <cstddef>
#include <string>
#include <vector>

#include "tools/eval/category_metrics.hpp"
#include "tools/eval/department_metrics.hpp"
#include "tools/eval/duplicate_replay.hpp"
#include "tools/eval/duplicate_sweep.hpp"
#include "tools/eval/no_touch.hpp"
#include "tools/eval/sample_stats.hpp"

namespace cityops::eval {

struct model_section {
  std::string name;
  std::string origin;  // "trained in 14.2 s", "loaded from <path>", "trained, saved to <path>"
  std::size_t training_texts = 0;
  std::size_t held_out_texts = 0;
};

struct no_touch_section {
  source_mix mix;
  double auto_threshold = 0;
  double suggest_threshold = 0;
  no_touch_metrics metrics;
};

// One replay of the duplicate stream, under the predicted or the true categories.
struct duplicate_run {
  std::string label;  // "predicted" or "true"
  duplicate_verdicts verdicts;
  score_distributions distributions;
  std::vector<threshold_point> sweep;  // with --sweep
  std::vector<weight_point> weights;   // with --sweep
};

struct duplicate_section {
  std::size_t incidents = 0;
  std::size_t reports = 0;  // reports of incidents
  std::size_t near_misses = 0;
  std::size_t background = 0;
  std::size_t positives = 0;  // reports with an earlier report of their incident
  double link_score = 0;
  double flag_score = 0;
  double classifier_top1 = 0;  // on the incident and near-miss texts
  std::uint64_t seed = 0;
  std::vector<duplicate_run> runs;
};

struct eval_report {
  model_section model;
  category_metrics categories;
  department_metrics departments;
  no_touch_section no_touch;
  duplicate_section duplicates;
  sample_summary classify_us;  // classify() time per held-out text, microseconds
  std::string build_type;      // CMAKE_BUILD_TYPE of the tool (timings depend on it)
};

}  // namespace cityops::eval
