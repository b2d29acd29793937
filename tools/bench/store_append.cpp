// cityops-bench store-append: how many new cases per second the event store makes durable.
//   direct        event_store::append with sync=true from one thread, B cases per WriteBatch
//                 (B = 1, 10, 100, 1000): cases/s and the latency of one call;
//   group-commit  the service's store_actor over its own store, N requester actors with one
//                 append each in flight (N = 1, 16, 256, like N case actors at once): cases/s
//                 and the latency of one request until its case is durable (every answer
//                 comes after a synced write).
// Each case is a realistic new case (a `reported` event built by domain::decide_report, its
// snapshot and index keys). Every configuration writes into a fresh store under --dir.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <vector>

#include <caf/all.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/protocol.hpp"
#include "config/city_loader.hpp"
#include "runtime/actor_system_setup.hpp"
#include "runtime/case_id_allocator.hpp"
#include "runtime/store_actor.hpp"
#include "storage/event_store.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"
#include "tools/bench/seed_generator.hpp"
#include "tools/bench/seed_writer.hpp"

namespace cityops::bench {
namespace {

using steady = std::chrono::steady_clock;
using done_atom = caf::atom_constant<caf::atom("done")>;

struct append_options {
  std::vector<std::size_t> batches{1, 10, 100, 1000};
  std::vector<std::size_t> requesters{1, 16, 256};
  double seconds = 3;
  std::string dir = "/tmp";
  std::string json;
};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Templates of new cases (a few dozen different reports); copies get fresh ids.
class case_factory {
 public:
  case_factory() {
    const auto& city = config::default_city().city;
    seed_options o;
    o.now_ms = now_ms();
    seed_generator gen(city, "bench-salt", o);
    std::mt19937_64 rng(11);
    day_ = domain::local_day_stamp(o.now_ms);
    city_id_ = city.city_id;
    for (int i = 0; i < 48; ++i)
      templates_.push_back(gen.make_reported(make_case_id(city_id_, day_, 1), o.now_ms, rng));
  }
  storage::case_write write(std::uint64_t seq) const {
    const auto& t = templates_[seq % templates_.size()];
    storage::case_write w;
    w.case_id = make_case_id(city_id_, day_, seq);
    w.events = t.history;
    w.snapshot = t;
    w.snapshot.history.clear();
    w.snapshot.id = w.case_id;
    return w;
  }
  case_commit commit(std::uint64_t seq) const {
    auto w = write(seq);
    case_commit c;
    c.case_id = w.case_id;
    c.events = std::move(w.events);
    c.snapshot = std::move(w.snapshot);
    c.previous.id = c.case_id;  // version 0: a new case
    return c;
  }

