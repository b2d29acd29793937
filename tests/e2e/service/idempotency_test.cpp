// End to end with the built binary: `Idempotency-Key` on POST /api/v1/cases. A retried
// request gets the first case back (200, `Idempotent-Replay: true`), never a second one —
// also when the duplicates race, and after kill -9 and a restart; a key reused with another
// body is 409 `conflict`; a malformed key is 400 naming `Idempotency-Key`.
#include <catch2/catch.hpp>
#include <signal.h>

#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::testing::client_response;
using cityops::testing::error_field;
using cityops::testing::header_list;
using cityops::testing::http_call;
using cityops::testing::service_process;
using cityops::testing::service_args;
using cityops::testing::temp_dir;

namespace {

const std::string app1_token = "idem-test-app-1-token-0123456789";
const std::string app2_token = "idem-test-app-2-token-0123456789";

std::string write_config(const temp_dir& dir) {
  return cityops::testing::write_city_config(
      dir, "idem-city.toml",
      {{"app-1", "citizen_app", app1_token, "", ""}, {"app-2", "citizen_app", app2_token, "", ""}});
}

std::string body(const std::string& text = "小区门口井盖缺失") {
  return R"({"source":"app","text":")" + text + R"(","category":"0601","node":"370602001"})";
}

// POST /api/v1/cases as `token` ("" = the default admin bearer) with an Idempotency-Key.
client_response post(const std::string& addr, const std::string& key, const std::string& b,
                     const std::string& token = "") {
  header_list headers = token.empty() ? header_list{} : cityops::testing::bearer(token);
  headers.emplace_back("Idempotency-Key", key);
  return http_call(addr, "POST", "/api/v1/cases", b, headers);
}

std::string id_of(const client_response& r) { return cityops::testing::json_field(r, "id"); }

// Every case id the service holds (admin listing, all pages).
std::set<std::string> all_cases(const std::string& addr) {
  return cityops::testing::listed_ids(addr, "limit=200");
}

}  // namespace

TEST_CASE("idempotency: a retried POST returns the first case, not a second one",
          "[e2e][idempotency]") {
  temp_dir data;
  const auto config = write_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();

  auto first = post(addr, "order-1", body(), app1_token);
  INFO(first.body);
  REQUIRE(first.status == 201);
  CHECK(first.header("Idempotent-Replay").empty());
  const auto id = id_of(first);

  auto retry = post(addr, "order-1", body(), app1_token);
  INFO(retry.body);
  CHECK(retry.status == 200);
  CHECK(retry.header("Idempotent-Replay") == "true");
  CHECK(id_of(retry) == id);

  // The key is the principal's own: another app's same key is another case, and so is
  // a request without a key.
  auto other_app = post(addr, "order-1", body(), app2_token);
  REQUIRE(other_app.status == 201);
  CHECK(id_of(other_app) != id);
  auto other_app_retry = post(addr, "order-1", body(), app2_token);
  CHECK(other_app_retry.status == 200);
  CHECK(id_of(other_app_retry) == id_of(other_app));
  auto unkeyed =
      http_call(addr, "POST", "/api/v1/cases", body(), cityops::testing::bearer(app1_token));
  REQUIRE(unkeyed.status == 201);
  CHECK(id_of(unkeyed) != id);

  CHECK(all_cases(addr).size() == 3);
}

