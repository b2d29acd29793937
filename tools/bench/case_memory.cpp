// cityops-bench case-memory: memory per resident case actor and per passivated case.
// Starts the city runtime (runtime/city_runtime.hpp) with the embedded default city on a
// fresh data directory, as cityopsd does, then:
//   baseline   RSS after start (actor system, 6,5xx tier-node and department actors, store);
//   resident   RSS after N cases were reported (by the intake shards) and each read once
//              through the case directory, which activates its actor (N live case actors,
//              the directory's map, the tier-node queues they wait in, the store's
//              memtables holding their writes);
//   passivated RSS after every case actor passivated (case_idle), measured as read and after
//              malloc_trim (what the process still holds, not what glibc caches).
// Bytes per case = (RSS - baseline) / N. The store's memtable and block-cache bytes are
// reported too (they grow with writes, not with live actors), and the per-case figures are
// also given without them.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/protocol.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_loader.hpp"
#include "runtime/city_runtime.hpp"
#include "storage/event_store.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"
#include "tools/bench/proc_memory.hpp"
#include "tools/bench/seed_generator.hpp"

namespace cityops::bench {
namespace {

using steady = std::chrono::steady_clock;
using done_atom = caf::atom_constant<caf::atom("done")>;

struct memory_options {
  std::uint64_t cases = 20'000;
  std::uint32_t in_flight = 256;
  std::uint32_t idle_s = 30;
  std::uint32_t wait_limit_s = 300;
  std::string dir = "/tmp";
  std::string json;
};

struct driver_state {
  caf::actor directory;
  caf::actor report_to;
  const std::vector<domain::new_case>* reports = nullptr;
  std::uint64_t left = 0;
  std::uint64_t outstanding = 0;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
};

void report_one(caf::stateful_actor<driver_state>* self) {
  auto& st = self->state;
  if (st.left == 0) return;
  const auto& report = (*st.reports)[st.left % st.reports->size()];
  --st.left;
  ++st.outstanding;
  auto settle = [self](bool ok) {
    auto& s = self->state;
    --s.outstanding;
    (ok ? s.ok : s.failed)++;
    report_one(self);
    if (s.left == 0 && s.outstanding == 0) {
      self->send(s.report_to, done_atom::value, s.ok, s.failed);
      self->quit();
    }
  };
  self->request(st.directory, caf::infinite, report_atom::value, report)
      .then(
          [self, settle](const domain::case_record& r) {
            // A new case has no actor until its second message: the read activates it.
            self->request(self->state.directory, caf::infinite, fetch_atom::value, r.id)
                .then([settle](const domain::case_record&) { settle(true); },
                      [settle](caf::error&) { settle(false); });
          },
          [settle](caf::error&) { settle(false); });
}

caf::behavior driver(caf::stateful_actor<driver_state>* self, caf::actor directory,
                     const std::vector<domain::new_case>* reports, std::uint64_t cases,
                     std::uint32_t in_flight, caf::actor report_to) {
  auto& st = self->state;
  st.directory = std::move(directory);
  st.report_to = std::move(report_to);
  st.reports = reports;
  st.left = cases;
  for (std::uint32_t i = 0; i < in_flight && st.left > 0; ++i) report_one(self);
  return {[](caf::ok_atom) {}};
}

std::uint64_t live_actors(caf::scoped_actor& self, const caf::actor& directory) {
  std::uint64_t n = 0;
  self->request(directory, std::chrono::seconds(30), queue_atom::value)
      .receive([&](std::uint64_t v) { n = v; }, [](caf::error&) {});
  return n;
}

// memtables + block cache of the store, from event_store::stats().
std::uint64_t storage_memory(const storage::event_store& store) {
  std::istringstream in(store.stats());
  std::string name;
  std::uint64_t value = 0, sum = 0;
  while (in >> name >> value)
    if (name.rfind("cityops_storage_memtables_bytes", 0) == 0 ||
        name == "cityops_storage_block_cache_bytes")
      sum += value;
  return sum;
}

struct reading {
  std::uint64_t rss = 0;
  std::uint64_t storage = 0;
};

void run(const memory_options& o, int& exit_code) {
  std::string templ = o.dir + "/cityops-case-memory-XXXXXX";
  if (!::mkdtemp(templ.data())) {
    std::fprintf(stderr, "case-memory: mkdtemp in %s failed\n", o.dir.c_str());
    exit_code = 1;
    return;
  }
  const std::string data = templ;
  const auto& city = config::default_city().city;
  system_wall_clock clock;
  city_runtime::options opts;
  opts.data_dir = data;
  opts.case_idle = std::chrono::seconds(o.idle_s);
  std::string error;
  auto rt = city_runtime::start(city, clock, opts, error);
  if (!rt) {
    std::fprintf(stderr, "case-memory: %s\n", error.c_str());
    exit_code = 1;
    return;
  }
  std::vector<domain::new_case> reports;
  {
    seed_options so;
    so.now_ms = clock.now_ms();
    seed_generator gen(city, "bench-salt", so);
    std::mt19937_64 rng(3);
    for (int i = 0; i < 64; ++i) reports.push_back(gen.make_report("3706-00000000-000000", rng));
  }
  auto read = [&] {
    reading r;
    r.rss = self_rss_bytes().value_or(0);
    r.storage = storage_memory(rt->event_store());
    return r;
  };
  auto self_holder = std::make_unique<caf::scoped_actor>(rt->system());
  auto& self = *self_holder;
  std::this_thread::sleep_for(std::chrono::seconds(2));  // start-up work (SLA scan) settles
  const auto base = read();

  const auto t0 = steady::now();
  rt->system().spawn(driver, rt->directory(), &reports, o.cases, o.in_flight,
                     caf::actor_cast<caf::actor>(self));
  std::uint64_t ok = 0, failed = 0;
  self->receive([&](done_atom, std::uint64_t a, std::uint64_t b) {
    ok = a;
    failed = b;
  });
  const double create_s = std::chrono::duration<double>(steady::now() - t0).count();
  const auto live_resident = live_actors(self, rt->directory());
  const auto resident = read();
  const double resident_age_s = std::chrono::duration<double>(steady::now() - t0).count();

  // Passivation: every case actor asks after case_idle without messages.
  const auto t_wait = steady::now();
  std::uint64_t live = live_resident;
  while (live > 0 &&
         std::chrono::duration<double>(steady::now() - t_wait).count() < o.wait_limit_s) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    live = live_actors(self, rt->directory());
  }
  const double passivate_s = std::chrono::duration<double>(steady::now() - t_wait).count();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const auto passivated = read();
  release_free_heap();
  const auto passivated_trimmed = read();

