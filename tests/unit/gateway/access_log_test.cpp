// The access log: one JSON line per request through spdlog, labelled with the route pattern,
// and never the query string, the body, the raw path or a phone number in any of them. The
// buffering (batches, flushes, shutdown) is in access_log_buffer_test.cpp.
#include <catch2/catch.hpp>
#include <simdjson.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gateway/access_log.hpp"
#include "gateway/error_json.hpp"
#include "gateway/metrics.hpp"
#include "gateway/router.hpp"

using namespace cityops::gateway;

namespace {

constexpr const char* phone = "13800138000";

// A logger writing into a string stream, with the pattern the service uses ("%v").
struct captured_log {
  captured_log() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    logger = std::make_shared<spdlog::logger>("access-test", std::move(sink));
    logger->set_pattern("%v");
    logger->set_level(spdlog::level::info);
  }
  std::vector<std::string> lines() {
    logger->flush();
    std::vector<std::string> v;
    std::istringstream in(out.str());
    std::string line;
    while (std::getline(in, line)) v.push_back(line);
    return v;
  }
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> logger;
};

http_request request(std::string method, std::string target, std::string body = "") {
  http_request r;
  r.method = std::move(method);
  r.target = target;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    const std::string qs = target.substr(q + 1);
    const auto eq = qs.find('=');
    r.query.emplace(qs.substr(0, eq), eq == std::string::npos ? "" : qs.substr(eq + 1));
  }
  r.body = std::move(body);
  r.remote = "10.1.2.3:40000";
  r.headers.emplace_back("authorization", "Bearer secret-token-" + std::string(phone));
  r.headers.emplace_back("x-reporter-phone", phone);
  return r;
}

std::string str(simdjson::dom::element e, const char* key) {
  return std::string(std::string_view(e[key]));
}

// A record of a request; the strings are viewed, not copied.
access_record record_of(std::string_view principal, std::string_view method = "POST",
                        std::string_view route = "/api/v1/cases", int status = 201,
                        double duration_ms = 1.5, std::size_t bytes = 100,
                        std::string_view remote = "127.0.0.1:1") {
  access_record a;
  a.method = method;
  a.route = route;
  a.status = status;
  a.duration_ms = duration_ms;
  a.bytes = bytes;
  a.remote = remote;
  a.principal = principal;
  return a;
}

}  // namespace

TEST_CASE("access_log: one JSON line per request with the route pattern",
          "[gateway][access_log]") {
  captured_log cap;
  access_log log(cap.logger);
  router r;
  r.add("POST", "/api/v1/cases/{id}/actions/{action}",
        [](const http_request&, const route_params&, responder respond) {
          respond(json_response(200, R"({"id":"3706-20261128-000001"})"));
        });
  http_metrics metrics;
  auto handler = observed_dispatch(r, {&metrics, &log, [](const http_request& req) {
                                         return req.has_header("authorization")
                                                    ? std::string("centre-370602")
                                                    : std::string();
                                       }});
  handler(request("POST", "/api/v1/cases/3706-20261128-000001/actions/verify", R"({"by":"x"})"),
          [](http_response) {});

  log.flush();
  auto lines = cap.lines();
  REQUIRE(lines.size() == 1);
  simdjson::dom::parser parser;
  simdjson::dom::element e = parser.parse(lines[0]);
  CHECK(str(e, "method") == "POST");
  CHECK(str(e, "route") == "/api/v1/cases/{id}/actions/{action}");
  CHECK(std::int64_t(e["status"]) == 200);
  CHECK(std::uint64_t(e["bytes"]) == std::string(R"({"id":"3706-20261128-000001"})").size());
  CHECK(double(e["duration_ms"]) >= 0.0);
  CHECK(str(e, "remote") == "10.1.2.3:40000");
  CHECK(str(e, "principal") == "centre-370602");
  CHECK(str(e, "at").size() == 24);  // 2026-11-28T01:30:00.123Z
  // The raw path (with the case id) is not there: only the pattern.
  CHECK(lines[0].find("3706-20261128-000001") == std::string::npos);
}

