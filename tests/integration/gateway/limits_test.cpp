// Backpressure and HTTP limits on a real server: the in-flight limit of the API answers 503
// overloaded + Retry-After instead of queueing, a slow sender (slowloris) is cut by the read
// timeout however it paces its bytes, the connection cap, and the [service] keys behind them.
#include <catch2/catch.hpp>

#include "tests/support/eventually.hpp"
#include <caf/all.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "config/city_loader.hpp"
#include "gateway/actor_bridge.hpp"
#include "gateway/api_context.hpp"
#include "gateway/auth.hpp"
#include "gateway/error_json.hpp"
#include "gateway/http_server.hpp"
#include "gateway/router.hpp"
#include "runtime/actor_system_setup.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::gateway;
using cityops::testing::header_list;
using cityops::testing::http_call;
using cityops::testing::http_connection;
using namespace std::chrono_literals;

namespace {

constexpr const char* admin_token = "limits-test-admin-token-0123456789";

using cityops::testing::eventually;

header_list auth() { return {{"Authorization", std::string("Bearer ") + admin_token}}; }

const std::string new_case_body =
    R"({"source":"hotline","text":"路口有流动摊贩占道经营","category":"0601","node":"990001001001"})";

// The API's route table on a real server over an actor system whose "directory", "network"
// and "store" are one actor that never answers: a request that reaches the actors waits
// until the bridge's timeout.
// Class-based: CAF 0.17's function-based spawn without arguments trips UBSan in CAF itself.
class black_hole_actor : public caf::event_based_actor {
 public:
  explicit black_hole_actor(caf::actor_config& cfg) : caf::event_based_actor(cfg) {}
  caf::behavior make_behavior() override {
    set_default_handler(caf::skip);  // keeps every request, answers none
    return {[](cityops::stop_atom) {}};
  }
};

struct api_server {
  explicit api_server(std::int64_t max_inflight, std::chrono::milliseconds actor_timeout = 10s)
      : city(cityops::testing::make_test_city()), system(setup) {
    black_hole = system.spawn<black_hole_actor>();
    bridge = std::make_unique<actor_bridge>(system, black_hole, black_hole, black_hole,
                                            actor_timeout);
    tokens.add_plain(admin_token, principal{"admin", role::admin, "", ""});
    ctx = std::make_unique<api_context>(city, *bridge, tokens, "salt", max_inflight);
    add_api_routes(r, *ctx);
    http_server::options opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    server = std::make_unique<http_server>(
        opts, [this](http_request req, responder respond) { r.dispatch(req, std::move(respond)); });
    std::string error;
    if (!server->start(error)) throw std::runtime_error(error);
    address = server->local_address();
  }
  ~api_server() {
    server->stop(2s);
    server.reset();
    bridge.reset();
    caf::anon_send_exit(black_hole, caf::exit_reason::user_shutdown);
  }

  cityops::config::city_model city;
  cityops::actor_system_setup setup;
  caf::actor_system system;
  caf::actor black_hole;
  std::unique_ptr<actor_bridge> bridge;
  token_registry tokens;
  std::unique_ptr<api_context> ctx;
  router r;
  std::unique_ptr<http_server> server;
  std::string address;
};

// A plain TCP client for byte-level pacing (the test client's waits close the connection).
class raw_socket {
 public:
  explicit raw_socket(const std::string& host_port) {
    const auto colon = host_port.rfind(':');
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(host_port.substr(colon + 1))));
    ::inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &addr.sin_addr);
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("connect failed");
  }
  ~raw_socket() { ::close(fd_); }
  raw_socket(const raw_socket&) = delete;
  raw_socket& operator=(const raw_socket&) = delete;

  bool send_all(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // What arrives within `limit` (up to 64 KiB; "" on timeout or close).
  std::string read_some(std::chrono::milliseconds limit) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return "";
    char buf[65536];
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }
  // True once the peer has closed (EOF or reset); waits at most `limit`.
  bool closed_within(std::chrono::milliseconds limit) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
    char buf[4096];
    return ::recv(fd_, buf, sizeof buf, 0) <= 0;
  }
  // Sends `bytes` one at a time, `gap` apart; true when the server cuts the connection
  // before the last byte.
  bool dribble(const std::string& bytes, std::chrono::milliseconds gap) {
    for (char c : bytes) {
      if (!send_all(std::string_view(&c, 1))) return true;
      if (closed_within(gap)) return true;
    }
    return false;
  }

 private:
  int fd_ = -1;
};

void check_overloaded(const cityops::testing::client_response& r) {
  INFO(r.body);
  CHECK(r.status == 503);
  CHECK(r.header("retry-after") == "1");
  CHECK(r.body.find(R"("code":"overloaded")") != std::string::npos);
}

}  // namespace

TEST_CASE("limits: max_inflight 0 refuses every actor-bound request at once with 503",
          "[gateway][limits]") {
  api_server s(0);
  check_overloaded(http_call(s.address, "POST", "/api/v1/cases", new_case_body, auth()));
  check_overloaded(http_call(s.address, "GET", "/api/v1/cases/9900-20261128-000001", "", auth()));
  check_overloaded(http_call(s.address, "GET", "/api/v1/cases?status=reported", "", auth()));
  check_overloaded(http_call(s.address, "POST", "/api/v1/cases/9900-20261128-000001/actions/verify",
                             R"({"by":"seat-1"})", auth()));
  CHECK(s.ctx->inflight.load() == 0);
  // Requests that never wait on actors are not limited.
  CHECK(http_call(s.address, "GET", "/healthz").status == 200);
  CHECK(http_call(s.address, "GET", "/api/v1/categories", "", auth()).status == 200);
}

