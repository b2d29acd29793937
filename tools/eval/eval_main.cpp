// cityops-eval: the intake intelligence (classifier, routing, no-touch share, duplicates)
// measured on the held-out split of the corpus (tools/eval/README.md). The command line maps
// onto eval_options; the measuring lives in the cityops_eval library.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "tools/eval/report_json.hpp"
#include "tools/eval/report_text.hpp"
#include "tools/eval/run_evaluation.hpp"

int main(int argc, char** argv) {
  using namespace cityops::eval;
  eval_options o;
  if (const char* cache = std::getenv("CITYOPS_MODEL_CACHE")) o.model_cache = cache;
  o.duplicate_dir = CITYOPS_EVAL_CORPUS_DIR;
  std::string json_path;
  std::string mix_spec;
  std::size_t background = o.simulation.background;

  CLI::App app{"cityops-eval: intake intelligence on the held-out split of the corpus"};
  app.add_option(
      "--model-cache", o.model_cache,
      "Directory of cached models (<dir>/<model name>.bin; default $CITYOPS_MODEL_CACHE)");
  app.add_option("--json", json_path, "Write the figures as JSON to this file");
  app.add_flag("--sweep", o.sweep, "Duplicates: F1 over link_score values and weight settings");
  app.add_option(
      "--mix", mix_spec,
      "Source mix for the no-touch share (default hotline=60,app=15,grid=15,video=5,iot=5)");
  app.add_option("--dup-dir", o.duplicate_dir, "Directory of the dup_*.tsv files")
      ->capture_default_str();
  app.add_option("--seed", o.simulation.seed, "Seed of the duplicate simulation")
      ->capture_default_str();
  app.add_option("--background", background, "Unrelated open cases in the duplicate simulation")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  app.add_option("--community-every", o.community_every,
                 "Department accuracy at every n-th community")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--confusions", o.confusions, "Confusion pairs listed (most frequent first)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  o.simulation.background = background;

  if (!mix_spec.empty()) {
    std::string error;
    if (!parse_source_mix(mix_spec, o.mix, error)) {
      std::cerr << "cityops-eval: --mix: " << error << "\n";
      return 2;
    }
  }

  eval_report report;
  report.build_type = CITYOPS_EVAL_BUILD_TYPE;
  std::string error;
  if (!run_evaluation(o, report, error)) {
    std::cerr << "cityops-eval: " << error << "\n";
    return 1;
  }
  print_report(std::cout, report);
  if (!json_path.empty()) {
    std::ofstream out(json_path, std::ios::binary | std::ios::trunc);
    out << report_json(report);
    if (!out) {
      std::cerr << "cityops-eval: cannot write " << json_path << "\n";
      return 1;
    }
  }
  return 0;
}