TEST_CASE("access_log: no query string, body, header or phone number ever reaches the log",
          "[gateway][access_log]") {
  captured_log cap;
  access_log log(cap.logger);
  router r;
  r.add("POST", "/api/v1/cases", [](const http_request&, const route_params&, responder respond) {
    // Even a response that echoes the phone number: bodies are never logged.
    respond(json_response(201, std::string(R"({"reporter":{"phone":")") + phone + "\"}}"));
  });
  r.add("GET", "/api/v1/cases", [](const http_request&, const route_params&, responder respond) {
    std::thread([respond] { respond(json_response(200, R"({"items":[]})")); }).join();
  });
  auto handler = observed_dispatch(r, {nullptr, &log, [](const http_request&) {
                                         return std::string();  // no principal
                                       }});
  const std::string body =
      std::string(R"({"source":"hotline","text":"call me at )") + phone +
      R"(","node":"370602001001","reporter":{"phone":")" + phone + R"(","name":"王"}})";
  handler(request("POST", "/api/v1/cases?phone=" + std::string(phone), body), [](http_response) {});
  handler(request("GET", "/api/v1/cases?reporter=" + std::string(phone)), [](http_response) {});
  handler(request("GET", "/api/v1/reporters/" + std::string(phone)), [](http_response) {});  // 404
  handler(request(std::string(phone), "/api/v1/cases"), [](http_response) {});  // odd method: 405

  log.flush();
  auto lines = cap.lines();
  REQUIRE(lines.size() == 4);
  simdjson::dom::parser parser;
  const char* routes[] = {"/api/v1/cases", "/api/v1/cases", "unmatched", "unmatched"};
  const std::int64_t statuses[] = {201, 200, 404, 405};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    INFO(lines[i]);
    CHECK(lines[i].find(phone) == std::string::npos);
    CHECK(lines[i].find("38000") == std::string::npos);  // not even a part of it
    CHECK(lines[i].find('?') == std::string::npos);
    CHECK(lines[i].find("phone") == std::string::npos);
    CHECK(lines[i].find("reporter") == std::string::npos);
    CHECK(lines[i].find("secret-token") == std::string::npos);
    CHECK(lines[i].find("call me") == std::string::npos);
    simdjson::dom::element e = parser.parse(lines[i]);
    CHECK(str(e, "route") == routes[i]);
    CHECK(std::int64_t(e["status"]) == statuses[i]);
    CHECK(e["principal"].error() == simdjson::NO_SUCH_FIELD);
  }
  simdjson::dom::element odd = parser.parse(lines[3]);
  CHECK(str(odd, "method") == "OTHER");
}

TEST_CASE("access_log: format_access_record escapes what it writes", "[gateway][access_log]") {
  const std::string line =
      format_access_record(record_of("名\"字", "GET", "/x/{id}", 503, 1.23456, 42, "[::1]:8080"));
  CHECK(line.find('\n') == std::string::npos);
  simdjson::dom::parser parser;
  simdjson::dom::element e = parser.parse(line);
  CHECK(str(e, "principal") == "名\"字");
  CHECK(double(e["duration_ms"]) == Approx(1.235));
  CHECK(std::uint64_t(e["bytes"]) == 42);
  CHECK(str(e, "remote") == "[::1]:8080");
}

TEST_CASE("access_log: a null logger is a no-op", "[gateway][access_log]") {
  access_log log(nullptr);
  access_record a;
  log.write(a);  // nothing happens, nothing throws
  SUCCEED();
}

// ---- buffering: batches, the interval, shutdown, back-pressure -------------------------------

