#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <string>

#include "gateway/router.hpp"

using namespace cityops::gateway;

namespace {

http_request make_request(std::string method, std::string path) {
  http_request r;
  r.method = std::move(method);
  r.path = path;
  r.target = std::move(path);
  return r;
}

// Dispatches synchronously and returns what was answered (routes here answer inline).
struct call_result {
  std::optional<http_response> response;
  std::string route;  // which route handled it
  route_params params;
};

call_result run(const router& r, const std::string& method, const std::string& path) {
  call_result out;
  r.dispatch(make_request(method, path), [&](http_response res) { out.response = std::move(res); });
  return out;
}

router::route_handler tagged(call_result*& sink, std::string tag) {
  return [&sink, tag](const http_request&, const route_params& p, responder respond) {
    sink->route = tag;
    sink->params = p;
    respond(http_response{200, "text/plain", tag, {}});
  };
}

std::string header_of(const http_response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace

TEST_CASE("router: params are extracted and percent-decoded", "[gateway][router]") {
  router r;
  call_result* sink = nullptr;
  r.add("POST", "/api/v1/cases/{id}/actions/{action}", tagged(sink, "action"));
  r.add("GET", "/api/v1/cases/{id}", tagged(sink, "get"));
  r.add("GET", "/api/v1/cases", tagged(sink, "list"));

  call_result got;
  sink = &got;
  r.dispatch(make_request("POST", "/api/v1/cases/yt-20240101-7/actions/close"),
             [&](http_response res) { got.response = std::move(res); });
  REQUIRE(got.response);
  CHECK(got.response->status == 200);
  CHECK(got.route == "action");
  CHECK(got.params.at("id") == "yt-20240101-7");
  CHECK(got.params.at("action") == "close");
  CHECK(got.params.get("nope").empty());
  CHECK(got.params.find("nope") == nullptr);
  CHECK_THROWS_AS(got.params.at("nope"), std::out_of_range);

  call_result enc;
  sink = &enc;
  r.dispatch(make_request("GET", "/api/v1/cases/a%2Fb%20c+d%E5%90%91"),
             [&](http_response res) { enc.response = std::move(res); });
  CHECK(enc.route == "get");
  CHECK(enc.params.at("id") == "a/b c+d向");

  call_result list;
  sink = &list;
  r.dispatch(make_request("GET", "/api/v1/cases"), [&](http_response res) { list.response = std::move(res); });
  CHECK(list.route == "list");
  CHECK(list.params.values.empty());
}

TEST_CASE("router: 404 vs 405 with Allow", "[gateway][router]") {
  router r;
  call_result* sink = nullptr;
  r.add("GET", "/api/v1/cases/{id}", tagged(sink, "get"));
  r.add("DELETE", "/api/v1/cases/{id}", tagged(sink, "delete"));
  r.add("POST", "/api/v1/cases", tagged(sink, "create"));

  auto nf = run(r, "GET", "/x");
  REQUIRE(nf.response);
  CHECK(nf.response->status == 404);
  CHECK(nf.response->body ==
        R"({"error":{"code":"not_found","message":"unknown route GET /x"}})");

  // Segment counts must match; empty segments never match a param; no trailing-slash folding.
  CHECK(run(r, "GET", "/api/v1/cases/").response->status == 404);
  CHECK(run(r, "GET", "/api/v1/cases/a/b").response->status == 404);
  CHECK(run(r, "GET", "/api/v1").response->status == 404);
  CHECK(run(r, "GET", "").response->status == 404);
  CHECK(run(r, "GET", "api/v1/cases/a").response->status == 404);

  auto na = run(r, "PUT", "/api/v1/cases/7");
  REQUIRE(na.response);
  CHECK(na.response->status == 405);
  CHECK(header_of(*na.response, "Allow") == "DELETE, GET");
  CHECK(na.response->body.find(R"("code":"method_not_allowed")") != std::string::npos);

  auto na2 = run(r, "GET", "/api/v1/cases");
  CHECK(na2.response->status == 405);
  CHECK(header_of(*na2.response, "Allow") == "POST");

  // Methods are case-sensitive.
  CHECK(run(r, "get", "/api/v1/cases/7").response->status == 405);
}

TEST_CASE("router: literal segments beat params, rest params", "[gateway][router]") {
  router r;
  call_result got;
  call_result* sink = &got;
  r.add("GET", "/api/v1/cases/{id}", tagged(sink, "by-id"));
  r.add("GET", "/api/v1/cases/search", tagged(sink, "search"));
  r.add("GET", "/api/v1/{kind}/search", tagged(sink, "kind-search"));
  r.add("GET", "/static/{path*}", tagged(sink, "static"));
  r.add("GET", "/{page*}", tagged(sink, "fallback"));

  run(r, "GET", "/api/v1/cases/search");
  CHECK(got.route == "search");
  run(r, "GET", "/api/v1/cases/123");
  CHECK(got.route == "by-id");
  run(r, "GET", "/api/v1/nodes/search");
  CHECK(got.route == "kind-search");
  CHECK(got.params.at("kind") == "nodes");

  run(r, "GET", "/static/js/app%20x.js");
  CHECK(got.route == "static");
  CHECK(got.params.at("path") == "js/app x.js");
  run(r, "GET", "/static/");
  CHECK(got.route == "static");
  CHECK(got.params.at("path").empty());
  run(r, "GET", "/");
  CHECK(got.route == "fallback");
  CHECK(got.params.at("page").empty());
  run(r, "GET", "/a/b/c");
  CHECK(got.route == "fallback");
  CHECK(got.params.at("page") == "a/b/c");
}

TEST_CASE("router: routes() lists registrations, bad patterns are rejected",
          "[gateway][router]") {
  router r;
  auto fn = [](const http_request&, const route_params&, responder) {};
  r.add("GET", "/healthz", fn);
  r.add("POST", "/api/v1/cases/{id}/actions/{action}", fn);
  r.add("GET", "/api/v1/cases/{id}", fn);
  auto routes = r.routes();
  REQUIRE(routes.size() == 3);
  CHECK(routes[0] == std::make_pair(std::string("GET"), std::string("/healthz")));
  CHECK(routes[1] ==
        std::make_pair(std::string("POST"), std::string("/api/v1/cases/{id}/actions/{action}")));
  CHECK(routes[2] == std::make_pair(std::string("GET"), std::string("/api/v1/cases/{id}")));

  CHECK_THROWS_AS(r.add("GET", "/api/v1/cases/{other}", fn), std::invalid_argument);  // shadowed
  CHECK_THROWS_AS(r.add("GET", "no-slash", fn), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/a/{}", fn), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/a/{x", fn), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/a/x{y}", fn), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/a/{x}/{x}", fn), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/a/{rest*}/b", fn), std::invalid_argument);
  CHECK_THROWS_AS(r.add("", "/a", fn), std::invalid_argument);
  CHECK_THROWS_AS(r.add("GET", "/a", nullptr), std::invalid_argument);
  CHECK(r.routes().size() == 3);
}

TEST_CASE("router: handler exceptions propagate to the caller", "[gateway][router]") {
  router r;
  r.add("GET", "/boom", [](const http_request&, const route_params&, responder) {
    throw std::runtime_error("boom");
  });
  CHECK_THROWS_AS(run(r, "GET", "/boom"), std::runtime_error);
}

TEST_CASE("http_request helpers", "[gateway][router]") {
  http_request r;
  r.headers = {{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}};
  r.query = {{"status", "open"}, {"k", "1"}, {"k", "2"}};
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(r.header("X-A") == "1");
  CHECK(r.header("missing").empty());
  CHECK(r.has_header("x-a"));
  CHECK_FALSE(r.has_header("x-b"));
  CHECK(r.query_param("status") == std::string("open"));
  CHECK(r.query_param("k") == std::string("1"));
  CHECK_FALSE(r.query_param("none"));
  CHECK(percent_decode("a+b%20c%zz%4", true) == "a b c%zz%4");
  CHECK(percent_decode("a+b", false) == "a+b");
  CHECK(percent_decode("%E5%90%91%00", false) == std::string("\xE5\x90\x91\0", 4));
}
