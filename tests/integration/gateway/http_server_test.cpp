#include <catch2/catch.hpp>

#include "tests/support/eventually.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gateway/error_json.hpp"
#include "gateway/http_server.hpp"
#include "gateway/router.hpp"
#include "tests/support/http_client.hpp"

using namespace cityops::gateway;
using cityops::testing::client_response;
using cityops::testing::http_call;
using cityops::testing::http_connection;
using namespace std::chrono_literals;

namespace {

// A server on 127.0.0.1:0 that stops (drain 2 s) when the test ends.
struct running_server {
  explicit running_server(http_server::handler fn, http_server::options opts = {}) {
    opts.host = "127.0.0.1";
    opts.port = 0;
    server = std::make_unique<http_server>(opts, std::move(fn));
    std::string error;
    if (!server->start(error)) throw std::runtime_error("start failed: " + error);
    address = server->local_address();
  }
  ~running_server() {
    if (server) server->stop(2000ms);
  }
  std::unique_ptr<http_server> server;
  std::string address;
};

http_response text(int status, std::string body) {
  return http_response{status, "text/plain", std::move(body), {}};
}

// Answers "<method> <path>" for everything.
void echo(http_request req, responder respond) {
  respond(text(200, req.method + " " + req.path));
}

// Responders handed to a worker thread that answers them later (a stand-in for the actor
// bridge); joined on destruction.
class delayed_worker {
 public:
  explicit delayed_worker(std::chrono::milliseconds delay) : delay_(delay) {
    thread_ = std::thread([this] { run(); });
  }
  ~delayed_worker() {
    {
      std::lock_guard<std::mutex> lock(m_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void submit(http_request req, responder respond) {
    {
      std::lock_guard<std::mutex> lock(m_);
      queue_.push_back({std::move(req), std::move(respond)});
    }
    cv_.notify_all();
  }
  std::thread::id id() const { return thread_.get_id(); }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      cv_.wait(lock, [&] { return done_ || !queue_.empty(); });
      if (queue_.empty()) return;  // done_ and drained
      auto item = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      std::this_thread::sleep_for(delay_);  // simulated work, not synchronisation
      item.second(text(200, "late " + item.first.path));
      lock.lock();
    }
  }
  std::chrono::milliseconds delay_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::pair<http_request, responder>> queue_;
  bool done_ = false;
  std::thread thread_;
};

using cityops::testing::eventually;

}  // namespace

TEST_CASE("http_server: port 0 gives a real port, basic request and response",
          "[gateway][http_server]") {
  std::atomic<int> calls{0};
  http_request seen;
  std::mutex seen_m;
  running_server s([&](http_request req, responder respond) {
    ++calls;
    {
      std::lock_guard<std::mutex> lock(seen_m);
      seen = req;
    }
    http_response res = json_response(201, R"({"ok":true})");
    res.headers.emplace_back("X-Trace", "abc");
    respond(std::move(res));
  });
  REQUIRE(s.address.rfind("127.0.0.1:", 0) == 0);
  int port = std::stoi(s.address.substr(10));
  CHECK(port > 0);
  CHECK(port < 65536);

  auto r = http_call(s.address, "POST", "/api/v1/cases?status=open&q=a+b%20c&flag",
                     R"({"text":"x"})", {{"X-Custom", "Value"}});
  CHECK(r.status == 201);
  CHECK(r.body == R"({"ok":true})");
  CHECK(r.header("server") == "cityops");
  CHECK(r.header("content-type") == "application/json");
  CHECK(r.header("content-length") == "11");
  CHECK(r.header("x-trace") == "abc");
  CHECK(calls == 1);
  std::lock_guard<std::mutex> lock(seen_m);
  CHECK(seen.method == "POST");
  CHECK(seen.target == "/api/v1/cases?status=open&q=a+b%20c&flag");
  CHECK(seen.path == "/api/v1/cases");
  CHECK(seen.query_param("status") == std::string("open"));
  CHECK(seen.query_param("q") == std::string("a b c"));
  CHECK(seen.query_param("flag") == std::string(""));
  CHECK(seen.header("x-custom") == "Value");
  CHECK(seen.header("X-CUSTOM") == "Value");
  CHECK(seen.body == R"({"text":"x"})");
  CHECK(seen.remote.rfind("127.0.0.1:", 0) == 0);
}

TEST_CASE("http_server: keep-alive serves several requests on one connection",
          "[gateway][http_server]") {
  running_server s([](http_request req, responder respond) {
    respond(text(200, req.remote + " " + req.path));
  });
  http_connection conn(s.address);
  std::set<std::string> remotes;
  for (int i = 0; i < 10; ++i) {
    auto r = conn.request("GET", "/n/" + std::to_string(i));
    REQUIRE(r.status == 200);
    auto space = r.body.find(' ');
    remotes.insert(r.body.substr(0, space));
    CHECK(r.body.substr(space + 1) == "/n/" + std::to_string(i));
    CHECK(r.header("connection") != "close");
  }
  CHECK(remotes.size() == 1);  // same client port: one TCP connection
  CHECK(conn.is_open());
  CHECK(s.server->connection_count() == 1);

  // Pipelined requests are answered in order.
  conn.send_raw("GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\n\r\n");
  auto p1 = conn.read_response();
  auto p2 = conn.read_response();
  CHECK(p1.body.substr(p1.body.find(' ') + 1) == "/p1");
  CHECK(p2.body.substr(p2.body.find(' ') + 1) == "/p2");

  // Connection: close is honoured.
  auto last = conn.request("GET", "/bye", "", {{"Connection", "close"}});
  CHECK(last.status == 200);
  CHECK(last.header("connection") == "close");
  CHECK_FALSE(conn.is_open());
}

TEST_CASE("http_server: HEAD gets headers only, bad handler headers are dropped",
          "[gateway][http_server]") {
  running_server s([](http_request req, responder respond) {
    http_response r = text(200, "body of " + req.method);
    r.headers.emplace_back("X-Split", "a\r\nInjected: yes");
    r.headers.emplace_back("Bad Name", "x");
    r.headers.emplace_back("Server", "other");
    respond(std::move(r));
  });
  http_connection conn(s.address);
  auto head = conn.request("HEAD", "/h");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("content-length") == "12");  // length of "body of HEAD"
  auto get = conn.request("GET", "/h");  // same connection still in sync
  CHECK(get.body == "body of GET");
  CHECK(get.header("x-split") == "a  Injected: yes");
  CHECK(get.header("injected").empty());
  CHECK(get.header("bad name").empty());
  CHECK(get.header("server") == "cityops");
}

