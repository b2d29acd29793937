// cityops-bench: the benchmarks behind docs/performance.md (tools/bench/README.md).
#include <spdlog/spdlog.h>

#include "tools/bench/bench_commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"cityops-bench — CAF message rate, event-store appends, memory per case, seeding, "
               "start-to-ready, intake intelligence, risk detectors, KPI counters"};
  app.require_subcommand(1);
  int exit_code = 0;
  spdlog::set_level(spdlog::level::warn);  // the runtime's info lines would drown the results
  cityops::bench::add_caf_messages(app, exit_code);
  cityops::bench::add_store_append(app, exit_code);
  cityops::bench::add_case_memory(app, exit_code);
  cityops::bench::add_seed(app, exit_code);
  cityops::bench::add_start_ready(app, exit_code);
  cityops::bench::add_intake_intel(app, exit_code);
  cityops::bench::add_risk_detectors(app, exit_code);
  cityops::bench::add_geo_locate(app, exit_code);
  cityops::bench::add_scenario_rules(app, exit_code);
  cityops::bench::add_kpi(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
