// Prometheus text output, request metrics by route pattern (summed over per-thread shards),
// case status counts, and the /metrics and /readyz routes over fake probes (no actors, no
// server).
#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gateway/actor_bridge.hpp"
#include "gateway/api_context.hpp"
#include "gateway/auth.hpp"
#include "gateway/error_json.hpp"
#include "gateway/metrics.hpp"
#include "gateway/ops_routes.hpp"
#include "gateway/router.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::gateway;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

http_request get(std::string path) {
  http_request r;
  r.method = "GET";
  r.target = path;
  r.path = std::move(path);
  r.remote = "127.0.0.1:5000";
  return r;
}

// Answers a request synchronously through `handler` and returns the response.
http_response call(const http_server::handler& handler, http_request req) {
  std::optional<http_response> out;
  handler(std::move(req), [&out](http_response r) { out = std::move(r); });
  REQUIRE(out.has_value());
  return std::move(*out);
}

// Every sample line is `name{labels} value` or `name value`, every family has HELP and TYPE
// before its first sample, and a family's samples are contiguous.
void check_exposition_format(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> typed;  // families in order of their TYPE line
  std::string current;
  while (std::getline(in, line)) {
    INFO(line);
    REQUIRE_FALSE(line.empty());
    if (line.rfind("# HELP ", 0) == 0) continue;
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream t(line.substr(7));
      std::string name, type;
      t >> name >> type;
      CHECK(std::find(typed.begin(), typed.end(), name) == typed.end());  // one group each
      typed.push_back(name);
      current = name;
      continue;
    }
    const auto name_end = line.find_first_of("{ ");
    REQUIRE(name_end != std::string::npos);
    const std::string name = line.substr(0, name_end);
    // A histogram's samples are <family>_bucket/_sum/_count.
    const bool belongs = name == current || name == current + "_bucket" ||
                         name == current + "_sum" || name == current + "_count";
    CHECK(belongs);
    const std::string value = line.substr(line.rfind(' ') + 1);
    CHECK_FALSE(value.empty());
    if (line[name_end] == '{') CHECK(line.find("} ") != std::string::npos);
  }
}

}  // namespace