TEST_CASE("http_server: a handler can ask to close the connection", "[gateway][http_server]") {
  running_server s([](http_request, responder respond) {
    http_response r = text(200, "x");
    r.headers.emplace_back("Connection", "close");
    respond(std::move(r));
  });
  http_connection conn(s.address);
  auto r = conn.request("GET", "/");
  CHECK(r.header("connection") == "close");
  CHECK_FALSE(conn.is_open());
}

TEST_CASE("http_server: body over the limit -> 413 too_large JSON", "[gateway][http_server]") {
  std::atomic<int> calls{0};
  running_server s([&](http_request, responder respond) {
    ++calls;
    respond(text(200, "ok"));
  });
  SECTION("Content-Length over the limit") {
    auto r = http_call(s.address, "POST", "/api/v1/cases", std::string(70 * 1024, 'x'));
    CHECK(r.status == 413);
    CHECK(r.header("content-type") == "application/json");
    CHECK(r.body ==
          R"({"error":{"code":"too_large","message":"request body exceeds 65536 bytes"}})");
    CHECK(r.header("connection") == "close");
  }
  SECTION("chunked body over the limit") {
    http_connection conn(s.address);
    std::string chunk(16 * 1024, 'y');
    std::string wire = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i) wire += "4000\r\n" + chunk + "\r\n";
    wire += "0\r\n\r\n";
    conn.send_raw(wire);
    auto r = conn.read_response();
    CHECK(r.status == 413);
    CHECK(r.body.find(R"("code":"too_large")") != std::string::npos);
  }
  SECTION("exactly the limit is accepted") {
    auto r = http_call(s.address, "POST", "/x", std::string(64 * 1024, 'x'));
    CHECK(r.status == 200);
    CHECK(calls == 1);
  }
  SECTION("Expect: 100-continue") {
    http_connection conn(s.address);
    conn.send_raw("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    auto cont = conn.read_response();
    CHECK(cont.status == 100);
    conn.send_raw("hello");
    auto r = conn.read_response();
    CHECK(r.status == 200);
    // Too large: refused without waiting for the body.
    conn.send_raw(
        "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\nExpect: 100-continue\r\n\r\n");
    auto big = conn.read_response();
    CHECK(big.status == 413);
  }
}

