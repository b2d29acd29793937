// The `intake-intel` subcommand's options (intake_intel.hpp).
#include <cstdlib>
#include <memory>

#include <CLI/CLI.hpp>

#include "tools/bench/bench_commands.hpp"
#include "tools/bench/intake_intel.hpp"

namespace cityops::bench {

void add_intake_intel(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<intel_options>();
  const char* env = std::getenv("CITYOPS_MODEL_CACHE");
  o->model_cache = env && *env ? env : "/tmp/cityops-model-cache";
  auto* sub = app.add_subcommand(
      "intake-intel",
      "classifier, duplicate check and caller history per report; similar cases");
  sub->add_option("--stored", o->stored, "cases loaded into the case insight");
  sub->add_option("--open", o->open, "of them open (in the duplicate index)");
  sub->add_option("--reports", o->reports, "new reports timed");
  sub->add_option("--warmup", o->warmup, "reports run before timing");
  sub->add_option("--passes", o->passes,
                  "times every report is timed (the best per step drops preemptions)");
  sub->add_option("--similar", o->similar_queries, "similar-cases queries timed");
  sub->add_option("--callers", o->callers, "distinct callers");
  sub->add_option("--caller-skew", o->caller_skew,
                  "caller = pool * u^skew (1 uniform, 3 like `seed`: a few call very often)");
  sub->add_option("--repeat-share", o->repeat_share,
                  "share of new reports repeating a recent open case nearby");
  sub->add_option("--days", o->days, "stored cases' report times spread over these days");
  sub->add_option("--seed", o->seed, "random seed");
  sub->add_option("--model-cache", o->model_cache,
                  "model cache directory (default $CITYOPS_MODEL_CACHE or "
                  "/tmp/cityops-model-cache)");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run_intake_intel(*o, exit_code); });
}

}  // namespace cityops::bench