TEST_CASE("idempotency: concurrent duplicates create one case", "[e2e][idempotency]") {
  temp_dir data;
  const auto config = write_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();

  constexpr int clients = 8;
  std::vector<client_response> answers(clients);
  std::vector<std::string> failures(clients);
  // Every thread waits for one signal, so the requests go out together.
  std::promise<void> go;
  const std::shared_future<void> start = go.get_future().share();
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] {
      start.wait();
      try {
        answers[i] = post(addr, "burst-7", body("同一个请求并发重试"), app1_token);
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  go.set_value();
  for (auto& t : threads) t.join();

  int created = 0;
  std::set<std::string> ids;
  for (int i = 0; i < clients; ++i) {
    INFO(i << ": " << failures[i] << " " << answers[i].status << " " << answers[i].body);
    REQUIRE(failures[i].empty());
    REQUIRE((answers[i].status == 201 || answers[i].status == 200));
    if (answers[i].status == 201) ++created;
    else CHECK(answers[i].header("Idempotent-Replay") == "true");
    ids.insert(id_of(answers[i]));
  }
  CHECK(created == 1);
  CHECK(ids.size() == 1);
  CHECK(all_cases(addr) == ids);
}

TEST_CASE("idempotency: the key survives kill -9 and a restart", "[e2e][idempotency]") {
  temp_dir data;
  const auto config = write_config(data);
  std::string id;
  {
    service_process svc(CITYOPSD_PATH, service_args(data, config));
    auto first = post(svc.address(), "crash-key", body(), app1_token);
    INFO(first.body);
    REQUIRE(first.status == 201);
    id = id_of(first);
    REQUIRE(svc.stop(SIGKILL) != -1);  // acknowledged means durable: no clean shutdown
  }
  service_process again(CITYOPSD_PATH, service_args(data, config));
  auto retry = post(again.address(), "crash-key", body(), app1_token);
  INFO(retry.body);
  CHECK(retry.status == 200);
  CHECK(retry.header("Idempotent-Replay") == "true");
  CHECK(id_of(retry) == id);
  auto clash = post(again.address(), "crash-key", body("换了内容"), app1_token);
  CHECK(clash.status == 409);
  CHECK(all_cases(again.address()) == std::set<std::string>{id});
  // The replayed case is readable by the app that filed it.
  auto read = http_call(again.address(), "GET", "/api/v1/cases/" + id, "",
                        cityops::testing::bearer(app1_token));
  CHECK(read.status == 200);
}

TEST_CASE("idempotency: a key reused with another body is 409 conflict", "[e2e][idempotency]") {
  temp_dir data;
  const auto config = write_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();
  auto first = post(addr, "k-1", body("第一次"));
  REQUIRE(first.status == 201);
  auto clash = post(addr, "k-1", body("第二次，内容不同"));
  INFO(clash.body);
  CHECK(clash.status == 409);
  CHECK(error_field(clash, "code") == "conflict");
  CHECK(error_field(clash, "field") == "Idempotency-Key");
  // A request refused before a case exists binds nothing: the key stays free.
  auto refused = post(addr, "k-2", R"({"source":"app","text":"x","node":"000000"})");
  CHECK(refused.status == 400);
  auto after = post(addr, "k-2", body());
  CHECK(after.status == 201);
  CHECK(all_cases(addr).size() == 2);
}

TEST_CASE("idempotency: a malformed key is 400 naming Idempotency-Key", "[e2e][idempotency]") {
  temp_dir data;
  const auto config = write_config(data);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();
  const std::vector<header_list> bad{
      {{"Idempotency-Key", ""}},
      {{"Idempotency-Key", std::string(201, 'k')}},
      {{"Idempotency-Key", "ключ"}},
      {{"Idempotency-Key", "tab\there"}},
      {{"Idempotency-Key", "a"}, {"Idempotency-Key", "b"}},
  };
  for (const auto& headers : bad) {
    auto r = http_call(addr, "POST", "/api/v1/cases", body(), headers);
    INFO(headers.front().second.substr(0, 20) << " -> " << r.status << " " << r.body);
    CHECK(r.status == 400);
    CHECK(error_field(r, "code") == "invalid_field");
    CHECK(error_field(r, "field") == "Idempotency-Key");
  }
  // 200 printable characters, spaces included, are fine.
  std::string longest(199, '~');
  longest.insert(longest.begin() + 5, ' ');
  CHECK(post(addr, longest, body()).status == 201);
  CHECK(all_cases(addr).size() == 1);
}
