#include "tools/eval/duplicate_sweep.hpp"

#include <cmath>
#include <utility>

namespace cityops::eval {

std::vector<double> threshold_grid(double lo, double hi, double step) {
  std::vector<double> out;
  if (!(step > 0)) return out;
  for (int i = 0;; ++i) {
    // Multiples of step from lo, rounded to micro-units so 0.1 + 0.05·k prints cleanly.
    const double t = std::round((lo + step * i) * 1e6) / 1e6;
    if (t > hi + step * 1e-6) break;
    out.push_back(t);
  }
  return out;
}

std::vector<threshold_point> sweep_thresholds(const replay_result& result,
                                              const std::vector<double>& grid) {
  std::vector<threshold_point> out;
  out.reserve(grid.size());
  for (double t : grid) out.push_back({t, score_threshold(result, t)});
  return out;
}

std::vector<weight_setting> default_weight_settings() {
  const domain::duplicate_rules d;
  const auto with = [&d](std::string label, double wt, double wd, double wr, double full,
                         double scale) {
    return weight_setting{std::move(label), wt, wd, wr, full, scale};
  };
  const double full = d.text_full_at;
  const double scale = d.distance_scale_m;
  return {with("defaults", d.w_text, d.w_distance, d.w_recency, full, scale),
          with("more text", 0.5, 0.4, 0.1, full, scale),
          with("text only", 1.0, 0.0, 0.0, full, scale),
          with("more place", 0.25, 0.65, 0.1, full, scale),
          with("no recency", 0.4, 0.6, 0.0, full, scale),
          with("text full at 0.4", d.w_text, d.w_distance, d.w_recency, 0.4, scale),
          with("text full at 0.8", d.w_text, d.w_distance, d.w_recency, 0.8, scale),
          with("scale 30 m", d.w_text, d.w_distance, d.w_recency, full, 30),
          with("scale 80 m", d.w_text, d.w_distance, d.w_recency, full, 80),
          with("old weights", 0.6, 0.25, 0.15, full, scale)};
}

std::vector<weight_point> sweep_weights(const std::vector<simulated_report>& reports,
                                        const std::vector<std::string>& categories,
                                        const domain::duplicate_rules& base,
                                        const std::vector<weight_setting>& settings,
                                        const std::vector<double>& grid,
                                        const category_alternatives& alternatives) {
  std::vector<weight_point> out;
  out.reserve(settings.size());
  for (const auto& s : settings) {
    domain::duplicate_rules rules = base;
    rules.w_text = s.w_text;
    rules.w_distance = s.w_distance;
    rules.w_recency = s.w_recency;
    rules.text_full_at = s.text_full_at;
    rules.distance_scale_m = s.distance_scale_m;
    const replay_result result = replay_duplicates(reports, categories, rules, alternatives);
    weight_point p;
    p.setting = s;
    p.at_link = score_threshold(result, rules.link_score);
    p.at_flag = score_threshold(result, rules.flag_score);
    for (const auto& point : sweep_thresholds(result, grid)) {
      if (point.scores.f1 > p.best.scores.f1) p.best = point;
    }
    p.distributions = distributions(result);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace cityops::eval
