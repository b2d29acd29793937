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
#include <thread>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_loader.hpp"
#include "storage/event_store.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::http_call;
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
  const std::string id = "3706-" + domain::local_day_stamp(reported_ms) + "-900002";
  ev->seq = 1;
  storage::case_write w;
  w.case_id = id;
  w.events = {*ev};
  w.snapshot = domain::replay(id, w.events);
  w.snapshot.history.clear();
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

std::size_t count_items(simdjson::dom::parser& p, const std::string& body) {
  simdjson::dom::array items = p.parse(body)["items"];
  return items.size();
}

std::string str(simdjson::dom::element e, const char* key) {
  return std::string(std::string_view(e[key]));
}

}  // namespace

TEST_CASE("an overdue mark raises an alert whose acknowledgement survives kill -9",
          "[e2e][alerts]") {
  temp_dir data;
  const auto id = seed_case(data.path(), now_ms() - 3 * domain::ms_per_hour);
  const std::vector<std::string> args{"--listen", "127.0.0.1:0", "--data", data.path()};
  simdjson::dom::parser p;
  std::string alert_id;
  {
    service_process svc(CITYOPSD_PATH, args);
    // The SLA watcher's first scan marks the case overdue; the board raises the alert.
    std::string last;
    for (int i = 0; i < 200 && alert_id.empty(); ++i) {
      auto r = http_call(svc.address(), "GET", "/api/v1/alerts?status=open");
      last = r.body;
      if (r.status == 200 && count_items(p, r.body) == 1) {
        simdjson::dom::element a = p.parse(r.body)["items"].at(0);
        if (str(a, "case_id") == id) alert_id = str(a, "id");
      }
      if (alert_id.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    INFO(last);
    REQUIRE_FALSE(alert_id.empty());
    auto one = http_call(svc.address(), "GET", "/api/v1/alerts?status=open");
    simdjson::dom::element a = p.parse(one.body)["items"].at(0);
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
    CHECK(count_items(p, open.body) == 0);
    auto acked = http_call(svc.address(), "GET", "/api/v1/alerts?status=acked");
    REQUIRE(acked.status == 200);
    REQUIRE(count_items(p, acked.body) == 1);
    simdjson::dom::element a = p.parse(acked.body)["items"].at(0);
    CHECK(str(a, "id") == alert_id);
    CHECK(str(a, "acked_by") == "admin");
    CHECK_FALSE(a["acked_at"].is_null());

    const int status = svc.stop(SIGTERM);
    REQUIRE(status != -1);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
}