namespace {

// Polls `done` for up to 5 s.
template <class Done>
bool eventually(Done done) {
  for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return done();
}

// A sink that holds every write until released (a logger slower than the writers).
class held_sink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  void release() {
    std::lock_guard<std::mutex> lock(m_);
    held_ = false;
    cv_.notify_all();
  }
  std::size_t lines() {
    std::lock_guard<std::mutex> lock(m_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [this] { return !held_; });
    const std::string_view v(msg.payload.data(), msg.payload.size());
    lines_ += static_cast<std::size_t>(std::count(v.begin(), v.end(), '\n')) + 1;
  }
  void flush_() override {}

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool held_ = true;
  std::size_t lines_ = 0;
};

}  // namespace

TEST_CASE("access_log: a full buffer goes out as one batch before the interval",
          "[gateway][access_log]") {
  captured_log cap;
  access_log::options opts;
  opts.flush_interval = std::chrono::hours(1);
  opts.flush_bytes = 1024;
  access_log log(cap.logger, opts);
  std::size_t bytes = 0, written = 0;
  while (bytes < opts.flush_bytes) {
    const std::string who = "app-" + std::to_string(written);
    const auto r = record_of(who);
    bytes += format_access_record(r).size() + 1;
    log.write(r);
    ++written;
  }
  REQUIRE(eventually([&] { return log.batches() == 1; }));
  const auto lines = cap.lines();
  CHECK(lines.size() == written);
  simdjson::dom::parser parser;
  for (std::size_t i = 0; i < lines.size(); ++i)
    CHECK(str(parser.parse(lines[i]), "principal") == "app-" + std::to_string(i));
}

TEST_CASE("access_log: a quiet log is written by the interval", "[gateway][access_log]") {
  captured_log cap;
  access_log::options opts;
  opts.flush_interval = std::chrono::milliseconds(20);
  access_log log(cap.logger, opts);
  log.write(record_of("one"));
  REQUIRE(eventually([&] { return log.batches() == 1; }));  // no flush() asked for
  CHECK(cap.lines().size() == 1);
}

TEST_CASE("access_log: an orderly stop writes every line, each writer's in order",
          "[gateway][access_log]") {
  captured_log cap;
  constexpr int writers = 4, per_writer = 500;
  {
    access_log::options opts;
    opts.flush_interval = std::chrono::hours(1);
    opts.flush_bytes = 4096;
    access_log log(cap.logger, opts);
    std::vector<std::thread> threads;
    for (int t = 0; t < writers; ++t)
      threads.emplace_back([&log, t] {
        for (int i = 0; i < per_writer; ++i)
          log.write(record_of(std::to_string(t) + "/" + std::to_string(i)));
      });
    for (auto& th : threads) th.join();
  }  // destroyed: what is still buffered is written
  const auto lines = cap.lines();
  REQUIRE(lines.size() == writers * per_writer);
  std::vector<int> next(writers, 0);
  simdjson::dom::parser parser;
  for (const auto& line : lines) {
    const std::string who = str(parser.parse(line), "principal");
    const int t = std::stoi(who.substr(0, who.find('/')));
    CHECK(std::stoi(who.substr(who.find('/') + 1)) == next[t]++);
  }
  CHECK(next == std::vector<int>(writers, per_writer));
}

TEST_CASE("access_log: a slow logger holds the writers back and loses nothing",
          "[gateway][access_log]") {
  auto sink = std::make_shared<held_sink>();
  auto logger = std::make_shared<spdlog::logger>("held", sink);
  logger->set_pattern("%v");
  constexpr std::size_t total = 200;
  std::atomic<std::size_t> written{0};
  {
    access_log::options opts;
    opts.flush_interval = std::chrono::milliseconds(5);
    opts.flush_bytes = 512;
    opts.max_buffered_bytes = 2048;
    access_log log(logger, opts);
    std::thread writer([&] {
      for (std::size_t i = 0; i < total; ++i) {
        log.write(record_of("w"));
        ++written;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(written.load() < total);  // waiting for room, not dropping
    sink->release();
    writer.join();
  }
  CHECK(written.load() == total);
  CHECK(sink->lines() == total);
}