TEST_CASE("metrics: prometheus_writer formats families, labels and values",
          "[gateway][metrics]") {
  CHECK(prometheus_writer::escape_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  CHECK(prometheus_writer::format_double(0.0005) == "0.0005");
  CHECK(prometheus_writer::format_double(5) == "5");
  CHECK(prometheus_writer::format_double(1.0 / 0.0) == "+Inf");

  prometheus_writer w;
  w.family("x_total", "counter", "Things.\nMore").sample("x_total", {{"a", "1"}, {"b", "q\""}},
                                                          std::uint64_t{3});
  w.family("y", "gauge", "Y.").sample("y", {}, 2.5);
  CHECK(w.str() ==
        "# HELP x_total Things.\\nMore\n# TYPE x_total counter\nx_total{a=\"1\",b=\"q\\\"\"} 3\n"
        "# HELP y Y.\n# TYPE y gauge\ny 2.5\n");
}

TEST_CASE("metrics: storage stats lines are regrouped by family and typed gauge",
          "[gateway][metrics]") {
  prometheus_writer w;
  w.gauge_lines(
      "s_keys{cf=\"events\"} 10\ns_bytes{cf=\"events\"} 100\ns_keys{cf=\"cases\"} 2\n"
      "bad line\n\ns_bytes{cf=\"cases\"} 20\ns_cache 7\n",
      "RocksDB.");
  CHECK(w.str() ==
        "# HELP s_keys RocksDB.\n# TYPE s_keys gauge\ns_keys{cf=\"events\"} 10\n"
        "s_keys{cf=\"cases\"} 2\n"
        "# HELP s_bytes RocksDB.\n# TYPE s_bytes gauge\ns_bytes{cf=\"events\"} 100\n"
        "s_bytes{cf=\"cases\"} 20\n"
        "# HELP s_cache RocksDB.\n# TYPE s_cache gauge\ns_cache 7\n");
  check_exposition_format(w.str());
}

TEST_CASE("metrics: request counters and duration histogram by route", "[gateway][metrics]") {
  http_metrics m;
  m.observe("/api/v1/cases/{id}", "GET", 200, 0.0004);  // first bucket
  m.observe("/api/v1/cases/{id}", "GET", 200, 0.003);   // le 0.005
  m.observe("/api/v1/cases/{id}", "GET", 404, 7.0);     // only +Inf
  m.observe("unmatched", "BREW", 404, 0.0001);          // non-standard method -> OTHER
  CHECK(m.requests("/api/v1/cases/{id}", "GET", 200) == 2);
  CHECK(m.requests("/api/v1/cases/{id}", "GET", 404) == 1);
  CHECK(m.requests("unmatched", "OTHER", 404) == 1);
  CHECK(m.requests("unmatched", "BREW", 404) == 0);

  prometheus_writer w;
  m.render(w);
  const std::string text = w.str();
  CHECK(contains(text, "# TYPE cityops_http_requests_total counter\n"));
  CHECK(contains(text, "# TYPE cityops_http_request_duration_seconds histogram\n"));
  CHECK(contains(text, "cityops_http_requests_total{route=\"/api/v1/cases/{id}\",method=\"GET\","
                       "code=\"200\"} 2\n"));
  const std::string b = "cityops_http_request_duration_seconds_bucket{route=\"/api/v1/cases/{id}\",";
  CHECK(contains(text, b + "le=\"0.0005\"} 1\n"));
  CHECK(contains(text, b + "le=\"0.0025\"} 1\n"));
  CHECK(contains(text, b + "le=\"0.005\"} 2\n"));  // cumulative
  CHECK(contains(text, b + "le=\"5\"} 2\n"));
  CHECK(contains(text, b + "le=\"+Inf\"} 3\n"));
  CHECK(contains(text,
                 "cityops_http_request_duration_seconds_count{route=\"/api/v1/cases/{id}\"} 3\n"));
  CHECK(contains(text, "cityops_http_requests_total{route=\"unmatched\",method=\"OTHER\""));
  check_exposition_format(text);
}

TEST_CASE("metrics: observed_dispatch labels by route pattern and sees every outcome",
          "[gateway][metrics]") {
  router r;
  std::vector<responder> parked;
  r.add("GET", "/api/v1/cases/{id}", [](const http_request&, const route_params&, responder res) {
    res(json_response(200, "{}"));
  });
  r.add("GET", "/drop", [](const http_request&, const route_params&, responder) {});
  r.add("GET", "/throw", [](const http_request&, const route_params&, responder) {
    throw std::runtime_error("boom");
  });
  r.add("GET", "/later", [&parked](const http_request&, const route_params&, responder res) {
    parked.push_back(std::move(res));
  });
  http_metrics m;
  auto handler = observed_dispatch(r, {&m, nullptr, {}});

  CHECK(call(handler, get("/api/v1/cases/3706-20261128-000001")).status == 200);
  CHECK(call(handler, get("/api/v1/cases/3706-20261128-000002")).status == 200);
  CHECK(call(handler, get("/nowhere/13800138000")).status == 404);
  CHECK(m.requests("/api/v1/cases/{id}", "GET", 200) == 2);
  CHECK(m.requests("unmatched", "GET", 404) == 1);

  handler(get("/drop"), [](http_response) {});  // responder dropped unanswered -> 500
  CHECK(m.requests("/drop", "GET", 500) == 1);
  CHECK_THROWS(handler(get("/throw"), [](http_response) {}));  // the server answers 500
  CHECK(m.requests("/throw", "GET", 500) == 1);

  std::optional<int> late_status;
  handler(get("/later"), [&](http_response res) { late_status = res.status; });
  CHECK(m.requests("/later", "GET", 202) == 0);
  REQUIRE(parked.size() == 1);
  parked[0](json_response(202, "{}"));
  parked[0](json_response(200, "{}"));  // a second answer is ignored
  CHECK(late_status == 202);
  parked.clear();
  CHECK(m.requests("/later", "GET", 202) == 1);
  CHECK(m.requests("/later", "GET", 200) == 0);
  CHECK(m.requests("/later", "GET", 500) == 0);  // answered: dropping it afterwards is not a 500
}

namespace {

// An api_context over real pieces with no actors running (nothing asks them here).
struct ops_fixture {
  ops_fixture()
      : city(cityops::testing::make_test_city()),
        system(cfg),
        bridge(system, caf::actor(), caf::actor(), caf::actor(), std::chrono::seconds(1)),
        ctx(city, bridge, tokens, "salt", 8) {
    ctx.ops = &ops;
    add_api_routes(r, ctx);
    handler = observed_dispatch(r, {&ops.metrics, nullptr, {}});
  }
  cityops::config::city_model city;
  caf::actor_system_config cfg;
  caf::actor_system system;
  actor_bridge bridge;
  token_registry tokens;
  api_context ctx;
  ops_context ops;
  router r;
  http_server::handler handler;
};

}  // namespace

TEST_CASE("metrics: GET /metrics renders every family from its probe", "[gateway][metrics]") {
  ops_fixture f;
  auto& p = f.ops.probes;
  p.cases_total = [] { return std::uint64_t{4}; };
  p.case_statuses = [] {
    return std::vector<std::pair<std::string, std::uint64_t>>{{"reported", 3}, {"closed", 1}};
  };
  p.http_connections = [] { return std::size_t{2}; };
  p.storage_stats = [] {
    return std::string("cityops_storage_estimate_num_keys{cf=\"events\"} 9\n"
                       "cityops_storage_memtables_bytes{cf=\"events\"} 1\n"
                       "cityops_storage_estimate_num_keys{cf=\"cases\"} 4\n");
  };
  p.live_case_actors = [](auto done) { done(std::uint64_t{7}); };
  f.ctx.inflight = 1;

  CHECK(call(f.handler, get("/healthz")).status == 200);
  auto res = call(f.handler, get("/metrics"));
  CHECK(res.status == 200);
  CHECK(res.content_type == "text/plain; version=0.0.4; charset=utf-8");
  const std::string& t = res.body;
  INFO(t);
  CHECK(contains(t, "cityops_http_requests_total{route=\"/healthz\",method=\"GET\",code=\"200\"} 1\n"));
  CHECK(contains(t, "cityops_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.0005\"}"));
  CHECK(contains(t, "# TYPE cityops_cases_total counter\ncityops_cases_total 4\n"));
  CHECK(contains(t, "cityops_cases_current{status=\"reported\"} 3\n"));
  CHECK(contains(t, "cityops_cases_current{status=\"closed\"} 1\n"));
  // OpenMetrics parsers (prometheus_client) name a counter's family without "_total": no
  // other family may take that name, or the two are merged into one.
  {
    std::istringstream lines(t);
    std::vector<std::string> counters, families;
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string hash, type, name, kind;
      if (!(words >> hash >> type >> name >> kind) || hash != "#" || type != "TYPE") continue;
      families.push_back(name);
      if (kind == "counter" && name.size() > 6 && name.compare(name.size() - 6, 6, "_total") == 0)
        counters.push_back(name.substr(0, name.size() - 6));
    }
    CHECK(!counters.empty());
    for (const auto& c : counters) {
      INFO(c);
      CHECK(std::find(families.begin(), families.end(), c) == families.end());
    }
  }
  CHECK(contains(t, "cityops_live_case_actors 7\n"));
  CHECK(contains(t, "cityops_inflight_requests 1\n"));
  CHECK(contains(t, "cityops_inflight_requests_limit 8\n"));
  CHECK(contains(t, "cityops_http_connections 2\n"));
  CHECK(contains(t, "# TYPE cityops_storage_estimate_num_keys gauge\n"
                    "cityops_storage_estimate_num_keys{cf=\"events\"} 9\n"
                    "cityops_storage_estimate_num_keys{cf=\"cases\"} 4\n"));
  check_exposition_format(t);

  SECTION("a directory that does not answer leaves its family out") {
    p.live_case_actors = [](auto done) { done(std::nullopt); };
    auto again = call(f.handler, get("/metrics"));
    CHECK(again.status == 200);
    CHECK_FALSE(contains(again.body, "cityops_live_case_actors"));
    CHECK(contains(again.body, "cityops_cases_total 4\n"));
    // The earlier scrape is counted now, under its pattern.
    CHECK(contains(again.body,
                   "cityops_http_requests_total{route=\"/metrics\",method=\"GET\",code=\"200\"} 1\n"));
  }
}