 private:
  std::vector<domain::case_record> templates_;
  std::string day_;
  std::string city_id_;
};

struct fresh_dir {
  explicit fresh_dir(const std::string& parent) {
    std::string templ = parent + "/cityops-bench-XXXXXX";
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp in " + parent + " failed");
    path = templ;
  }
  ~fresh_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

struct direct_result {
  std::size_t batch = 0;
  std::uint64_t cases = 0;
  double seconds = 0;  // time inside append()
  sample_summary latency_ms;
};

direct_result run_direct(const case_factory& f, const append_options& o, std::size_t batch) {
  fresh_dir dir(o.dir);
  std::unique_ptr<storage::event_store> store;
  if (auto s = storage::event_store::open(dir.path + "/store", storage::store_options{}, store);
      !s.is_ok())
    throw std::runtime_error(s.to_string());
  direct_result r;
  r.batch = batch;
  std::vector<double> lat;
  std::uint64_t seq = 1;
  const auto t_end = steady::now() + std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(o.seconds));
  while (steady::now() < t_end || lat.size() < 5) {
    std::vector<storage::case_write> ws;
    ws.reserve(batch);
    for (std::size_t i = 0; i < batch; ++i) ws.push_back(f.write(seq++));
    const auto t0 = steady::now();
    if (auto s = store->append(ws); !s.is_ok()) throw std::runtime_error(s.to_string());
    const double d = std::chrono::duration<double>(steady::now() - t0).count();
    r.seconds += d;
    lat.push_back(d * 1000);
    r.cases += batch;
  }
  r.latency_ms = summarize(std::move(lat));
  return r;
}

// Shared by the requesters of one group-commit run.
struct group_run {
  steady::time_point end;
  std::vector<std::vector<double>> latency_ms;  // one vector per requester
  std::atomic<std::uint64_t> failures{0};
};

struct requester_state {
  caf::actor store;
  caf::actor report_to;
  const case_factory* factory = nullptr;
  group_run* run = nullptr;
  std::size_t index = 0;
  std::uint64_t next_seq = 0;
};

void append_next(caf::stateful_actor<requester_state>* self) {
  auto& st = self->state;
  if (steady::now() >= st.run->end) {
    self->send(st.report_to, done_atom::value);
    self->quit();
    return;
  }
  auto c = st.factory->commit(st.next_seq++);
  const auto t0 = steady::now();
  self->request(st.store, caf::infinite, append_atom::value, std::move(c))
      .then(
          [self, t0](caf::ok_atom) {
            auto& s = self->state;
            s.run->latency_ms[s.index].push_back(
                std::chrono::duration<double, std::milli>(steady::now() - t0).count());
            append_next(self);
          },
          [self](caf::error&) {
            ++self->state.run->failures;
            append_next(self);
          });
}

caf::behavior requester(caf::stateful_actor<requester_state>* self, caf::actor store,
                        const case_factory* factory, group_run* run, std::size_t index,
                        caf::actor report_to) {
  auto& st = self->state;
  st.store = std::move(store);
  st.report_to = std::move(report_to);
  st.factory = factory;
  st.run = run;
  st.index = index;
  st.next_seq = 1 + index * 100'000'000ULL;  // disjoint id ranges
  append_next(self);
  return {[](caf::ok_atom) {}};
}

struct group_result {
  std::size_t requesters = 0;
  std::uint64_t cases = 0;
  double seconds = 0;
  std::uint64_t failures = 0;
  sample_summary latency_ms;
};

group_result run_group(const case_factory& f, const append_options& o, std::size_t n) {
  fresh_dir dir(o.dir);
  std::unique_ptr<storage::event_store> opened;
  if (auto s = storage::event_store::open(dir.path + "/store", storage::store_options{}, opened);
      !s.is_ok())
    throw std::runtime_error(s.to_string());
  std::shared_ptr<storage::event_store> store(std::move(opened));
  group_result r;
  r.requesters = n;
  group_run run;
  run.latency_ms.resize(n);
  {
    actor_system_setup setup;
    caf::actor_system sys{setup};
    caf::scoped_actor self{sys};
    auto sa = sys.spawn(store_actor, store);
    const auto t0 = steady::now();
    run.end = t0 + std::chrono::duration_cast<steady::duration>(std::chrono::duration<double>(o.seconds));
    for (std::size_t i = 0; i < n; ++i)
      sys.spawn(requester, sa, &f, &run, i, caf::actor_cast<caf::actor>(self));
    for (std::size_t i = 0; i < n; ++i) self->receive([](done_atom) {});
    r.seconds = std::chrono::duration<double>(steady::now() - t0).count();
    self->send(sa, stop_atom::value);
    self->wait_for(sa);
  }
  std::vector<double> all;
  for (auto& v : run.latency_ms) all.insert(all.end(), v.begin(), v.end());
  r.cases = all.size();
  r.failures = run.failures.load();
  r.latency_ms = summarize(std::move(all));
  if (r.cases != store->case_count())
    throw std::runtime_error("store counts " + std::to_string(store->case_count()) +
                             " cases, " + std::to_string(r.cases) + " were acknowledged");
  return r;
}

void run(const append_options& o, int& exit_code) {
  const case_factory factory;
  gateway::json_writer w;
  begin_result(w, "store-append");
  w.member("sync", true);
  w.member("seconds_per_configuration", o.seconds);
  w.key("direct").begin_array();
  try {
    for (auto b : o.batches) {
      const auto r = run_direct(factory, o, b);
      const double rate = rate_per_second(r.cases, r.seconds);
      std::printf("store-append direct: batch %4zu: %s cases/s, call p50 %.3f ms p99 %.3f ms "
                  "(%s cases)\n",
                  b, human_count(rate).c_str(), r.latency_ms.p50, r.latency_ms.p99,
                  human_count(static_cast<double>(r.cases)).c_str());
      w.begin_object();
      w.member("cases_per_batch", static_cast<std::uint64_t>(b));
      w.member("cases", r.cases);
      w.member("seconds_in_append", r.seconds);
      w.member("cases_per_s", rate);
      w.member("calls_per_s", rate / static_cast<double>(b));
      write_summary(w, "call_latency_ms", r.latency_ms);
      w.end_object();
      std::fflush(stdout);
    }
    w.end_array();
    w.key("group_commit").begin_array();
    for (auto n : o.requesters) {
      const auto r = run_group(factory, o, n);
      const double rate = rate_per_second(r.cases, r.seconds);
      std::printf("store-append group commit: %4zu in flight: %s cases/s, request p50 %.3f ms "
                  "p99 %.3f ms (%s cases, %llu failed)\n",
                  n, human_count(rate).c_str(), r.latency_ms.p50, r.latency_ms.p99,
                  human_count(static_cast<double>(r.cases)).c_str(),
                  static_cast<unsigned long long>(r.failures));
      w.begin_object();
      w.member("requesters_in_flight", static_cast<std::uint64_t>(n));
      w.member("cases", r.cases);
      w.member("failures", r.failures);
      w.member("seconds", r.seconds);
      w.member("cases_per_s", rate);
      write_summary(w, "request_latency_ms", r.latency_ms);
      w.end_object();
      std::fflush(stdout);
      if (r.failures > 0) exit_code = 1;
    }
    w.end_array();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store-append: %s\n", e.what());
    exit_code = 1;
    return;
  }
  w.end_object();
  std::string error;
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "store-append: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_store_append(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<append_options>();
  auto* sub = app.add_subcommand("store-append",
                                 "event_store::append (sync) per batch size, and the store "
                                 "actor's group commit with N requesters in flight");
  sub->add_option("--batches", o->batches, "cases per WriteBatch, direct appends")->delimiter(',');
  sub->add_option("--requesters", o->requesters, "requesters in flight, group commit")
      ->delimiter(',');
  sub->add_option("--seconds", o->seconds, "duration of each configuration");
  sub->add_option("--dir", o->dir, "parent of the temporary stores (same disk as the data)");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run(*o, exit_code); });
}

}  // namespace cityops::bench
