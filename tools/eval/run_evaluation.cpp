#include "tools/eval/run_evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "actors/domain/training_corpus.hpp"
#include "config/city_loader.hpp"
#include "tools/eval/classifier_cache.hpp"
#include "tools/eval/department_metrics.hpp"
#include "tools/eval/duplicate_corpus.hpp"
#include "tools/eval/duplicate_replay.hpp"
#include "tools/eval/duplicate_sweep.hpp"
#include "actors/domain/case_insight.hpp"

namespace cityops::eval {
namespace {

namespace fs = std::filesystem;

// The text's classification with its classify() time in microseconds.
classified_text classify(const domain::text_classifier& model, const std::string& text,
                         const std::string& truth, double& micros) {
  const auto start = std::chrono::steady_clock::now();
  const auto result = model.classify(text, 3);
  const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
  micros = took.count();
  classified_text c;
  c.truth = truth;
  c.confidence = result.confidence;
  for (const auto& s : result.top) c.top.push_back(s.code);
  return c;
}

// Every dup_*.tsv of `dir`, by file name.
bool read_duplicate_lines(const std::string& dir, std::vector<duplicate_line>& out,
                          std::string& error) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("dup_", 0) == 0 && entry.path().extension() == ".tsv") {
      files.push_back(entry.path());
    }
  }
  if (ec) {
    error = "cannot read " + dir + ": " + ec.message();
    return false;
  }
  if (files.empty()) {
    error = "no dup_*.tsv in " + dir;
    return false;
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      error = "cannot read " + f.string();
      return false;
    }
    auto lines = parse_duplicate_tsv(text.str());
    out.insert(out.end(), lines.begin(), lines.end());
  }
  return true;
}

void evaluate_duplicates(const eval_options& options, const domain::text_classifier& model,
                         const config::city_config& cfg,
                         const std::vector<domain::labelled_text>& held_out,
                         const std::vector<duplicate_line>& lines, duplicate_section& d) {
  const auto incidents = group_incidents(lines);
  const auto reports = simulate_reports(incidents, held_out, options.simulation);
  domain::duplicate_rules rules = domain::duplicate_rules_from(cfg.intake.duplicates);
  d.link_score = rules.link_score;
  d.flag_score = rules.flag_score;
  d.seed = options.simulation.seed;
  d.incidents = incidents.size();

  // Incident reports and near misses are filed under the classifier's category; background
  // cases keep their true category in both runs.
  std::vector<std::string> truth;
  std::vector<std::string> predicted;
  category_alternatives predicted_alternatives;  // the classifier's other top categories
  std::size_t classified = 0;
  std::size_t right = 0;
  for (const auto& r : reports) {
    truth.push_back(r.category);
    if (r.kind == report_kind::background) {
      ++d.background;
      predicted.push_back(r.category);
      predicted_alternatives.emplace_back();
      continue;
    }
    (r.kind == report_kind::report ? d.reports : d.near_misses) += 1;
    const auto result = model.classify(r.text, 3);
    predicted.push_back(result.category);
    predicted_alternatives.push_back(
        domain::alternative_categories(result, result.category, rules));
    ++classified;
    right += result.category == r.category;
  }
  d.classifier_top1 = classified > 0 ? static_cast<double>(right) / classified : 0;

  const auto grid = threshold_grid(0.10, 0.95, 0.05);
  const category_alternatives no_alternatives;
  for (const auto& [label, categories, alternatives] :
       {std::tuple<std::string, const std::vector<std::string>*, const category_alternatives*>{
            "predicted", &predicted, &predicted_alternatives},
        std::tuple<std::string, const std::vector<std::string>*, const category_alternatives*>{
            "true", &truth, &no_alternatives}}) {
    const replay_result result = replay_duplicates(reports, *categories, rules, *alternatives);
    duplicate_run run;
    run.label = label;
    run.verdicts = score_verdicts(result, rules.link_score, rules.flag_score);
    run.distributions = distributions(result);
    if (options.sweep) {
      run.sweep = sweep_thresholds(result, grid);
      run.weights = sweep_weights(reports, *categories, rules, default_weight_settings(), grid,
                                  *alternatives);
    }
    d.positives = static_cast<std::size_t>(
        std::count_if(result.queries.begin(), result.queries.end(),
                      [](const replay_query& q) { return q.has_open_mate; }));
    d.runs.push_back(std::move(run));
  }
}

}  // namespace

bool run_evaluation(const eval_options& options, eval_report& report, std::string& error) {
  std::vector<duplicate_line> duplicate_lines;
  if (!read_duplicate_lines(options.duplicate_dir, duplicate_lines, error)) return false;

  const config::city_config& cfg = config::default_city();
  const auto corpus = domain::build_training_corpus(cfg.intake.corpus, cfg.city);
  auto model = obtain_classifier(corpus.training, options.model_cache, report.model.origin, error);
  if (!model) return false;
  report.model.name = model->name();
  report.model.training_texts = corpus.training.size();
  report.model.held_out_texts = corpus.held_out.size();

  std::vector<classified_text> items;
  std::vector<double> micros;
  items.reserve(corpus.held_out.size());
  micros.reserve(corpus.held_out.size());
  for (const auto& t : corpus.held_out) {
    double us = 0;
    items.push_back(classify(*model, t.text, t.category, us));
    micros.push_back(us);
  }
  report.classify_us = summarize(micros);

  report.categories = measure_categories(items, cfg.city, options.confusions);
  // build_training_corpus holds texts out file by file, in the config's order.
  std::vector<std::pair<std::string, std::size_t>> held_out_per_file;
  for (const auto& f : cfg.intake.corpus) {
    const auto texts = domain::parse_corpus(f.text);
    held_out_per_file.emplace_back(
        f.name, static_cast<std::size_t>(std::count_if(
                    texts.begin(), texts.end(),
                    [](const domain::labelled_text& t) { return domain::is_held_out(t.text); })));
  }
  report.categories.by_file = measure_files(items, held_out_per_file);
  report.departments =
      measure_departments(items, cfg.city, sample_communities(cfg.city, options.community_every));
  report.no_touch.mix = options.mix;
  report.no_touch.auto_threshold = cfg.intake.auto_threshold;
  report.no_touch.suggest_threshold = cfg.intake.suggest_threshold;
  report.no_touch.metrics = measure_no_touch(items, cfg.intake, options.mix);
  evaluate_duplicates(options, *model, cfg, corpus.held_out, duplicate_lines, report.duplicates);
  return true;
}

}  // namespace cityops::eval