TEST_CASE("metrics: GET /readyz checks store, actors and server", "[gateway][metrics]") {
  ops_fixture f;
  bool store = true, accepting = true;
  std::optional<std::uint64_t> directory = 0;
  auto& p = f.ops.probes;
  p.store_open = [&] { return store; };
  p.accepting = [&] { return accepting; };
  p.live_case_actors = [&](auto done) { done(directory); };

  auto ok = call(f.handler, get("/readyz"));
  CHECK(ok.status == 200);
  CHECK(ok.body == R"({"status":"ready","checks":{"store":"ok","actors":"ok","server":"ok"}})");

  directory.reset();  // the directory timed out
  auto slow = call(f.handler, get("/readyz"));
  CHECK(slow.status == 503);
  CHECK(contains(slow.body, R"("code":"not_ready")"));
  CHECK(contains(slow.body, R"("actors":"failing")"));

  directory = 3;
  accepting = false;  // draining
  auto draining = call(f.handler, get("/readyz"));
  CHECK(draining.status == 503);
  CHECK(contains(draining.body, R"("server":"failing")"));

  accepting = true;
  store = false;
  CHECK(call(f.handler, get("/readyz")).status == 503);

  f.ctx.ops = nullptr;  // nothing wired: not ready
  CHECK(call(f.handler, get("/readyz")).status == 503);
}

// ---- per-thread shards -----------------------------------------------------------------------

namespace {

// The value of the sample line starting with `prefix` ("name{labels} "), or nullopt.
std::optional<double> sample_value(const std::string& text, const std::string& prefix) {
  const auto at = text.find("\n" + prefix);
  if (at == std::string::npos) return std::nullopt;
  const auto start = at + 1 + prefix.size();
  return std::stod(text.substr(start, text.find('\n', start) - start));
}

}  // namespace

