// The KPI subcommands (docs/kpi.md), on the embedded Yantai city:
//   kpi-append  what keeping the KPI counters adds to every committed write: the writes of
//               --cases generated cases (seed_generator with transfers and reopens, each
//               history cut into the writes its actor commits, in commit order) through
//               (a) domain::kpi_changes alone and (b) event_store::append in group-commit
//               batches of --batch (a case once per batch, sync off: the CPU, not the disk),
//               into a store with the counters and one without (store_options::kpi_counters),
//               batch by batch in turn;
//               events/s and the µs each event adds. Target: the KPI path keeps up with
//               30,000 committed events/s.
//   kpi-query   a year's KPIs of the city (365 day rows: kpi_reader::read + summarize) from a
//               store holding --cases cases. The store is filled by appends of synthetic
//               cases: --templates generated histories (all moves) copied with their times
//               moved to a day of the year (days weighted like the seed: weekdays busier, storm
//               days) under new ids, each case one write of its whole history; then closed and
//               reopened. p50/p99 of --queries queries (target ≤ 10 ms).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/kpi_calculator.hpp"
#include "actors/domain/kpi_summary.hpp"
#include "config/city_loader.hpp"
#include "storage/event_store.hpp"
#include "storage/kpi_store.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"
#include "tools/bench/seed_writer.hpp"
#include "tools/bench/seed_writes.hpp"

