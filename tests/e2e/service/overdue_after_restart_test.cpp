// End to end with the built binary: a case whose deadline passed while the service was down
// is marked overdue by the SLA watcher's first scan, before anyone asks for it. No real
// deadline is waited for: the data directory is seeded (with the storage library, as a
// previous run would have left it) with a 2-hour case reported three hours ago.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::temp_dir;
namespace domain = cityops::domain;
using cityops::testing::now_ms;
using cityops::testing::seed_case;

TEST_CASE("a deadline that passed while the service was down is marked at start", "[e2e][sla]") {
  temp_dir data;
  const auto reported = now_ms() - 3 * domain::ms_per_hour;
  const auto seeded = seed_case(data.path(), reported, "900001");
  REQUIRE(seeded.deadline_ms < reported + 3 * domain::ms_per_hour);
  const auto id = seeded.id;

  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();
  // The overdue listing reads stored snapshots: it activates no case actor, so the case
  // shows up there only when the watcher has woken it: wait for the first scan.
  const auto overdue = cityops::testing::eventually(
      [&] { return cityops::testing::http_call(addr, "GET", "/api/v1/cases?overdue=true"); },
      [&](const cityops::testing::client_response& r) {
        return r.status == 200 && r.body.find(id) != std::string::npos;
      },
      std::chrono::seconds(30));
  INFO(overdue.body);
  CHECK(overdue.status == 200);
  CHECK(overdue.body.find(id) != std::string::npos);

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

  cityops::testing::stop_cleanly(svc);
}
