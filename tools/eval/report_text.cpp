#include "tools/eval/report_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cityops::eval {
namespace {

bool same(double a, double b) { return std::abs(a - b) < 1e-9; }

std::string mix_text(const source_mix& mix) {
  double total = 0;
  for (const auto& entry : mix) total += entry.second;
  std::string out;
  for (const auto& [source, weight] : mix) {
    if (!out.empty()) out += ", ";
    out += source + " " + (total > 0 ? fmt::format("{:.0f} %", 100 * weight / total) : "0 %");
  }
  return out;
}

std::string prf(const detection_scores& s) {
  const std::string counts = fmt::format("{}/{}/{}", s.counts.true_positives,
                                         s.counts.false_positives, s.counts.false_negatives);
  return fmt::format("{:>6.3f} {:>6.3f} {:>6.3f} {:>11}", s.precision, s.recall, s.f1, counts);
}

std::string distribution(const sample_summary& s, std::size_t total) {
  if (s.count == 0) return fmt::format("{:>6} {:>6}", total, 0);
  return fmt::format("{:>6} {:>6}  {:>6.3f} {:>6.3f} {:>6.3f}", total, s.count, s.min, s.median,
                     s.max);
}

void print_categories(std::ostream& out, const eval_report& r) {
  const auto& c = r.categories;
  out << fmt::format("1. Category (held-out texts: {})\n", c.count);
  out << fmt::format("   top-1 accuracy  {:>8}\n", percent(c.top1));
  out << fmt::format("   top-3 accuracy  {:>8}\n", percent(c.top3));
  out << "   per major (true category)   n     top-1  same major\n";
  for (const auto& m : c.by_major) {
    out << fmt::format("     {:<4} {:>20}  {:>8}  {:>8}    {}\n", m.code, m.count, percent(m.top1),
                       percent(m.same_major), m.name);
  }
  out << fmt::format("   {:<40} {:>5} {:>9} {:>9}\n", "per corpus file (held-out)", "n", "top-1",
                     "top-3");
  for (const auto& f : c.by_file) {
    out << fmt::format("     {:<38} {:>5} {:>9} {:>9}\n", f.name, f.count, percent(f.top1),
                       percent(f.top3));
  }
  out << fmt::format("   most frequent confusions (true → predicted), {} shown\n",
                     c.confusions.size());
  for (const auto& p : c.confusions) {
    out << fmt::format("     {:>4}  {:>4} → {:<4}  {} → {}\n", p.count, p.truth,
                       p.predicted.empty() ? "-" : p.predicted, p.truth_name,
                       p.predicted_name.empty() ? "(none)" : p.predicted_name);
  }
  out << '\n';
}

void print_departments(std::ostream& out, const eval_report& r) {
  const auto& d = r.departments;
  out << fmt::format("2. Department (held-out texts × {} community nodes)\n", d.nodes);
  out << fmt::format("   routed pairs {} (true category routes nowhere: {})\n", d.decisions,
                     d.unroutable);
  out << fmt::format("   department accuracy {:>8}   (category top-1 over the same pairs {})\n\n",
                     percent(d.accuracy), percent(d.category_accuracy));
}

void print_no_touch(std::ostream& out, const eval_report& r) {
  const auto& n = r.no_touch;
  const auto& m = n.metrics;
  out << fmt::format("3. No-touch share (mix: {}; auto ≥ {:.2f}, suggest ≥ {:.2f})\n",
                     mix_text(n.mix), n.auto_threshold, n.suggest_threshold);
  out << fmt::format("   automatic sources in the mix            {:>8}\n",
                     percent(m.automatic_weight));
  out << fmt::format("   held-out texts at or above auto         {:>8}\n",
                     percent(m.confident_share));
  out << fmt::format("   no touch (of all cases)                 {:>8}   accuracy of those {}\n",
                     percent(m.no_touch), percent(m.no_touch_accuracy));
  out << fmt::format("   hotline/app in the mix                  {:>8}\n",
                     percent(m.hotline_app_weight));
  out << fmt::format(
      "   one action: suggestion right            {:>8}   of hotline/app ({} of all)\n",
      percent(m.one_action), percent(m.one_action_of_all));
  out << fmt::format("   suggestion wrong: operator overrides    {:>8}   of hotline/app\n",
                     percent(m.suggestion_wrong));
  out << fmt::format("   needs classification (below suggest)    {:>8}   of all cases\n\n",
                     percent(m.unclassified));
}

void print_sweep(std::ostream& out, const duplicate_run& run, const duplicate_section& d) {
  out << fmt::format("   sweep ({} categories): verdict \"best score ≥ t\"\n", run.label);
  out << "         t       P      R     F1    tp/fp/fn\n";
  for (const auto& p : run.sweep) {
    const char* mark = same(p.threshold, d.link_score)   ? "  ← link_score"
                       : same(p.threshold, d.flag_score) ? "  ← flag_score"
                                                         : "";
    out << fmt::format("     {:>5.2f}  {}{}\n", p.threshold, prf(p.scores), mark);
  }
  out << fmt::format("   weight settings ({} categories)\n", run.label);
  out << "     setting           w_text w_dist w_rec full_at scale m  F1@link F1@flag  best t"
         "  best F1  true pairs med  near misses med\n";
  for (const auto& w : run.weights) {
    const auto& s = w.setting;
    out << fmt::format(
        "     {:<17} {:>6.2f} {:>6.2f} {:>5.2f} {:>7.2f} {:>7.0f}  {:>7.3f} {:>7.3f}  {:>6.2f}"
        "  {:>7.3f}  {:>14.3f}  {:>15.3f}\n",
        s.label, s.w_text, s.w_distance, s.w_recency, s.text_full_at, s.distance_scale_m,
        w.at_link.f1, w.at_flag.f1, w.best.threshold, w.best.scores.f1,
        w.distributions.true_pairs.median, w.distributions.near_misses.median);
  }
}

void print_duplicates(std::ostream& out, const eval_report& r) {
  const auto& d = r.duplicates;
  out << fmt::format(
      "4. Duplicates ({} incidents: {} reports, {} near misses; {} background cases;"
      " seed {})\n",
      d.incidents, d.reports, d.near_misses, d.background, d.seed);
  out << fmt::format(
      "   link ≥ {:.2f}, flag ≥ {:.2f}; reports with an earlier report of their"
      " incident: {}\n",
      d.link_score, d.flag_score, d.positives);
  out << fmt::format("   classifier top-1 on the reports and near misses: {}\n",
                     percent(d.classifier_top1));
  out << "                   linked                             linked or flagged\n";
  out << "   categories      P      R     F1    tp/fp/fn         P      R     F1    tp/fp/fn\n";
  for (const auto& run : d.runs) {
    out << fmt::format("   {:<10} {}    {}\n", run.label, prf(run.verdicts.linked),
                       prf(run.verdicts.linked_or_flagged));
  }
  out << "   match scores                pairs  found     min median    max\n";
  for (const auto& run : d.runs) {
    out << fmt::format(
        "   {:<10} true pairs   {}\n", run.label,
        distribution(run.distributions.true_pairs, run.distributions.true_pairs_total));
    out << fmt::format(
        "   {:<10} near misses  {}\n", "",
        distribution(run.distributions.near_misses, run.distributions.near_miss_total));
  }
  for (const auto& run : d.runs) {
    if (!run.sweep.empty()) print_sweep(out, run, d);
  }
  out << '\n';
}

void print_timing(std::ostream& out, const eval_report& r) {
  out << fmt::format(
      "5. Timing: classify() over {} held-out texts: mean {:.1f} µs, p99 {:.1f} µs"
      " (max {:.1f} µs; {} build)\n",
      r.classify_us.count, r.classify_us.mean, r.classify_us.p99, r.classify_us.max,
      r.build_type.empty() ? "unknown" : r.build_type);
}

}  // namespace

std::string percent(double share) { return fmt::format("{:.1f} %", 100 * share); }

void print_report(std::ostream& out, const eval_report& r) {
  out << "cityops-eval: intake intelligence on the held-out split\n";
  out << fmt::format("model {} ({}); training texts {}, held-out texts {}\n\n", r.model.name,
                     r.model.origin, r.model.training_texts, r.model.held_out_texts);
  print_categories(out, r);
  print_departments(out, r);
  print_no_touch(out, r);
  print_duplicates(out, r);
  print_timing(out, r);
}

}  // namespace cityops::eval
