#include "tools/bench/seed_writer.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "actors/domain/alert_rules.hpp"
#include "actors/domain/iso_time.hpp"
#include "runtime/case_id_allocator.hpp"
#include "runtime/secrets.hpp"
#include "storage/alert_store.hpp"
#include "storage/event_store.hpp"

namespace cityops::bench {
namespace {

using steady = std::chrono::steady_clock;

double seconds_since(steady::time_point t0) {
  return std::chrono::duration<double>(steady::now() - t0).count();
}

std::int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One generated batch, ready for append.
struct generated_batch {
  std::vector<storage::case_write> writes;
  std::vector<domain::alert> alerts;
  std::uint64_t events = 0;
  std::uint64_t open = 0;
  std::uint64_t overdue_open = 0;
  std::map<std::string, std::uint64_t> by_status;
};

generated_batch generate(const seed_generator& gen, const config::city_model& city,
                         const std::vector<seed_case_input>& inputs, std::size_t begin,
                         std::size_t end, std::uint64_t batch_index) {
  generated_batch out;
  out.writes.reserve(end - begin);
  std::mt19937_64 rng(gen.options().random_seed * 1000003ULL + batch_index);
  const auto now = gen.options().now_ms;
  for (std::size_t i = begin; i < end; ++i) {
    auto rec = gen.make_case(inputs[i], rng);
    const bool open = domain::is_open(rec.status);
    out.events += rec.history.size();
    ++out.by_status[std::string(domain::to_string(rec.status))];
    if (open) ++out.open;
    if (open && rec.overdue) ++out.overdue_open;
    for (auto& a : domain::alerts_for(rec, rec.history, city)) {
      const bool ack = !open || (rng() % 2 == 0);
      const auto ack_at = a.at_ms + static_cast<std::int64_t>(rng() % (8 * 3600 * 1000ULL));
      if (ack && ack_at <= now) domain::acknowledge(a, "hotline:op-001", ack_at);
      out.alerts.push_back(std::move(a));
    }
    storage::case_write w;
    w.case_id = rec.id;
    w.events = std::move(rec.history);
    rec.history.clear();
    w.snapshot = std::move(rec);
    out.writes.push_back(std::move(w));
  }
  return out;
}

// The set of table files (name and size) as one comparable string.
std::string table_file_signature(const std::string& dir) {
  std::string sig;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".sst") continue;
    sig += e.path().filename().string();
    sig += ':';
    sig += std::to_string(e.file_size(ec));
    sig += ';';
  }
  return sig;
}

}  // namespace

std::uint64_t directory_bytes(const std::string& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto n = it->file_size(size_ec);
      if (!size_ec) total += n;
    }
  }
  return total;
}

