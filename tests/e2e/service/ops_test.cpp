// End to end with the built binary: /readyz, /metrics with every family in Prometheus text
// format, the access log on stderr, and the [service] HTTP limits taken from a config file.
#include <catch2/catch.hpp>
#include <signal.h>

#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::client_response;
using cityops::testing::eventually;
using cityops::testing::http_call;
using cityops::testing::http_connection;
using cityops::testing::service_process;
using cityops::testing::service_args;
using cityops::testing::temp_dir;
using namespace std::chrono_literals;

namespace {

// The default city with `service_keys` in its [service] table.
std::string write_config(const temp_dir& dir, const std::string& service_keys) {
  return cityops::testing::write_city_config(dir, "city.toml", {},
                                             "base = \"default\"\n\n[service]\n" + service_keys);
}

// sample line ("name{labels}" without the value) -> value
std::map<std::string, std::string> samples(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = line.substr(space + 1);
  }
  return out;
}

// GET /metrics until the directory answered in time (its family is left out otherwise: a
// freshly started service may keep its scheduler busy for a moment).
client_response scrape(const std::string& addr) {
  return eventually([&] { return http_call(addr, "GET", "/metrics"); },
                    [](const client_response& r) {
                      return r.status == 200 &&
                             r.body.find("\ncityops_live_case_actors ") != std::string::npos;
                    },
                    30s);
}

bool has_family(const std::string& text, const std::string& name, const std::string& type) {
  return text.find("# TYPE " + name + " " + type + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("ops: /readyz is ready and /metrics carries every family", "[e2e][ops]") {
  temp_dir data;
  const auto config = write_config(data, "max_inflight_requests = 64\n");
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto& addr = svc.address();

  // Ready once the directory answers within its 1 s probe (at once, unless the machine is
  // very busy right after start).
  const auto ready = eventually([&] { return http_call(addr, "GET", "/readyz"); },
                                [](const client_response& r) { return r.status == 200; }, 30s);
  INFO(ready.body);
  CHECK(ready.status == 200);
  CHECK(ready.body.find(R"("status":"ready")") != std::string::npos);

  const std::string body =
      R"({"source":"hotline","text":"流动摊贩占道经营，联系电话13800138000","category":"0601",)"
      R"("node":"370602001001","reporter":{"phone":"13800138000"}})";
  auto created = http_call(addr, "POST", "/api/v1/cases", body,
                           cityops::testing::bearer(cityops::testing::admin_token(svc, data)));
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(http_call(addr, "GET", "/api/v1/nowhere/13800138000").status == 404);

  auto m = scrape(addr);
  REQUIRE(m.status == 200);
  CHECK(m.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
  const std::string& t = m.body;
  INFO(t);
  CHECK(has_family(t, "cityops_http_requests_total", "counter"));
  CHECK(has_family(t, "cityops_http_request_duration_seconds", "histogram"));
  CHECK(has_family(t, "cityops_cases_total", "counter"));
  CHECK(has_family(t, "cityops_cases_current", "gauge"));
  CHECK(has_family(t, "cityops_live_case_actors", "gauge"));
  CHECK(has_family(t, "cityops_inflight_requests", "gauge"));
  CHECK(has_family(t, "cityops_http_connections", "gauge"));
  CHECK(has_family(t, "cityops_storage_estimate_num_keys", "gauge"));

  const auto s = samples(t);
  auto value = [&](const std::string& key) {
    auto it = s.find(key);
    return it == s.end() ? std::string("<absent>") : it->second;
  };
  CHECK(value(R"(cityops_http_requests_total{route="/api/v1/cases",method="POST",code="201"})") ==
        "1");
  CHECK(value(R"(cityops_http_requests_total{route="/readyz",method="GET",code="200"})") == "1");
  CHECK(value(R"(cityops_http_requests_total{route="unmatched",method="GET",code="404"})") == "1");
  CHECK(value(R"(cityops_http_request_duration_seconds_count{route="/api/v1/cases"})") == "1");
  CHECK(value(R"(cityops_http_request_duration_seconds_bucket{route="/api/v1/cases",le="+Inf"})") ==
        "1");
  CHECK(s.count(R"(cityops_http_request_duration_seconds_bucket{route="/api/v1/cases",le="0.0005"})"));
  CHECK(s.count(R"(cityops_http_request_duration_seconds_bucket{route="/api/v1/cases",le="5"})"));
  CHECK(value("cityops_cases_total") == "1");
  CHECK(value(R"(cityops_cases_current{status="reported"})") == "1");
  CHECK(value(R"(cityops_cases_current{status="closed"})") == "0");
  // An intake shard committed the case; its actor starts with the case's second message.
  CHECK(value("cityops_live_case_actors") == "0");
  CHECK(value("cityops_inflight_requests") == "0");
  CHECK(value("cityops_inflight_requests_limit") == "64");
  CHECK(std::stoi(value("cityops_http_connections")) >= 1);  // at least this scrape's own
  CHECK(s.count(R"(cityops_storage_estimate_num_keys{cf="events"})"));
  // Bounded labels: no raw path, no case id, no phone number anywhere.
  CHECK(t.find("13800138000") == std::string::npos);
  CHECK(t.find("/api/v1/nowhere") == std::string::npos);

  // After a restart the status counts come back from the index.
  REQUIRE(svc.stop(SIGTERM) == 0);
  service_process again(CITYOPSD_PATH, service_args(data, config));
  auto m2 = scrape(again.address());
  auto s2 = samples(m2.body);
  CHECK(s2[R"(cityops_cases_current{status="reported"})"] == "1");
  CHECK(s2["cityops_cases_total"] == "1");
  CHECK(s2["cityops_live_case_actors"] == "0");  // nothing activated it since
}

TEST_CASE("ops: [service] limits from the config file reach the server", "[e2e][ops]") {
  temp_dir data;
  const auto config = write_config(data, "max_connections = 2\nread_timeout_s = 1\n");
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto& addr = svc.address();

  {
    // A slow sender is cut after read_timeout_s.
    http_connection slow(addr);
    const auto started = std::chrono::steady_clock::now();
    slow.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // never finishes its headers
    CHECK(slow.wait_closed(10s));
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 800ms);
    CHECK(took < 5s);
  }
  // Two open connections fill the cap: the next one gets 503 overloaded + Retry-After.
  http_connection a(addr);
  http_connection b(addr);
  REQUIRE(a.request("GET", "/healthz").status == 200);
  REQUIRE(b.request("GET", "/healthz").status == 200);
  auto refused = http_call(addr, "GET", "/healthz");
  CHECK(refused.status == 503);
  CHECK(refused.header("retry-after") == "1");
  CHECK(refused.body.find(R"("code":"overloaded")") != std::string::npos);
  a.close();
  b.close();
  // The server sees the closes asynchronously; until then a connection may still be refused.
  CHECK(eventually(
      [&] {
        try {
          return http_call(addr, "GET", "/readyz").status == 200;
        } catch (const std::exception&) {
          return false;
        }
      },
      30s));
}
