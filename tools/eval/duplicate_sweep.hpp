#pragma once
// Calibration aids for the duplicate rules: precision/recall/F1 over a grid of score
// thresholds (one replay serves every threshold), and a few settings of the score weights
// (w_text, w_distance, w_recency, text_full_at, distance_scale_m of domain::duplicate_rules),
// each replayed.
// Pure.

#include <string>
#include <vector>

#include "actors/domain/duplicate_detector.hpp"
#include "tools/eval/duplicate_replay.hpp"

namespace cityops::eval {

// lo, lo + step, … up to hi (inclusive within a rounding margin); empty when step ≤ 0.
std::vector<double> threshold_grid(double lo, double hi, double step);

struct threshold_point {
  double threshold = 0;
  detection_scores scores;  // verdict "best score ≥ threshold"
};

std::vector<threshold_point> sweep_thresholds(const replay_result& result,
                                              const std::vector<double>& grid);

struct weight_setting {
  std::string label;
  double w_text = 0.35;
  double w_distance = 0.55;
  double w_recency = 0.10;
  double text_full_at = 0.6;
  double distance_scale_m = 50;
};

// The detector's defaults first, then shifts towards text and towards place, stricter or
// looser text matching, a narrower or wider distance kernel, and the former weights.
std::vector<weight_setting> default_weight_settings();

struct weight_point {
  weight_setting setting;
  detection_scores at_link;  // at the rules' link_score
  detection_scores at_flag;  // at the rules' flag_score
  threshold_point best;      // the grid threshold with the highest F1 (lowest on ties)
  score_distributions distributions;
};

// Replays `reports` once per setting with `base` rules carrying the setting's weights.
std::vector<weight_point> sweep_weights(const std::vector<simulated_report>& reports,
                                        const std::vector<std::string>& categories,
                                        const domain::duplicate_rules& base,
                                        const std::vector<weight_setting>& settings,
                                        const std::vector<double>& grid,
                                        const category_alternatives& alternatives = {});

}  // namespace cityops::eval