TEST_CASE("metrics: what several threads observe is summed over their shards",
          "[gateway][metrics]") {
  http_metrics m;
  constexpr int threads = 4, per_thread = 5000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&m, t] {
      for (int i = 0; i < per_thread; ++i) {
        m.observe("/api/v1/cases", "POST", i % 10 == 0 ? 400 : 201, 0.002);
        if (t % 2 == 0) m.observe("/api/v1/cases/{id}", "GET", 200, 10.0);
      }
    });
  for (auto& w : workers) w.join();
  CHECK(m.shard_count() == threads);
  CHECK(m.requests("/api/v1/cases", "POST", 201) == threads * per_thread * 9 / 10);
  CHECK(m.requests("/api/v1/cases", "POST", 400) == threads * per_thread / 10);
  CHECK(m.requests("/api/v1/cases/{id}", "GET", 200) == threads / 2 * per_thread);

  prometheus_writer w;
  m.render(w);
  const std::string text = w.str();
  INFO(text);
  const std::string cases = "cityops_http_request_duration_seconds_bucket{route=\"/api/v1/cases\",";
  CHECK(sample_value(text, cases + "le=\"0.001\"} ") == 0);
  CHECK(sample_value(text, cases + "le=\"0.0025\"} ") == threads * per_thread);
  CHECK(sample_value(text, cases + "le=\"+Inf\"} ") == threads * per_thread);
  CHECK(sample_value(text, "cityops_http_request_duration_seconds_sum{route=\"/api/v1/cases\"} ")
            .value_or(0) == Approx(threads * per_thread * 0.002));
  const std::string one = "cityops_http_request_duration_seconds_bucket{route=\"/api/v1/cases/{id}\",";
  CHECK(sample_value(text, one + "le=\"5\"} ") == 0);
  CHECK(sample_value(text, one + "le=\"+Inf\"} ") == threads / 2 * per_thread);
  check_exposition_format(text);
}

TEST_CASE("metrics: a scrape during observations sees consistent, growing totals",
          "[gateway][metrics]") {
  http_metrics m;
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < 2; ++t)
    workers.emplace_back([&m, &stop, t] {
      for (int i = 0; !stop.load(); ++i)
        m.observe(i % 7 == 0 ? "/r/{id}" : "/r", "GET", 200, (i % 20) * 0.0005 * (t + 1));
    });
  double last_count = 0;
  const std::string route = "{route=\"/r\"";
  for (int scrape = 0; scrape < 50; ++scrape) {
    prometheus_writer w;
    m.render(w);
    const std::string text = w.str();
    const auto inf = sample_value(text, "cityops_http_request_duration_seconds_bucket" + route +
                                            ",le=\"+Inf\"} ");
    if (!inf) continue;  // nothing observed yet
    const auto five = sample_value(text, "cityops_http_request_duration_seconds_bucket" + route +
                                             ",le=\"5\"} ");
    REQUIRE(five);
    CHECK(*five <= *inf);  // cumulative buckets never pass the count
    CHECK(*inf >= last_count);
    last_count = *inf;
    const auto count =
        sample_value(text, "cityops_http_request_duration_seconds_count" + route + "} ");
    CHECK(count == inf);
  }
  stop = true;
  for (auto& w : workers) w.join();
  prometheus_writer w;
  m.render(w);
  const auto total = m.requests("/r", "GET", 200) + m.requests("/r/{id}", "GET", 200);
  CHECK(sample_value(w.str(), "cityops_http_request_duration_seconds_count" + route + "} ")
            .value_or(0) +
            sample_value(w.str(), "cityops_http_request_duration_seconds_count{route=\"/r/{id}\"} ")
                .value_or(0) ==
        total);
}

TEST_CASE("metrics: two instances used on one thread keep their own counts",
          "[gateway][metrics]") {
  http_metrics a, b;
  for (int i = 0; i < 10; ++i) {
    a.observe("/a", "GET", 200, 0.001);
    b.observe("/b", "GET", 200, 0.001);
    if (i % 2 == 0) b.observe("/a", "GET", 200, 0.001);
  }
  CHECK(a.requests("/a", "GET", 200) == 10);
  CHECK(a.requests("/b", "GET", 200) == 0);
  CHECK(b.requests("/b", "GET", 200) == 10);
  CHECK(b.requests("/a", "GET", 200) == 5);
  CHECK(a.shard_count() == 1);
  CHECK(b.shard_count() == 1);
  {
    http_metrics c;  // a new instance (maybe at a freed address) starts at zero
    CHECK(c.requests("/a", "GET", 200) == 0);
    c.observe("/a", "GET", 200, 0.001);
    CHECK(c.requests("/a", "GET", 200) == 1);
  }
}