bool seed_data_dir(const std::string& data_dir, const config::city_model& city,
                   const seed_run_options& options, seed_result& out, std::string& error) {
  out = seed_result{};
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    error = "cannot create '" + data_dir + "': " + ec.message();
    return false;
  }
  std::string salt;
  if (!load_or_create_secret(data_dir + "/reporter.salt", salt, error)) return false;
  const std::string store_dir = data_dir + "/store";

  seed_options gen_options = options.generator;
  if (gen_options.now_ms == 0) gen_options.now_ms = wall_now_ms();
  const seed_generator gen(city, salt, gen_options);
  out.days = gen_options.days;

  const auto t_write = steady::now();
  {
    storage::store_options so;
    so.sync = false;
    std::unique_ptr<storage::event_store> opened;
    if (auto s = storage::event_store::open(store_dir, so, opened); !s.is_ok()) {
      error = s.to_string();
      return false;
    }
    std::shared_ptr<storage::event_store> store(std::move(opened));
    if (store->case_count() > 0) {
      error = "'" + store_dir + "' already holds " + std::to_string(store->case_count()) +
              " cases; seed an empty data directory";
      return false;
    }
    std::unique_ptr<storage::alert_store> alerts;
    if (auto s = storage::alert_store::open(*store, alerts); !s.is_ok()) {
      error = s.to_string();
      return false;
    }

    // Ids and report times, oldest first: one reservation per report day.
    std::mt19937_64 plan_rng(gen_options.random_seed);
    const auto per_day = gen.cases_per_day(options.cases, plan_rng);
    std::vector<seed_case_input> inputs;
    inputs.reserve(options.cases);
    for (std::uint32_t d = 0; d < per_day.size(); ++d) {
      if (per_day[d] == 0) continue;
      const auto start = gen.day_start_ms(d);
      const auto day = domain::local_day_stamp(start);
      std::uint64_t first = 0;
      if (auto s = store->reserve_ids(day, per_day[d], first); !s.is_ok()) {
        error = s.to_string();
        return false;
      }
      const auto times = gen.report_times(start, per_day[d], plan_rng);
      for (std::uint64_t i = 0; i < per_day[d]; ++i) {
        seed_case_input in;
        in.id = make_case_id(city.city_id, day, first + i);
        in.report_ms = times[i];
        if (!inputs.empty() && i > 0) in.merge_target = inputs.back().id;
        inputs.push_back(std::move(in));
      }
    }
    if (!inputs.empty()) {
      out.first_id = inputs.front().id;
      out.last_id = inputs.back().id;
    }

    // Generate batch k+1 on a second thread while batch k is appended.
    const std::size_t batch = std::max<std::size_t>(1, options.batch);
    const std::size_t batches = (inputs.size() + batch - 1) / batch;
    auto launch = [&](std::size_t k) {
      return std::async(std::launch::async, [&gen, &city, &inputs, k, batch] {
        return generate(gen, city, inputs, k * batch, std::min(inputs.size(), (k + 1) * batch), k);
      });
    };
    std::future<generated_batch> next;
    if (batches > 0) next = launch(0);
    for (std::size_t k = 0; k < batches; ++k) {
      generated_batch b;
      try {
        b = next.get();
      } catch (const std::exception& e) {
        error = e.what();
        return false;
      }
      if (k + 1 < batches) next = launch(k + 1);
      if (auto s = store->append(b.writes); !s.is_ok()) {
        error = "append: " + s.to_string();
        if (next.valid()) next.wait();
        return false;
      }
      if (!b.alerts.empty()) {
        std::vector<domain::alert> stored;
        if (auto s = alerts->raise(b.alerts, stored); !s.is_ok()) {
          error = "alerts: " + s.to_string();
          if (next.valid()) next.wait();
          return false;
        }
      }
      out.cases += b.writes.size();
      out.events += b.events;
      out.alerts += b.alerts.size();
      out.open_cases += b.open;
      out.overdue_open += b.overdue_open;
      for (const auto& [k2, v] : b.by_status) out.by_status[k2] += v;
      if (options.progress) options.progress(out.cases);
    }
    out.write_s = seconds_since(t_write);
    const auto t_close = steady::now();
    alerts.reset();
    store.reset();
    out.close_s = seconds_since(t_close);
  }

  // Reopen: the write-ahead log is replayed and flushed to table files, then compactions run.
  const auto t_reopen = steady::now();
  {
    std::unique_ptr<storage::event_store> reopened;
    if (auto s = storage::event_store::open(store_dir, storage::store_options{}, reopened);
        !s.is_ok()) {
      error = "reopen: " + s.to_string();
      return false;
    }
    if (reopened->case_count() != out.cases) {
      error = "reopen: the store counts " + std::to_string(reopened->case_count()) +
              " cases, " + std::to_string(out.cases) + " were written";
      return false;
    }
    out.reopen_s = seconds_since(t_reopen);
    if (options.settle) {
      // No compaction property crosses storage/'s interface: watch the table files instead
      // and call it settled when they have not changed for five seconds.
      const auto t_settle = steady::now();
      std::string last = table_file_signature(store_dir);
      int stable = 0;
      while (stable < 5 && seconds_since(t_settle) < options.settle_limit_s) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        auto now = table_file_signature(store_dir);
        stable = now == last ? stable + 1 : 0;
        last = std::move(now);
      }
      out.settle_s = seconds_since(t_settle);
    }
  }
  const auto t_sync = steady::now();
  ::sync();
  out.sync_s = seconds_since(t_sync);
  out.store_bytes = directory_bytes(store_dir);
  return true;
}

}  // namespace cityops::bench
