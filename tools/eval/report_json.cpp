#include "tools/eval/report_json.hpp"

#include "tools/eval/json_writer.hpp"

namespace cityops::eval {
namespace {

void write_scores(json_writer& w, const detection_scores& s) {
  w.begin_object();
  w.key("precision").value(s.precision);
  w.key("recall").value(s.recall);
  w.key("f1").value(s.f1);
  w.key("true_positives").value(std::uint64_t{s.counts.true_positives});
  w.key("false_positives").value(std::uint64_t{s.counts.false_positives});
  w.key("false_negatives").value(std::uint64_t{s.counts.false_negatives});
  w.end_object();
}

void write_summary(json_writer& w, const sample_summary& s, std::size_t total) {
  w.begin_object();
  w.key("pairs").value(std::uint64_t{total});
  w.key("found").value(std::uint64_t{s.count});
  w.key("min").value(s.min);
  w.key("median").value(s.median);
  w.key("max").value(s.max);
  w.end_object();
}

void write_categories(json_writer& w, const category_metrics& c) {
  w.key("category").begin_object();
  w.key("count").value(std::uint64_t{c.count});
  w.key("top1").value(c.top1);
  w.key("top3").value(c.top3);
  w.key("by_major").begin_array();
  for (const auto& m : c.by_major) {
    w.begin_object();
    w.key("code").value(m.code).key("name").value(m.name);
    w.key("count").value(std::uint64_t{m.count});
    w.key("top1").value(m.top1).key("same_major").value(m.same_major);
    w.end_object();
  }
  w.end_array();
  w.key("by_file").begin_array();
  for (const auto& f : c.by_file) {
    w.begin_object();
    w.key("name").value(f.name).key("count").value(std::uint64_t{f.count});
    w.key("top1").value(f.top1).key("top3").value(f.top3);
    w.end_object();
  }
  w.end_array();
  w.key("confusions").begin_array();
  for (const auto& p : c.confusions) {
    w.begin_object();
    w.key("true").value(p.truth).key("true_name").value(p.truth_name);
    w.key("predicted").value(p.predicted).key("predicted_name").value(p.predicted_name);
    w.key("count").value(std::uint64_t{p.count});
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_departments(json_writer& w, const department_metrics& d) {
  w.key("department").begin_object();
  w.key("nodes").value(std::uint64_t{d.nodes});
  w.key("pairs").value(std::uint64_t{d.decisions});
  w.key("unroutable").value(std::uint64_t{d.unroutable});
  w.key("accuracy").value(d.accuracy);
  w.key("category_accuracy").value(d.category_accuracy);
  w.end_object();
}

void write_no_touch(json_writer& w, const no_touch_section& n) {
  const auto& m = n.metrics;
  w.key("no_touch").begin_object();
  w.key("mix").begin_object();
  for (const auto& [source, weight] : n.mix) w.key(source).value(weight);
  w.end_object();
  w.key("auto_threshold").value(n.auto_threshold);
  w.key("suggest_threshold").value(n.suggest_threshold);
  w.key("automatic_weight").value(m.automatic_weight);
  w.key("confident_share").value(m.confident_share);
  w.key("no_touch").value(m.no_touch);
  w.key("no_touch_accuracy").value(m.no_touch_accuracy);
  w.key("hotline_app_weight").value(m.hotline_app_weight);
  w.key("one_action").value(m.one_action);
  w.key("one_action_of_all").value(m.one_action_of_all);
  w.key("suggestion_wrong").value(m.suggestion_wrong);
  w.key("needs_classification").value(m.unclassified);
  w.end_object();
}

void write_run(json_writer& w, const duplicate_run& run) {
  w.begin_object();
  w.key("categories").value(run.label);
  w.key("linked");
  write_scores(w, run.verdicts.linked);
  w.key("linked_or_flagged");
  write_scores(w, run.verdicts.linked_or_flagged);
  w.key("true_pair_scores");
  write_summary(w, run.distributions.true_pairs, run.distributions.true_pairs_total);
  w.key("near_miss_scores");
  write_summary(w, run.distributions.near_misses, run.distributions.near_miss_total);
  if (!run.sweep.empty()) {
    w.key("sweep").begin_array();
    for (const auto& p : run.sweep) {
      w.begin_object().key("threshold").value(p.threshold).key("scores");
      write_scores(w, p.scores);
      w.end_object();
    }
    w.end_array();
    w.key("weights").begin_array();
    for (const auto& p : run.weights) {
      w.begin_object();
      w.key("label").value(p.setting.label);
      w.key("w_text").value(p.setting.w_text).key("w_distance").value(p.setting.w_distance);
      w.key("w_recency").value(p.setting.w_recency);
      w.key("text_full_at").value(p.setting.text_full_at);
      w.key("distance_scale_m").value(p.setting.distance_scale_m);
      w.key("at_link");
      write_scores(w, p.at_link);
      w.key("at_flag");
      write_scores(w, p.at_flag);
      w.key("best_threshold").value(p.best.threshold).key("best");
      write_scores(w, p.best.scores);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

void write_duplicates(json_writer& w, const duplicate_section& d) {
  w.key("duplicates").begin_object();
  w.key("incidents").value(std::uint64_t{d.incidents});
  w.key("reports").value(std::uint64_t{d.reports});
  w.key("near_misses").value(std::uint64_t{d.near_misses});
  w.key("background").value(std::uint64_t{d.background});
  w.key("positives").value(std::uint64_t{d.positives});
  w.key("link_score").value(d.link_score).key("flag_score").value(d.flag_score);
  w.key("classifier_top1").value(d.classifier_top1);
  w.key("seed").value(std::uint64_t{d.seed});
  w.key("runs").begin_array();
  for (const auto& run : d.runs) write_run(w, run);
  w.end_array();
  w.end_object();
}

}  // namespace

std::string report_json(const eval_report& r) {
  json_writer w;
  w.begin_object();
  w.key("model").begin_object();
  w.key("name").value(r.model.name).key("origin").value(r.model.origin);
  w.key("training_texts").value(std::uint64_t{r.model.training_texts});
  w.key("held_out_texts").value(std::uint64_t{r.model.held_out_texts});
  w.end_object();
  write_categories(w, r.categories);
  write_departments(w, r.departments);
  write_no_touch(w, r.no_touch);
  write_duplicates(w, r.duplicates);
  w.key("classify_us").begin_object();
  w.key("count").value(std::uint64_t{r.classify_us.count});
  w.key("mean").value(r.classify_us.mean).key("p99").value(r.classify_us.p99);
  w.key("max").value(r.classify_us.max);
  w.key("build_type").value(r.build_type);
  w.end_object();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace cityops::eval