TEST_CASE("http_server: malformed HTTP and oversized headers", "[gateway][http_server]") {
  running_server s(echo);
  {
    http_connection conn(s.address);
    conn.send_raw("THIS IS NOT HTTP\r\n\r\n");
    auto r = conn.read_response();
    CHECK(r.status == 400);
    CHECK(r.body.find(R"("code":"invalid_request")") != std::string::npos);
    CHECK(conn.wait_closed(10s));
  }
  {
    http_connection conn(s.address);
    conn.send_raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(10000, 'a') + "\r\n\r\n");
    auto r = conn.read_response();
    CHECK(r.status == 431);
    CHECK(r.body.find(R"("code":"too_large")") != std::string::npos);
  }
  {
    http_connection conn(s.address);
    conn.send_raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
    CHECK(conn.read_response().status == 400);
  }
  // The server is still fine.
  CHECK(http_call(s.address, "GET", "/ok").body == "GET /ok");
}

TEST_CASE("http_server: handler exceptions and dropped responders -> 500 internal",
          "[gateway][http_server]") {
  running_server s([](http_request req, responder respond) {
    if (req.path == "/throw") throw std::runtime_error("secret detail");
    if (req.path == "/throw-int") throw 42;
    if (req.path == "/drop") return;  // never answers: the dropped responder answers 500
    if (req.path == "/twice") {
      respond(text(200, "first"));
      respond(text(200, "second"));  // ignored
      return;
    }
    if (req.path == "/bad-status") {
      respond(text(42, "x"));
      return;
    }
    if (req.path == "/no-content") {
      respond(text(204, "ignored body"));
      return;
    }
    respond(text(200, "fine"));
  });
  http_connection conn(s.address);
  auto t = conn.request("GET", "/throw");
  CHECK(t.status == 500);
  CHECK(t.body == R"({"error":{"code":"internal","message":"internal error"}})");
  CHECK(conn.request("GET", "/throw-int").status == 500);
  auto d = conn.request("GET", "/drop");
  CHECK(d.status == 500);
  CHECK(d.body.find(R"("code":"internal")") != std::string::npos);
  auto tw = conn.request("GET", "/twice");
  CHECK(tw.body == "first");
  CHECK(conn.request("GET", "/bad-status").status == 500);
  auto nc = conn.request("GET", "/no-content");
  CHECK(nc.status == 204);
  CHECK(nc.body.empty());
  CHECK(conn.request("GET", "/after").body == "fine");  // connection still usable

  http_server::options opts;
  opts.expose_exception_messages = true;
  running_server verbose([](http_request, responder) { throw std::runtime_error("detail"); }, opts);
  CHECK(http_call(verbose.address, "GET", "/").body ==
        R"({"error":{"code":"internal","message":"internal error: detail"}})");
}

