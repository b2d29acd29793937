#include "tools/eval/detection_metrics.hpp"

namespace cityops::eval {

detection_scores score_detection(const detection_counts& counts) {
  detection_scores s;
  s.counts = counts;
  const auto tp = static_cast<double>(counts.true_positives);
  const double predicted = tp + static_cast<double>(counts.false_positives);
  const double actual = tp + static_cast<double>(counts.false_negatives);
  s.precision = predicted > 0 ? tp / predicted : 0;
  s.recall = actual > 0 ? tp / actual : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace cityops::eval
