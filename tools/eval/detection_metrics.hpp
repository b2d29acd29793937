#pragma once
// Precision, recall and F1 of a detector from its counts. Pure.

#include <cstddef>

namespace cityops::eval {

struct detection_counts {
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
};

struct detection_scores {
  detection_counts counts;
  double precision = 0;  // tp / (tp + fp); 0 when nothing was predicted
  double recall = 0;     // tp / (tp + fn); 0 when nothing was to be found
  double f1 = 0;         // harmonic mean of the two; 0 when both are 0
};

detection_scores score_detection(const detection_counts& counts);

}  // namespace cityops::eval