TEST_CASE("http_server: a handler answering from another thread after a delay",
          "[gateway][http_server]") {
  delayed_worker worker(50ms);
  running_server s([&](http_request req, responder respond) {
    worker.submit(std::move(req), std::move(respond));
  });
  http_connection conn(s.address);
  for (int i = 0; i < 3; ++i) {
    auto r = conn.request("GET", "/slow/" + std::to_string(i));
    CHECK(r.status == 200);
    CHECK(r.body == "late /slow/" + std::to_string(i));
  }
}

TEST_CASE("http_server: a router behind the server", "[gateway][http_server]") {
  router rt;
  rt.add("GET", "/api/v1/cases/{id}", [](const http_request&, const route_params& p, responder respond) {
    respond(json_response(200, "{\"id\":\"" + p.at("id") + "\"}"));
  });
  running_server s([&rt](http_request req, responder respond) { rt.dispatch(req, std::move(respond)); });
  CHECK(http_call(s.address, "GET", "/api/v1/cases/c-1").body == R"({"id":"c-1"})");
  auto nf = http_call(s.address, "GET", "/x");
  CHECK(nf.status == 404);
  CHECK(nf.body == R"({"error":{"code":"not_found","message":"unknown route GET /x"}})");
  auto na = http_call(s.address, "POST", "/api/v1/cases/c-1");
  CHECK(na.status == 405);
  CHECK(na.header("allow") == "GET");
}

TEST_CASE("http_server: many concurrent connections are all answered", "[gateway][http_server]") {
  http_server::options opts;
  opts.io_threads = 2;
  running_server s([](http_request req, responder respond) { respond(text(200, req.path)); },
                   opts);
  constexpr int threads = 50;
  constexpr int per_thread = 20;
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&, t] {
      try {
        // Half keep-alive, half a fresh connection per request.
        std::optional<http_connection> conn;
        if (t % 2 == 0) conn.emplace(s.address);
        for (int i = 0; i < per_thread; ++i) {
          std::string path = "/t" + std::to_string(t) + "/r" + std::to_string(i);
          client_response r = conn ? conn->request("GET", path) : http_call(s.address, "GET", path);
          if (r.status == 200 && r.body == path) {
            ++ok;
          } else {
            ++failed;
          }
        }
      } catch (const std::exception&) {
        ++failed;
      }
    });
  }
  for (auto& c : clients) c.join();
  CHECK(failed == 0);
  CHECK(ok == threads * per_thread);
}

TEST_CASE("http_server: read timeout closes a half-sent request", "[gateway][http_server]") {
  http_server::options opts;
  opts.read_timeout = 1s;
  std::atomic<int> calls{0};
  running_server s([&](http_request, responder respond) {
    ++calls;
    respond(text(200, "x"));
  }, opts);
  http_connection conn(s.address);
  conn.send_raw("GET /half HTTP/1.1\r\nHost: x\r\n");  // no blank line: never completes
  auto started = std::chrono::steady_clock::now();
  CHECK(conn.wait_closed(20s));
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(waited >= 900ms);
  CHECK(waited < 15s);
  CHECK(calls == 0);
  CHECK(eventually([&] { return s.server->connection_count() == 0; }));
}

TEST_CASE("http_server: idle keep-alive connections time out", "[gateway][http_server]") {
  http_server::options opts;
  opts.idle_timeout = 1s;
  running_server s(echo, opts);
  http_connection conn(s.address);
  CHECK(conn.request("GET", "/a").status == 200);
  auto started = std::chrono::steady_clock::now();
  CHECK(conn.wait_closed(20s));
  CHECK(std::chrono::steady_clock::now() - started >= 900ms);
}

