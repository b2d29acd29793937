// End to end with the built binary: a case whose deadline passed while the service was down
// is marked overdue by the SLA watcher's first scan, before anyone asks for it. No real
// deadline is waited for: the data directory is seeded (with the storage library, as a
// previous run would have left it) with a 2-hour case reported three hours ago.
#include <catch2/catch.hpp>
#include <signal.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_loader.hpp"
#include "storage/event_store.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::service_process;
using cityops::testing::temp_dir;
namespace domain = cityops::domain;
namespace storage = cityops::storage;

namespace {

// Writes one reported manhole case (0101: 2 hours in the default city) as of `reported_ms`.
std::string seed_case(const std::string& data_dir, std::int64_t reported_ms) {
  const auto& city = cityops::config::default_city().city;
  const domain::sla_calendar calendar(city.calendar());
  domain::new_case n;
  n.source = domain::case_source::grid;
  n.text = "井盖塌陷、污水外溢，行人绕行";
  n.category = "0101";
  n.node = "370602001001";
  auto ev = domain::decide_report(n, reported_ms, city, calendar);
  REQUIRE(ev.ok());
  // A number far above what the service's own counter hands out.
  const std::string id = "3706-" + domain::local_day_stamp(reported_ms) + "-900001";
  ev->seq = 1;
  storage::case_write w;
  w.case_id = id;
  w.events = {*ev};
  w.snapshot = domain::replay(id, w.events);
  w.snapshot.history.clear();
  REQUIRE(w.snapshot.deadline_ms < reported_ms + 3 * domain::ms_per_hour);
  std::unique_ptr<storage::event_store> store;
  REQUIRE(storage::event_store::open(data_dir + "/store", storage::store_options{}, store)
              .is_ok());
  REQUIRE(store->append({w}).is_ok());
  return id;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("a deadline that passed while the service was down is marked at start", "[e2e][sla]") {
  temp_dir data;
  const auto reported = now_ms() - 3 * domain::ms_per_hour;
  const auto id = seed_case(data.path(), reported);

  service_process svc(CITYOPSD_PATH, {"--listen", "127.0.0.1:0", "--data", data.path()});
  const auto addr = svc.address();
  // The overdue listing reads stored snapshots: it activates no case actor, so the case
  // shows up there only when the watcher has woken it. Poll briefly for the first scan.
  bool listed = false;
  std::string last;
  for (int i = 0; i < 200 && !listed; ++i) {
    auto r = cityops::testing::http_call(addr, "GET", "/api/v1/cases?overdue=true");
    last = r.body;
    listed = r.status == 200 && r.body.find(id) != std::string::npos;
    if (!listed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  INFO(last);
  CHECK(listed);

  auto got = cityops::testing::http_call(addr, "GET", "/api/v1/cases/" + id);
  INFO(got.body);
  REQUIRE(got.status == 200);
  simdjson::dom::parser p;
  simdjson::dom::element c = p.parse(got.body);
  CHECK(bool(c["reminded"]));
  CHECK(bool(c["overdue"]));
  std::vector<std::string> types;
  std::vector<std::string> by;
  for (auto h : c["history"].get_array()) {
    types.push_back(std::string(std::string_view(h["type"])));
    by.push_back(std::string(std::string_view(h["by"])));
  }
  REQUIRE(types.size() >= 3);
  CHECK(types[0] == "reported");
  // The reminder and the overdue mark, in that order, by the SLA clock. (The case may have
  // been moved on by the city network since; the marks stay where they were made.)
  const auto reminded_at = std::find(types.begin(), types.end(), "reminded") - types.begin();
  const auto overdue_at = std::find(types.begin(), types.end(), "overdue") - types.begin();
  REQUIRE(reminded_at < static_cast<long>(types.size()));
  REQUIRE(overdue_at < static_cast<long>(types.size()));
  CHECK(reminded_at + 1 == overdue_at);
  CHECK(by[reminded_at] == "sla");
  CHECK(by[overdue_at] == "sla");

  const int status = svc.stop(SIGTERM);
  REQUIRE(status != -1);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
