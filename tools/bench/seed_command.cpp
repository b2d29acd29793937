// cityops-bench seed: writes N realistic stored cases into a data directory's event store
// (tools/bench/seed_writer.hpp), reporting the seeding rate and the size on disk.
#include <chrono>
#include <cstdio>
#include <memory>

#include "config/city_loader.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"
#include "tools/bench/seed_writer.hpp"

namespace cityops::bench {
namespace {

struct seed_command_options {
  std::string data;
  seed_run_options run;
  std::string json;
};

void run(seed_command_options& o, int& exit_code) {
  using steady = std::chrono::steady_clock;
  const auto t0 = steady::now();
  auto last_print = t0;
  const auto total = o.run.cases;
  o.run.progress = [&](std::uint64_t done) {
    const auto now = steady::now();
    if (done < total && now - last_print < std::chrono::seconds(5)) return;
    last_print = now;
    const double s = std::chrono::duration<double>(now - t0).count();
    std::fprintf(stderr, "seed: %s / %s cases, %.0f s, %s cases/s\n",
                 human_count(static_cast<double>(done)).c_str(),
                 human_count(static_cast<double>(total)).c_str(), s,
                 human_count(rate_per_second(done, s)).c_str());
  };
  seed_result r;
  std::string error;
  if (!seed_data_dir(o.data, config::default_city().city, o.run, r, error)) {
    std::fprintf(stderr, "seed: %s\n", error.c_str());
    exit_code = 1;
    return;
  }
  const double total_s = std::chrono::duration<double>(steady::now() - t0).count();
  const double rate = rate_per_second(r.cases, r.write_s);
  std::printf("seed: %s cases (%s events, %s alerts) over %u days into %s/store: %.1f s "
              "writing (sync off) = %s cases/s; close %.1f s, reopen %.1f s, settle %.1f s, "
              "sync %.1f s; total %.1f s; %s on disk (%.0f B/case)\n",
              human_count(static_cast<double>(r.cases)).c_str(),
              human_count(static_cast<double>(r.events)).c_str(),
              human_count(static_cast<double>(r.alerts)).c_str(), r.days, o.data.c_str(),
              r.write_s, human_count(rate).c_str(), r.close_s, r.reopen_s, r.settle_s, r.sync_s,
              total_s, human_bytes(static_cast<double>(r.store_bytes)).c_str(),
              static_cast<double>(r.store_bytes) / static_cast<double>(std::max<std::uint64_t>(1, r.cases)));
  std::printf("seed: ids %s .. %s; %s open (%s overdue); by status:", r.first_id.c_str(),
              r.last_id.c_str(), human_count(static_cast<double>(r.open_cases)).c_str(),
              human_count(static_cast<double>(r.overdue_open)).c_str());
  for (const auto& [k, v] : r.by_status) std::printf(" %s=%llu", k.c_str(), static_cast<unsigned long long>(v));
  std::printf("\n");

  gateway::json_writer w;
  begin_result(w, "seed");
  w.member("data_dir", o.data);
  w.member("cases", r.cases);
  w.member("events", r.events);
  w.member("alerts", r.alerts);
  w.member("days", static_cast<std::uint64_t>(r.days));
  w.member("batch", static_cast<std::uint64_t>(o.run.batch));
  w.member("random_seed", o.run.generator.random_seed);
  w.member("first_id", r.first_id);
  w.member("last_id", r.last_id);
  w.member("open_cases", r.open_cases);
  w.member("overdue_open_cases", r.overdue_open);
  w.key("by_status").begin_object();
  for (const auto& [k, v] : r.by_status) w.member(k, v);
  w.end_object();
  w.member("write_s", r.write_s);
  w.member("cases_per_s", rate);
  w.member("close_s", r.close_s);
  w.member("reopen_s", r.reopen_s);
  w.member("settle_s", r.settle_s);
  w.member("sync_s", r.sync_s);
  w.member("total_s", total_s);
  w.member("store_bytes", r.store_bytes);
  w.end_object();
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "seed: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_seed(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<seed_command_options>();
  auto* sub = app.add_subcommand("seed", "write N realistic stored cases into DATA/store");
  sub->add_option("--data", o->data, "data directory (cityopsd --data); must hold no cases")
      ->required();
  sub->add_option("--cases", o->run.cases, "cases to write");
  sub->add_option("--batch", o->run.batch, "cases per WriteBatch");
  sub->add_option("--days", o->run.generator.days, "spread the reports over the last N days");
  sub->add_option("--seed", o->run.generator.random_seed, "random seed");
  sub->add_flag("!--no-settle", o->run.settle, "do not wait for compactions after the reopen");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run(*o, exit_code); });
}

}  // namespace cityops::bench