TEST_CASE("http_server: over max_connections -> 503 overloaded with Retry-After",
          "[gateway][http_server]") {
  http_server::options opts;
  opts.max_connections = 2;
  running_server s(echo, opts);
  http_connection a(s.address);
  http_connection b(s.address);
  REQUIRE(a.request("GET", "/a").status == 200);  // both accepted and counted
  REQUIRE(b.request("GET", "/b").status == 200);
  auto r = http_call(s.address, "GET", "/c");
  CHECK(r.status == 503);
  CHECK(r.header("retry-after") == "1");
  CHECK(r.body.find(R"("code":"overloaded")") != std::string::npos);
  // Capacity comes back when a connection closes.
  a.close();
  CHECK(eventually([&] {
    try {
      return http_call(s.address, "GET", "/d").status == 200;
    } catch (const std::exception&) {
      return false;
    }
  }));
}

TEST_CASE("http_server: stop() drains an in-flight request, then joins",
          "[gateway][http_server]") {
  delayed_worker worker(300ms);
  std::promise<void> entered;
  std::atomic<bool> entered_once{false};
  auto s = std::make_unique<running_server>([&](http_request req, responder respond) {
    if (!entered_once.exchange(true)) entered.set_value();
    worker.submit(std::move(req), std::move(respond));
  });
  http_connection idle(s->address);  // an idle keep-alive connection
  REQUIRE(idle.request("GET", "/warm").status == 200);
  entered_once = false;
  entered = std::promise<void>();
  auto entered_future = entered.get_future();

  auto client = std::async(std::launch::async, [&] {
    return http_call(s->address, "GET", "/in-flight");
  });
  REQUIRE(entered_future.wait_for(10s) == std::future_status::ready);

  auto started = std::chrono::steady_clock::now();
  s->server->stop(10s);
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(took < 9s);  // returned when the request finished, not at the drain limit

  auto r = client.get();
  CHECK(r.status == 200);
  CHECK(r.body == "late /in-flight");
  CHECK(idle.wait_closed(5s));  // idle connection closed by stop()
  // No longer listening.
  CHECK_THROWS(http_call(s->address, "GET", "/after"));
  CHECK(s->server->connection_count() == 0);
  s.reset();  // destructor after stop is fine
}

TEST_CASE("http_server: stop() gives up after the drain limit, late responders are harmless",
          "[gateway][http_server]") {
  std::mutex m;
  std::vector<responder> parked;
  std::promise<void> entered;
  auto s = std::make_unique<running_server>([&](http_request, responder respond) {
    std::lock_guard<std::mutex> lock(m);
    parked.push_back(std::move(respond));
    if (parked.size() == 1) entered.set_value();
  });
  auto client = std::async(std::launch::async, [&] {
    try {
      http_call(s->address, "GET", "/never");
      return std::string("answered");
    } catch (const std::exception&) {
      return std::string("failed");
    }
  });
  REQUIRE(entered.get_future().wait_for(10s) == std::future_status::ready);
  auto started = std::chrono::steady_clock::now();
  s->server->stop(200ms);
  auto took = std::chrono::steady_clock::now() - started;
  CHECK(took >= 150ms);
  CHECK(took < 5s);
  CHECK(client.get() == "failed");  // connection closed without a response
  s.reset();                        // server destroyed
  std::lock_guard<std::mutex> lock(m);
  REQUIRE(parked.size() == 1);
  parked[0](text(200, "too late"));  // harmless
  parked.clear();                   // dropping it is harmless too
}

TEST_CASE("http_server: start errors are reported", "[gateway][http_server]") {
  running_server s(echo);
  http_server::options opts;
  opts.host = "127.0.0.1";
  opts.port = static_cast<std::uint16_t>(std::stoi(s.address.substr(10)));
  http_server clash(opts, echo);
  std::string error;
  CHECK_FALSE(clash.start(error));
  CHECK(error.find("bind") != std::string::npos);

  http_server::options bad;
  bad.host = "no-such-host.invalid";
  bad.port = 0;
  http_server unresolvable(bad, echo);
  CHECK_FALSE(unresolvable.start(error));

  http_server::options any_port;
  any_port.port = 0;
  http_server twice(any_port, echo);
  REQUIRE(twice.start(error));
  CHECK_FALSE(twice.start(error));
  twice.stop(0ms);
}
