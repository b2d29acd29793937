#include "tools/bench/seed_writer.hpp"

#include <catch2/catch.hpp>

#include <caf/all.hpp>

#include <chrono>
#include <filesystem>
#include <memory>

#include "actors/domain/iso_time.hpp"
#include "actors/protocol.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_loader.hpp"
#include "runtime/city_runtime.hpp"
#include "storage/alert_store.hpp"
#include "storage/event_store.hpp"
#include "storage/index_keys.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops;
using namespace cityops::bench;

namespace {

const config::city_model& city() { return config::default_city().city; }

std::int64_t wall_now() { return system_wall_clock{}.now_ms(); }

seed_run_options small_run(std::uint64_t cases) {
  seed_run_options o;
  o.cases = cases;
  o.batch = 97;  // several batches, the last one partial
  o.settle = false;
  o.generator.now_ms = wall_now();
  o.generator.days = 20;
  return o;
}

std::uint64_t count_index(const storage::event_store& store, const std::string& prefix) {
  std::uint64_t n = 0;
  std::string cursor;
  storage::index_page page;
  do {
    REQUIRE(store.scan_index(prefix, cursor, 1000, page).is_ok());
    n += page.case_ids.size();
    cursor = page.next_cursor;
  } while (!cursor.empty());
  return n;
}

std::uint64_t seq_of(const std::string& id) { return std::stoull(id.substr(14)); }

}  // namespace

TEST_CASE("seed_data_dir writes cases, indexes and counters the store reads back",
          "[bench][seed]") {
  testing::temp_dir dir;
  const std::string data = dir.path() + "/data";
  seed_result r;
  std::string error;
  REQUIRE(seed_data_dir(data, city(), small_run(600), r, error));
  INFO(error);
  CHECK(r.cases == 600);
  CHECK(r.events > 600 * 3);
  CHECK(r.store_bytes > 0);
  CHECK(std::filesystem::exists(data + "/reporter.salt"));

  std::unique_ptr<storage::event_store> store;
  REQUIRE(storage::event_store::open(data + "/store", {}, store).is_ok());
  CHECK(store->case_count() == 600);
  // The status index holds every case once, as many per status as were written.
  std::uint64_t by_status_total = 0;
  for (const auto& [status, n] : r.by_status) {
    const auto parsed = domain::parse_case_status(status);
    REQUIRE(parsed.has_value());
    CHECK(count_index(*store, storage::index_prefix_status(*parsed)) == n);
    by_status_total += n;
  }
  CHECK(by_status_total == 600);
  CHECK(count_index(*store, storage::index_prefix_overdue()) == r.overdue_open);

  // A case reads back with its whole history, folding to the stored snapshot.
  domain::case_record last;
  REQUIRE(store->load_case(r.last_id, last).is_ok());
  REQUIRE_FALSE(last.history.empty());
  const auto replayed = domain::replay(last.id, last.history);
  CHECK(replayed.version == last.version);
  CHECK(replayed.status == last.status);
  CHECK(storage::index_keys(replayed) == storage::index_keys([&] {
          auto s = last;
          s.history.clear();
          return s;
        }()));

  // Ids continue after the seeded ones: the next reservation for the last case's day (today,
  // or yesterday just after local midnight) does not collide.
  const std::string last_day = r.last_id.substr(5, 8);
  const auto now = wall_now();
  CHECK((last_day == domain::local_day_stamp(now) ||
         last_day == domain::local_day_stamp(now - domain::ms_per_day)));
  std::uint64_t first = 0;
  REQUIRE(store->reserve_ids(last_day, 1, first).is_ok());
  CHECK(first == seq_of(r.last_id) + 1);

  // Alerts of overdue and supervised events were stored.
  if (r.alerts > 0) {
    std::unique_ptr<storage::alert_store> alerts;
    REQUIRE(storage::alert_store::open(*store, alerts).is_ok());
    storage::alert_page open_page, acked_page;
    REQUIRE(alerts->list({domain::alert_status::open, {}}, "", 1000, open_page).is_ok());
    REQUIRE(alerts->list({domain::alert_status::acked, {}}, "", 1000, acked_page).is_ok());
    CHECK(open_page.items.size() + acked_page.items.size() == r.alerts);
  }
}

TEST_CASE("seed_data_dir refuses a store that already holds cases", "[bench][seed]") {
  testing::temp_dir dir;
  seed_result r;
  std::string error;
  REQUIRE(seed_data_dir(dir.path(), city(), small_run(50), r, error));
  CHECK_FALSE(seed_data_dir(dir.path(), city(), small_run(50), r, error));
  CHECK(error.find("already holds 50 cases") != std::string::npos);
}

TEST_CASE("the service runs on a seeded directory: reads, moves, new ids", "[bench][seed]") {
  testing::temp_dir dir;
  seed_result seeded;
  std::string error;
  REQUIRE(seed_data_dir(dir.path(), city(), small_run(300), seeded, error));

  system_wall_clock clock;
  city_runtime::options opts;
  opts.data_dir = dir.path();
  opts.worker_threads = 2;
  auto rt = city_runtime::start(city(), clock, opts, error);
  REQUIRE(rt);
  {
    caf::scoped_actor self{rt->system()};
    const auto timeout = std::chrono::seconds(30);
    // The last seeded case is read through its case actor, history and all.
    domain::case_record fetched;
    self->request(rt->directory(), timeout, fetch_atom::value, seeded.last_id)
        .receive([&](domain::case_record& c) { fetched = std::move(c); },
                 [&](caf::error& e) { FAIL(to_domain_error(e).message); });
    CHECK(fetched.id == seeded.last_id);
    CHECK(fetched.history.size() == fetched.version);

    // A new report gets the next id of today, after the seeded ones.
    domain::new_case n;
    n.text = "小区门口井盖缺失";
    n.category = "0101";
    n.node = city().children(city().children(city().children(city().city_id).front()).front()).front();
    domain::case_record created;
    self->request(rt->directory(), timeout, report_atom::value, n)
        .receive([&](domain::case_record& c) { created = std::move(c); },
                 [&](caf::error& e) { FAIL(to_domain_error(e).message); });
    // After the seeded ids of its day; just after local midnight the seeded cases may all be
    // of yesterday, and today's ids start over.
    if (created.id.substr(0, 14) == seeded.last_id.substr(0, 14))
      CHECK(seq_of(created.id) > seq_of(seeded.last_id));
    else
      CHECK(created.id.substr(5, 8) > seeded.last_id.substr(5, 8));
    CHECK(rt->event_store().case_count() == 301);
  }
  rt->stop();
}
