#pragma once
// The cityops-bench subcommands (tools/bench/README.md). Each adds itself to the CLI app;
// when it runs it prints one human line per measurement and, with --json FILE, writes a JSON
// result. `exit_code` is set to non-zero when a run fails.

#include <CLI/CLI.hpp>

namespace cityops::bench {

void add_caf_messages(CLI::App& app, int& exit_code);
void add_store_append(CLI::App& app, int& exit_code);
void add_case_memory(CLI::App& app, int& exit_code);
void add_seed(CLI::App& app, int& exit_code);
void add_start_ready(CLI::App& app, int& exit_code);
void add_intake_intel(CLI::App& app, int& exit_code);
void add_risk_detectors(CLI::App& app, int& exit_code);
void add_geo_locate(CLI::App& app, int& exit_code);
void add_scenario_rules(CLI::App& app, int& exit_code);
void add_kpi(CLI::App& app, int& exit_code);  // kpi-append, kpi-query

}  // namespace cityops::bench
