// The web app at `/` through HTTP: cityopsd started with --web on the fixture web root
// (tests/fixtures/web) serves its pages with no-cache and the CSP, hashed assets with a year
// of immutable caching and gzip when asked, 304 on a matching If-None-Match, 404 JSON for a
// missing file, refuses traversal, and leaves the API's own 404s alone.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/gzip.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::gunzip;
using cityops::testing::http_call;
using cityops::testing::http_connection;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::temp_dir;

namespace {

const std::string web_root = std::string(CITYOPS_FIXTURE_DIR) + "/web";

std::string fixture(const std::string& name) {
  std::ifstream in(web_root + "/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("cityopsd serves the web app from --web", "[e2e][web]") {
  temp_dir data;
  auto args = service_args(data);
  args.insert(args.end(), {"--web", web_root});
  service_process svc(CITYOPSD_PATH, args);
  const auto addr = svc.address();

  auto page = http_call(addr, "GET", "/");
  REQUIRE(page.status == 200);
  CHECK(page.header("content-type") == "text/html; charset=utf-8");
  CHECK(page.header("cache-control") == "no-cache");
  CHECK(page.header("content-security-policy").find("default-src 'self'") == 0);
  CHECK(page.header("content-encoding").empty());
  CHECK(page.body == fixture("index.html"));
  CHECK(http_call(addr, "GET", "/desk").body == fixture("desk.html"));
  auto head = http_call(addr, "HEAD", "/desk.html");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("content-length") == std::to_string(fixture("desk.html").size()));

  const std::string asset = "/assets/app-fixture1.js";
  auto js = http_call(addr, "GET", asset, "", {{"Accept-Encoding", "gzip, deflate"}});
  REQUIRE(js.status == 200);
  CHECK(js.header("content-type") == "text/javascript; charset=utf-8");
  CHECK(js.header("cache-control") == "public, max-age=31536000, immutable");
  CHECK(js.header("content-encoding") == "gzip");
  CHECK(js.header("vary") == "Accept-Encoding");
  CHECK(js.header("content-security-policy").empty());
  CHECK(gunzip(js.body) == fixture("assets/app-fixture1.js"));
  const auto plain = http_call(addr, "GET", asset);
  CHECK(plain.header("content-encoding").empty());
  CHECK(plain.body == fixture("assets/app-fixture1.js"));

  auto cached = http_call(addr, "GET", asset, "",
                          {{"Accept-Encoding", "gzip"}, {"If-None-Match", js.header("etag")}});
  CHECK(cached.status == 304);
  CHECK(cached.body.empty());
  CHECK(cached.header("etag") == js.header("etag"));

  auto missing = http_call(addr, "GET", "/assets/app-missing.js");
  CHECK(missing.status == 404);
  CHECK(cityops::testing::error_field(missing, "code") == "not_found");

  // Traversal, sent as is on a raw connection (clients would normalise the path).
  for (const char* bad : {"/../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd",
                          "/assets%2f..%2f..%2fetc%2fpasswd", "/index.html%00.js"}) {
    INFO(bad);
    http_connection c(addr);
    c.send_raw(std::string("GET ") + bad + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto r = c.read_response();
    CHECK(r.status == 400);
  }

  // The API keeps its own answers.
  CHECK(http_call(addr, "GET", "/api/v1/nope").body.find("unknown route") != std::string::npos);
  CHECK(http_call(addr, "GET", "/healthz").status == 200);
  CHECK(http_call(addr, "GET", "/api/v1/cases", "", {{"Authorization", ""}}).status == 401);
}