namespace cityops::bench {
namespace {

using steady = std::chrono::steady_clock;

double seconds_since(steady::time_point t0) {
  return std::chrono::duration<double>(steady::now() - t0).count();
}

struct temp_store_dir {
  explicit temp_store_dir(const std::string& parent) {
    std::string templ = parent + "/cityops-kpi-bench-XXXXXX";
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp in " + parent + " failed");
    path = templ;
  }
  ~temp_store_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

std::unique_ptr<storage::event_store> open_store(const std::string& dir, bool kpi) {
  storage::store_options o;
  o.sync = false;
  o.kpi_counters = kpi;
  std::unique_ptr<storage::event_store> store;
  if (auto s = storage::event_store::open(dir, o, store); !s.is_ok())
    throw std::runtime_error(s.to_string());
  return store;
}

seed_options generator_options(std::int64_t now_ms, std::uint32_t days) {
  seed_options o;
  o.now_ms = now_ms;
  o.days = days;
  o.transfer_share = 0.03;
  o.reopen_share = 0.02;
  return o;
}

std::uint64_t count_events(const std::vector<storage::case_write>& writes) {
  std::uint64_t n = 0;
  for (const auto& w : writes) n += w.events.size();
  return n;
}

// ---- kpi-append --------------------------------------------------------------------------

struct append_options {
  std::uint64_t cases = 20'000;
  std::uint32_t days = 30;
  std::size_t batch = 64;
  std::string dir = "/tmp";
  std::string json;
};

// Seconds inside append() for every write, in batches, of a store without the counters and
// one with them, batch by batch in turn: both see the same moments of a shared machine (other
// processes, the other store's flushes and compactions), so their difference is the counters'.
struct append_seconds {
  double without = 0;
  double with = 0;
};
append_seconds append_all(storage::event_store& without, storage::event_store& with,
                          const std::vector<storage::case_write>& writes, std::size_t batch) {
  append_seconds inside;
  for (std::size_t i = 0; i < writes.size();) {
    const auto end = batch_end(writes, i, batch);
    const std::vector<storage::case_write> b(writes.begin() + static_cast<std::ptrdiff_t>(i),
                                             writes.begin() + static_cast<std::ptrdiff_t>(end));
    for (auto* store : {&without, &with}) {
      const auto t0 = steady::now();
      if (auto s = store->append(b); !s.is_ok()) throw std::runtime_error(s.to_string());
      (store == &with ? inside.with : inside.without) += seconds_since(t0);
    }
    i = end;
  }
  return inside;
}

void run_append(const append_options& o, int& exit_code) {
  const auto& city = config::default_city().city;
  const std::int64_t now = domain::china_local_day(1'795'000'000'000) * domain::ms_per_day -
                           domain::china_offset_ms;  // 2026-11-18 00:00 local
  const seed_generator gen(city, "bench-salt", generator_options(now, o.days));
  std::mt19937_64 rng(20261201);
  auto t0 = steady::now();
  const auto writes = generated_writes(gen, city.city_id, o.cases, rng);
  const double generate_s = seconds_since(t0);
  const std::uint64_t events = count_events(writes);

  t0 = steady::now();
  std::uint64_t changes = 0;
  for (const auto& w : writes)
    changes += domain::kpi_changes(w.previous ? &*w.previous : nullptr, w.events, w.snapshot)
                   .size();
  const double changes_s = seconds_since(t0);

  temp_store_dir dir(o.dir);
  auto without = open_store(dir.path + "/without", false);
  auto with = open_store(dir.path + "/with", true);
  const auto inside = append_all(*without, *with, writes, o.batch);
  std::fprintf(stderr, "%s\n", with->stats().c_str());
  const double with_s = inside.with;
  const double without_s = inside.without;
  const double per_event_us = changes_s / static_cast<double>(events) * 1e6;
  const double added_us = (with_s - without_s) / static_cast<double>(events) * 1e6;
  std::printf("kpi-append: %llu cases, %zu writes, %llu events generated in %.1f s\n",
              static_cast<unsigned long long>(o.cases), writes.size(),
              static_cast<unsigned long long>(events), generate_s);
  std::printf("kpi-append: kpi_changes alone: %s events/s, %.2f us per event (%llu scope-day "
              "changes)\n",
              human_count(rate_per_second(events, changes_s)).c_str(), per_event_us,
              static_cast<unsigned long long>(changes));
  std::printf("kpi-append: append (batches of %zu, sync off): without KPIs %s events/s, with "
              "%s events/s; the KPIs add %.2f us per event (%.1fx the 30,000 events/s needed)\n",
              o.batch, human_count(rate_per_second(events, without_s)).c_str(),
              human_count(rate_per_second(events, with_s)).c_str(), added_us,
              rate_per_second(events, with_s) / 30'000);

  gateway::json_writer w;
  begin_result(w, "kpi-append");
  w.member("cases", o.cases);
  w.member("writes", static_cast<std::uint64_t>(writes.size()));
  w.member("events", events);
  w.member("batch", static_cast<std::uint64_t>(o.batch));
  w.member("kpi_changes_events_per_s", rate_per_second(events, changes_s));
  w.member("kpi_changes_us_per_event", per_event_us);
  w.member("append_without_kpi_events_per_s", rate_per_second(events, without_s));
  w.member("append_with_kpi_events_per_s", rate_per_second(events, with_s));
  w.member("kpi_added_us_per_event", added_us);
  w.end_object();
  std::string error;
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "kpi-append: %s\n", error.c_str());
    exit_code = 1;
  }
}

// ---- kpi-query ---------------------------------------------------------------------------

struct query_options {
  std::uint64_t cases = 1'000'000;
  std::uint32_t templates = 20'000;
  std::size_t batch = 2'000;
  std::uint32_t queries = 200;
  std::string dir = "/tmp";
  std::string json;
};

// A template's events moved by `shift` ms, as the writes of a new case `id`.
storage::case_write shifted(const domain::case_record& t, const std::string& id,
                            std::int64_t shift) {
  storage::case_write w;
  w.case_id = id;
  w.events = t.history;
  w.snapshot.id = id;
  for (auto& e : w.events) {
    e.at_ms += shift;
    if (e.deadline_ms != 0) e.deadline_ms += shift;
    if (e.until_ms != 0) e.until_ms += shift;
    domain::apply(w.snapshot, e);
  }
  return w;
}

// Fills a store with `cases` cases over the year before `now` from `templates`.
void fill_year(storage::event_store& store, const query_options& o, std::int64_t now) {
  const auto& city = config::default_city().city;
  const seed_generator year(city, "bench-salt", generator_options(now, 365));
  const seed_generator recent(city, "bench-salt", generator_options(now, 30));
  std::mt19937_64 rng(20261202);
  std::vector<domain::case_record> templates;
  const auto starts = recent.report_times(recent.day_start_ms(0), o.templates, rng);
  for (std::uint32_t i = 0; i < o.templates; ++i) {
    seed_case_input in;
    in.id = "3706-template-" + std::to_string(i);
    in.report_ms = starts[i];
    if (i > 0) in.merge_target = templates.back().id;
    templates.push_back(recent.make_case(in, rng));
  }
  const auto per_day = year.cases_per_day(o.cases, rng);
  std::uniform_int_distribution<std::size_t> pick(0, templates.size() - 1);
  std::vector<storage::case_write> batch;
  std::uint64_t written = 0;
  for (std::uint32_t d = 0; d < per_day.size(); ++d) {
    const auto day = domain::local_day_stamp(year.day_start_ms(d));
    const auto times = year.report_times(year.day_start_ms(d), per_day[d], rng);
    for (std::uint64_t k = 0; k < times.size(); ++k) {
      const auto& t = templates[pick(rng)];
      char id[48];
      std::snprintf(id, sizeof id, "3706-%s-%06llu", day.c_str(),
                    static_cast<unsigned long long>(k + 1));
      batch.push_back(shifted(t, id, times[k] - t.created_ms));
      if (batch.size() >= o.batch) {
        if (auto s = store.append(batch); !s.is_ok()) throw std::runtime_error(s.to_string());
        written += batch.size();
        batch.clear();
        if (written % 100'000 == 0)
          std::fprintf(stderr, "kpi-query: %llu cases written\n",
                       static_cast<unsigned long long>(written));
      }
    }
  }
  if (auto s = store.append(batch); !s.is_ok()) throw std::runtime_error(s.to_string());
}

struct query_run {
  sample_summary ms;
  std::size_t rows = 0;
  domain::kpi_summary last;
};

query_run time_queries(const storage::event_store& store, const std::string& scope,
                       std::int64_t from, std::int64_t to, std::uint32_t n, bool department) {
  const storage::kpi_reader reader(store);
  query_run r;
  std::vector<double> ms;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto t0 = steady::now();
    storage::kpi_rows rows;
    if (auto s = reader.read(scope, from, to, rows); !s.is_ok())
      throw std::runtime_error(s.to_string());
    domain::kpi_counters sum;
    for (const auto& [day, c] : rows.days) sum.add(c);
    r.last = domain::summarize(sum, rows.now, department);
    ms.push_back(seconds_since(t0) * 1000);
    r.rows = rows.days.size();
  }
  r.ms = summarize(std::move(ms));
  return r;
}

// The department scope with the most dispatches over the days (read untimed).
std::string busiest_department(const storage::event_store& store, std::int64_t from,
                               std::int64_t to) {
  const storage::kpi_reader reader(store);
  std::vector<std::string> scopes;
  if (auto s = reader.scopes(scopes); !s.is_ok()) throw std::runtime_error(s.to_string());
  std::string best;
  std::int64_t most = -1;
  for (const auto& scope : scopes) {
    if (scope.rfind("department:", 0) != 0) continue;
    storage::kpi_rows rows;
    if (auto s = reader.read(scope, from, to, rows); !s.is_ok())
      throw std::runtime_error(s.to_string());
    std::int64_t n = 0;
    for (const auto& [day, c] : rows.days) n += c.get(domain::kpi_field::dispatched);
    if (n > most) {
      most = n;
      best = scope;
    }
  }
  return best;
}

void run_query(const query_options& o, int& exit_code) {
  const std::int64_t now = domain::china_local_day(1'795'000'000'000) * domain::ms_per_day -
                           domain::china_offset_ms;
  temp_store_dir dir(o.dir);
  const std::string path = dir.path + "/store";
  auto t0 = steady::now();
  {
    auto store = open_store(path, true);
    fill_year(*store, o, now);
  }
  const double fill_s = seconds_since(t0);
  t0 = steady::now();
  auto store = open_store(path, true);  // the WAL replayed into table files
  const double reopen_s = seconds_since(t0);
  const auto today = domain::china_local_day(now);
  const auto from = today - 364;
  std::printf("kpi-query: %llu cases (synthetic: %u generated histories moved to days of the "
              "year, appended in batches of %zu) in %.1f s, reopened in %.1f s, %s on disk\n",
              static_cast<unsigned long long>(store->case_count()), o.templates, o.batch, fill_s,
              reopen_s, human_bytes(static_cast<double>(directory_bytes(path))).c_str());
  gateway::json_writer w;
  begin_result(w, "kpi-query");
  w.member("cases", store->case_count());
  w.member("templates", static_cast<std::uint64_t>(o.templates));
  w.member("fill_seconds", fill_s);
  w.key("queries").begin_array();
  const std::vector<std::pair<std::string, bool>> scopes{
      {"node:3706", false},
      {"node:370602", false},
      {busiest_department(*store, from, today), true}};
  for (const auto& [scope, department] : scopes) {
    const auto cold = time_queries(*store, scope, from, today, 1, department);
    const auto r = time_queries(*store, scope, from, today, o.queries, department);
    std::printf("kpi-query: %s over 365 days (%zu day rows, %lld reported, %lld dispatched): "
                "first %.2f ms, "
                "then p50 %.2f ms p99 %.2f ms max %.2f ms (target <= 10 ms)\n",
                scope.c_str(), r.rows, static_cast<long long>(r.last.reported),
                static_cast<long long>(r.last.dispatched), cold.ms.max,
                r.ms.p50, r.ms.p99, r.ms.max);
    w.begin_object();
    w.member("scope", scope);
    w.member("day_rows", static_cast<std::uint64_t>(r.rows));
    w.member("first_ms", cold.ms.max);
    write_summary(w, "ms", r.ms);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string error;
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "kpi-query: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_kpi(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<append_options>();
  auto* append = app.add_subcommand(
      "kpi-append", "what the KPI counters add to every committed write (events/s, us/event)");
  append->add_option("--cases", a->cases, "generated cases (their writes are replayed)");
  append->add_option("--days", a->days, "report days the cases spread over");
  append->add_option("--batch", a->batch, "writes per WriteBatch (group commit)");
  append->add_option("--dir", a->dir, "parent of the temporary stores");
  append->add_option("--json", a->json, "write the result as JSON to FILE");
  append->callback([a, &exit_code] {
    try {
      run_append(*a, exit_code);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "kpi-append: %s\n", e.what());
      exit_code = 1;
    }
  });

  auto q = std::make_shared<query_options>();
  auto* query = app.add_subcommand(
      "kpi-query", "a year's KPIs of the city from a store of 1,000,000 cases (p50/p99 ms)");
  query->add_option("--cases", q->cases, "cases in the store");
  query->add_option("--templates", q->templates, "generated histories the cases copy");
  query->add_option("--batch", q->batch, "cases per WriteBatch while filling");
  query->add_option("--queries", q->queries, "timed queries per scope");
  query->add_option("--dir", q->dir, "parent of the temporary store");
  query->add_option("--json", q->json, "write the result as JSON to FILE");
  query->callback([q, &exit_code] {
    try {
      run_query(*q, exit_code);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "kpi-query: %s\n", e.what());
      exit_code = 1;
    }
  });
}

}  // namespace cityops::bench