TEST_CASE("limits: past max_inflight one held request makes the next one 503, not queued",
          "[gateway][limits]") {
  api_server s(1, 1500ms);
  auto held = std::async(std::launch::async, [&] {
    return http_call(s.address, "POST", "/api/v1/cases", new_case_body, auth());
  });
  REQUIRE(eventually([&] { return s.ctx->inflight.load() == 1; }));

  const auto started = std::chrono::steady_clock::now();
  check_overloaded(http_call(s.address, "POST", "/api/v1/cases", new_case_body, auth()));
  CHECK(std::chrono::steady_clock::now() - started < 1s);  // refused, not queued behind it
  CHECK(s.ctx->inflight.load() == 1);

  // The held one ends with the actor timeout (504), and its slot comes back.
  auto r = held.get();
  CHECK(r.status == 504);
  CHECK(eventually([&] { return s.ctx->inflight.load() == 0; }));
}

TEST_CASE("limits: slowloris — headers sent a byte at a time are cut by the read timeout",
          "[gateway][limits]") {
  http_server::options opts;
  opts.host = "127.0.0.1";
  opts.port = 0;
  opts.read_timeout = 1s;
  opts.idle_timeout = 10s;
  std::atomic<int> calls{0};
  http_server server(opts, [&](http_request, responder respond) {
    ++calls;
    respond(http_response{200, "text/plain", "ok", {}});
  });
  std::string error;
  REQUIRE(server.start(error));
  const std::string address = server.local_address();

  // Each byte comes well within the timeout (every 100 ms); the whole header would take
  // ~6 s. The deadline is for the whole request, so the connection is cut after ~1 s.
  const std::string slow_request =
      "GET /slow HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(30, 'a') + "\r\n\r\n";

  SECTION("on a new connection") {
    raw_socket sock(address);
    const auto started = std::chrono::steady_clock::now();
    CHECK(sock.dribble(slow_request, 100ms));
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 900ms);
    CHECK(took < 4s);
  }
  SECTION("on a kept-alive connection after a normal request") {
    raw_socket sock(address);
    REQUIRE(sock.send_all("GET /first HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(sock.read_some(5s).rfind("HTTP/1.1 200", 0) == 0);
    const auto started = std::chrono::steady_clock::now();
    CHECK(sock.dribble(slow_request, 100ms));
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 900ms);
    CHECK(took < 4s);
    CHECK(calls == 1);
  }
  CHECK(calls <= 1);  // the slow request never reached the handler
  CHECK(eventually([&] { return server.connection_count() == 0; }));
  // Everyone else is still served.
  CHECK(http_call(address, "GET", "/after").status == 200);
  server.stop(2s);
}

TEST_CASE("limits: the connection cap answers 503 and frees up as connections close",
          "[gateway][limits]") {
  http_server::options opts;
  opts.host = "127.0.0.1";
  opts.port = 0;
  opts.max_connections = 3;
  http_server server(opts, [](http_request, responder respond) {
    respond(http_response{200, "text/plain", "ok", {}});
  });
  std::string error;
  REQUIRE(server.start(error));
  const std::string address = server.local_address();
  std::vector<std::unique_ptr<http_connection>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<http_connection>(address));
    REQUIRE(open.back()->request("GET", "/hold").status == 200);
  }
  CHECK(server.connection_count() == 3);
  for (int i = 0; i < 3; ++i) {  // every extra one, each time
    auto r = http_call(address, "GET", "/extra");
    CHECK(r.status == 503);
    CHECK(r.header("retry-after") == "1");
    CHECK(r.body.find(R"("code":"overloaded")") != std::string::npos);
  }
  // The refused ones are closed, never kept: the count settles back at the cap.
  CHECK(eventually([&] { return server.connection_count() == 3; }));
  open.front()->close();
  CHECK(eventually([&] {
    try {
      return http_call(address, "GET", "/again").status == 200;
    } catch (const std::exception&) {
      return false;
    }
  }));
  server.stop(2s);
}

TEST_CASE("limits: [service] keys set the in-flight limit, connection cap, header limit and "
          "timeouts",
          "[gateway][limits][config]") {
  using cityops::config::city_config;
  city_config defaults;
  CHECK(defaults.service.max_inflight_requests == 4096);
  CHECK(defaults.service.max_connections == 10000);
  CHECK(defaults.service.max_header_bytes == 8192);
  CHECK(defaults.service.read_timeout == 30s);
  CHECK(defaults.service.idle_timeout == 60s);

  city_config cfg;
  auto err = cityops::config::load_string(
      "[service]\nmax_inflight_requests = 1\nmax_connections = 50\nmax_header_bytes = 4096\n"
      "read_timeout_s = 5\nidle_timeout_s = 7\n",
      "limits.toml", cfg);
  REQUIRE_FALSE(err.has_value());
  CHECK(cfg.service.max_inflight_requests == 1);
  CHECK(cfg.service.max_connections == 50);
  CHECK(cfg.service.max_header_bytes == 4096);
  CHECK(cfg.service.read_timeout == 5s);
  CHECK(cfg.service.idle_timeout == 7s);

  for (const char* bad : {"max_inflight_requests = 0", "max_connections = 0",
                          "max_header_bytes = 10", "read_timeout_s = 0", "idle_timeout_s = 0"}) {
    city_config c;
    auto e = cityops::config::load_string(std::string("[service]\n") + bad + "\n", "bad.toml", c);
    INFO(bad);
    REQUIRE(e.has_value());
    const std::string key = std::string(bad).substr(0, std::string(bad).find(' '));
    CHECK(e->key == "service." + key);
    CHECK(e->message.find("out of range") != std::string::npos);
  }
}
