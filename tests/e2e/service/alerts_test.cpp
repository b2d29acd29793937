// End to end with the built binary: a case whose deadline passed while the service was down
// is marked overdue at start, which raises an overdue alert; acknowledging it over HTTP is
// durable — after kill -9 and a restart it is still acknowledged, and nothing is raised
// twice.
#include <catch2/catch.hpp>
#include <signal.h>
#include <simdjson.h>

#include <chrono>
#include <memory>
#include <string>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::client_response;
using cityops::testing::count_items;
using cityops::testing::eventually;
using cityops::testing::http_call;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::temp_dir;
namespace domain = cityops::domain;
using cityops::testing::now_ms;
using cityops::testing::seed_case;
using cityops::testing::str;

TEST_CASE("an overdue mark raises an alert whose acknowledgement survives kill -9",
          "[e2e][alerts]") {
  temp_dir data;
  const auto id = seed_case(data.path(), now_ms() - 3 * domain::ms_per_hour, "900002").id;
  const auto args = service_args(data);
  simdjson::dom::parser p;
  std::string alert_id;
  {
    service_process svc(CITYOPSD_PATH, args);
    // The SLA watcher's first scan marks the case overdue; the board raises the alert.
    const auto one = eventually(
        [&] { return http_call(svc.address(), "GET", "/api/v1/alerts?status=open"); },
        [&](const client_response& r) { return r.status == 200 && count_items(r.body) == 1; },
        std::chrono::seconds(30));
    INFO(one.body);
    REQUIRE(one.status == 200);
    REQUIRE(count_items(one.body) == 1);
    simdjson::dom::element a = p.parse(one.body)["items"].at(0);
    REQUIRE(str(a, "case_id") == id);
    alert_id = str(a, "id");
    CHECK(str(a, "kind") == "overdue");
    CHECK(str(a, "status") == "open");
    CHECK(str(a, "category") == "0101");
    CHECK_THAT(alert_id, Catch::StartsWith(id + "-e"));

    auto acked = http_call(svc.address(), "POST", "/api/v1/alerts/" + alert_id + "/ack");
    INFO(acked.body);
    REQUIRE(acked.status == 200);
    CHECK(str(p.parse(acked.body), "status") == "acked");
    CHECK(str(p.parse(acked.body), "acked_by") == "admin");
    // A 200 came after a synced write: a crash now loses nothing.
    svc.stop(SIGKILL);
  }
  {
    service_process svc(CITYOPSD_PATH, args);
    auto open = http_call(svc.address(), "GET", "/api/v1/alerts?status=open");
    REQUIRE(open.status == 200);
    CHECK(count_items(open.body) == 0);
    auto acked = http_call(svc.address(), "GET", "/api/v1/alerts?status=acked");
    REQUIRE(acked.status == 200);
    REQUIRE(count_items(acked.body) == 1);
    simdjson::dom::element a = p.parse(acked.body)["items"].at(0);
    CHECK(str(a, "id") == alert_id);
    CHECK(str(a, "acked_by") == "admin");
    CHECK_FALSE(a["acked_at"].is_null());

    cityops::testing::stop_cleanly(svc);
  }
}