  const double n = static_cast<double>(std::max<std::uint64_t>(1, ok));
  auto per_case = [&](const reading& r) {
    return (static_cast<double>(r.rss) - static_cast<double>(base.rss)) / n;
  };
  auto per_case_no_storage = [&](const reading& r) {
    return (static_cast<double>(r.rss) - static_cast<double>(r.storage) -
            (static_cast<double>(base.rss) - static_cast<double>(base.storage))) /
           n;
  };
  std::printf("case-memory: baseline RSS %s (storage caches %s) after start\n",
              human_bytes(static_cast<double>(base.rss)).c_str(),
              human_bytes(static_cast<double>(base.storage)).c_str());
  std::printf("case-memory: %s cases reported in %.2f s (%llu failed); %s live actors: RSS %s "
              "(storage %s) = %s per resident case (%s without storage caches)\n",
              human_count(static_cast<double>(ok)).c_str(), create_s,
              static_cast<unsigned long long>(failed),
              human_count(static_cast<double>(live_resident)).c_str(),
              human_bytes(static_cast<double>(resident.rss)).c_str(),
              human_bytes(static_cast<double>(resident.storage)).c_str(),
              human_bytes(per_case(resident)).c_str(),
              human_bytes(per_case_no_storage(resident)).c_str());
  std::printf("case-memory: passivated after %.1f s (%llu live left): RSS %s = %s per "
              "passivated case; after malloc_trim RSS %s = %s per case (%s without storage "
              "caches)\n",
              passivate_s, static_cast<unsigned long long>(live),
              human_bytes(static_cast<double>(passivated.rss)).c_str(),
              human_bytes(per_case(passivated)).c_str(),
              human_bytes(static_cast<double>(passivated_trimmed.rss)).c_str(),
              human_bytes(per_case(passivated_trimmed)).c_str(),
              human_bytes(per_case_no_storage(passivated_trimmed)).c_str());
  if (live_resident < ok)
    std::printf("case-memory: warning: only %llu of %llu actors were live at the resident "
                "reading (%.1f s after the first report, case_idle %u s): raise --idle\n",
                static_cast<unsigned long long>(live_resident),
                static_cast<unsigned long long>(ok), resident_age_s, o.idle_s);
  if (failed > 0 || live > 0) exit_code = 1;

  gateway::json_writer w;
  begin_result(w, "case-memory");
  w.member("cases", ok);
  w.member("failed", failed);
  w.member("case_idle_s", static_cast<std::uint64_t>(o.idle_s));
  w.member("create_s", create_s);
  auto put = [&](std::string_view key, const reading& r, std::uint64_t live_now) {
    w.key(key).begin_object();
    w.member("rss_bytes", r.rss);
    w.member("storage_cache_bytes", r.storage);
    w.member("live_case_actors", live_now);
    w.end_object();
  };
  put("baseline", base, 0);
  put("resident", resident, live_resident);
  put("passivated", passivated, live);
  put("passivated_trimmed", passivated_trimmed, live);
  w.member("passivate_wait_s", passivate_s);
  w.member("bytes_per_resident_case", per_case(resident));
  w.member("bytes_per_resident_case_without_storage_caches", per_case_no_storage(resident));
  w.member("bytes_per_passivated_case", per_case(passivated));
  w.member("bytes_per_passivated_case_trimmed", per_case(passivated_trimmed));
  w.member("bytes_per_passivated_case_trimmed_without_storage_caches",
           per_case_no_storage(passivated_trimmed));
  w.end_object();
  self_holder.reset();
  rt->stop();
  rt.reset();
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "case-memory: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_case_memory(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<memory_options>();
  auto* sub = app.add_subcommand("case-memory",
                                 "RSS per resident case actor and per passivated case");
  sub->add_option("--cases", o->cases, "cases to report");
  sub->add_option("--in-flight", o->in_flight, "reports in flight at once");
  sub->add_option("--idle", o->idle_s, "case_idle passivation timeout, seconds");
  sub->add_option("--wait-limit", o->wait_limit_s, "give up waiting for passivation after");
  sub->add_option("--dir", o->dir, "parent of the temporary data directory");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run(*o, exit_code); });
}

}  // namespace cityops::bench
