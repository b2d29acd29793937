// cityops-crash: kill -9 the service under load, restart it, and check that nothing it
// acknowledged was lost and no Idempotency-Key made two cases. See tools/crash/README.md.
#include <CLI/CLI.hpp>

#include <iostream>

#include "tools/crash/crash_runner.hpp"

#ifndef CITYOPS_CRASH_DEFAULT_CITYOPSD
#define CITYOPS_CRASH_DEFAULT_CITYOPSD "cityopsd"
#endif

int main(int argc, char** argv) {
  cityops::crash::crash_options o;
  o.cityopsd = CITYOPS_CRASH_DEFAULT_CITYOPSD;
  CLI::App app{"cityops-crash — crash consistency test for cityopsd"};
  app.add_option("--cityopsd", o.cityopsd, "the cityopsd binary")->capture_default_str();
  app.add_option("--iterations", o.iterations, "kill -9 / restart cycles")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--duration-per-iteration", o.duration_s,
                 "seconds of load per iteration: the kill comes at a seeded random moment "
                 "uniform in [--kill-min, this]")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--kill-min", o.kill_min_s,
                 "earliest kill moment in seconds after the load starts (default: a fifth of "
                 "--duration-per-iteration)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--workers", o.workers, "concurrent keep-alive load connections")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--seed", o.seed, "seed of the kill moments and the workload")
      ->capture_default_str();
  app.add_option("--soak", o.soak_hours,
                 "soak mode: repeat until this many hours have passed (e.g. 0.2); "
                 "--iterations is ignored")
      ->check(CLI::PositiveNumber);
  app.add_option("--data", o.data_dir,
                 "persistent data directory (default: a fresh temporary directory, removed "
                 "afterwards)");
  app.add_flag("--keep", o.keep, "keep the temporary directory when a violation is found");
  app.add_option("--log", o.log_path, "the ack log (default: ack.log beside the data)");
  app.add_option("--verify-sample", o.verify_sample,
                 "older cases re-read per iteration besides the last load's (the final "
                 "verification reads every case)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--ready-timeout", o.ready_timeout_s,
                 "seconds to wait for cityopsd to print its address")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return cityops::crash::run_crash_test(o);
}
