#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gateway/router.hpp"
#include "gateway/static_files.hpp"
#include "tests/support/gzip.hpp"

using namespace cityops::gateway;
using cityops::testing::gunzip;

namespace {

std::string header_of(const http_response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (ascii_lower(k) == ascii_lower(name)) return v;
  return {};
}

http_request get(std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  http_request r;
  r.method = "GET";
  r.path = path;
  r.target = std::move(path);
  r.headers = std::move(headers);
  return r;
}

std::string repeated(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::map<std::string, std::string> files{
    {"index.html", "<!doctype html><title>城运</title>" + repeated("<p>一屏通览</p>", 40)},
    {"wall.html", "<!doctype html><title>wall</title>"},
    {"assets/app-1a2b3c.js", repeated("console.log('cityops');\n", 50)},
    {"assets/logo-9f8e.png", std::string("\x89PNG\r\n\x1a\n", 8) + repeated("x", 300)},
    {"favicon.ico", "ico"}};

}  // namespace

TEST_CASE("static content types by extension", "[static]") {
  CHECK(static_content_type("index.html") == "text/html; charset=utf-8");
  CHECK(static_content_type("assets/a.js") == "text/javascript; charset=utf-8");
  CHECK(static_content_type("a.mjs") == "text/javascript; charset=utf-8");
  CHECK(static_content_type("a.css") == "text/css; charset=utf-8");
  CHECK(static_content_type("a.json") == "application/json");
  CHECK(static_content_type("yantai.geojson") == "application/geo+json");
  CHECK(static_content_type("a.svg") == "image/svg+xml");
  CHECK(static_content_type("a.PNG") == "image/png");
  CHECK(static_content_type("a.jpg") == "image/jpeg");
  CHECK(static_content_type("favicon.ico") == "image/x-icon");
  CHECK(static_content_type("f.woff2") == "font/woff2");
  CHECK(static_content_type("a.js.map") == "application/json");
  CHECK(static_content_type("robots.txt") == "text/plain; charset=utf-8");
  CHECK(static_content_type("assets.d/LICENSE") == "application/octet-stream");
  CHECK(static_compressible("text/javascript; charset=utf-8"));
  CHECK(static_compressible("application/geo+json"));
  CHECK_FALSE(static_compressible("image/png"));
  CHECK_FALSE(static_compressible("font/woff2"));
}

TEST_CASE("gzip round trip with zlib and strong ETags", "[static]") {
  const std::string text = repeated("烟台市 芝罘区 井盖缺失 ", 100);
  const auto gz = gzip_compress(text);
  REQUIRE(gz.size() > 10);
  CHECK(static_cast<unsigned char>(gz[0]) == 0x1f);  // the gzip magic
  CHECK(static_cast<unsigned char>(gz[1]) == 0x8b);
  CHECK(gz.size() < text.size() / 4);
  CHECK(gunzip(gz) == text);
  CHECK(gunzip(gzip_compress("")).empty());

  const auto tag = strong_etag(text);
  CHECK(tag.size() == 66);
  CHECK(tag.front() == '"');
  CHECK(tag.back() == '"');
  CHECK(tag == strong_etag(text));
  CHECK(tag != strong_etag(text + " "));
  CHECK(strong_etag(text, "-gz") == tag.substr(0, 65) + "-gz\"");
}

TEST_CASE("the catalogue keeps each file with its type, gzip and caching", "[static]") {
  const auto c = static_catalogue::from_files(files);
  CHECK(c.size() == files.size());
  const auto* index = c.find("index.html");
  REQUIRE(index);
  CHECK(index->html);
  CHECK_FALSE(index->immutable);
  REQUIRE_FALSE(index->gzip_body.empty());
  CHECK(gunzip(index->gzip_body) == files.at("index.html"));
  CHECK(index->etag != index->gzip_etag);
  const auto* js = c.find("assets/app-1a2b3c.js");
  REQUIRE(js);
  CHECK(js->immutable);
  CHECK_FALSE(js->html);
  CHECK(gunzip(js->gzip_body) == js->body);
  CHECK(c.find("assets/logo-9f8e.png")->gzip_body.empty());  // not compressible
  CHECK(c.find("favicon.ico")->gzip_body.empty());
  CHECK(c.find("wall.html")->gzip_body.empty());  // gzip would not be smaller
  CHECK(c.find("missing.html") == nullptr);
}

TEST_CASE("request paths map to catalogue keys and traversal is refused", "[static]") {
  CHECK(static_file_path("/") == std::string("index.html"));
  CHECK(static_file_path("/wall.html") == std::string("wall.html"));
  CHECK(static_file_path("/assets/app-1a2b3c.js") == std::string("assets/app-1a2b3c.js"));
  CHECK(static_file_path("/%E7%83%9F.html") == std::string("烟.html"));
  for (const char* bad : {"", "index.html", "/..", "/../etc/passwd", "/assets/../index.html",
                          "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc", "/assets/.%2e/x", "/./index.html",
                          "/assets%2fapp.js", "/a%5c..%5cb", "/a\\b", "/index.html%00.js",
                          "/a%0ab", "//etc/passwd", "/assets/", "/a/%2e"}) {
    INFO(bad);
    CHECK_FALSE(static_file_path(bad));
  }
}

TEST_CASE("Accept-Encoding and If-None-Match", "[static]") {
  CHECK(accepts_gzip("gzip"));
  CHECK(accepts_gzip("gzip, deflate, br"));
  CHECK(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  CHECK(accepts_gzip("*"));
  CHECK_FALSE(accepts_gzip(""));
  CHECK_FALSE(accepts_gzip("identity"));
  CHECK_FALSE(accepts_gzip("gzip;q=0"));
  CHECK_FALSE(accepts_gzip("gzip;q=0.000, *"));
  CHECK_FALSE(accepts_gzip("br, *;q=0"));

  CHECK(etag_matches("\"abc\"", "\"abc\""));
  CHECK(etag_matches("W/\"abc\"", "\"abc\""));
  CHECK(etag_matches("\"x\", \"abc-gz\"", "\"abc\"", "\"abc-gz\""));
  CHECK(etag_matches("*", "\"abc\""));
  CHECK_FALSE(etag_matches("\"abd\"", "\"abc\""));
  CHECK_FALSE(etag_matches("", "\"abc\""));
}

TEST_CASE("static responses carry type, caching, gzip, CSP and 304", "[static]") {
  const auto c = static_catalogue::from_files(files);
  const auto page = static_response(&c, "/web", get("/"));
  CHECK(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(page.body == files.at("index.html"));
  CHECK(header_of(page, "Cache-Control") == "no-cache");
  CHECK(header_of(page, "Content-Security-Policy") == std::string(static_csp));
  CHECK(header_of(page, "Content-Encoding").empty());
  CHECK(header_of(page, "Vary") == "Accept-Encoding");

  const auto js = static_response(&c, "/web", get("/assets/app-1a2b3c.js",
                                                   {{"accept-encoding", "gzip, br"}}));
  CHECK(js.status == 200);
  CHECK(header_of(js, "Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(header_of(js, "Content-Encoding") == "gzip");
  CHECK(header_of(js, "Content-Security-Policy").empty());
  CHECK(gunzip(js.body) == files.at("assets/app-1a2b3c.js"));

  const auto again = static_response(
      &c, "/web", get("/assets/app-1a2b3c.js", {{"if-none-match", header_of(js, "ETag")}}));
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(static_response(&c, "/web", get("/wall")).body == files.at("wall.html"));

  const auto missing = static_response(&c, "/web", get("/nothing.js"));
  CHECK(missing.status == 404);
  CHECK(missing.body.find("\"not_found\"") != std::string::npos);
  CHECK(static_response(&c, "/web", get("/../secret")).status == 400);

  const auto unbuilt = static_response(nullptr, "/srv/web", get("/"));
  CHECK(unbuilt.status == 404);
  CHECK(unbuilt.body.find("not built") != std::string::npos);
  CHECK(unbuilt.body.find("/srv/web") != std::string::npos);
}

TEST_CASE("loading a web root from disk", "[static]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "cityops-static-files-test";
  fs::remove_all(root);
  fs::create_directories(root / "assets");
  for (const auto& [name, bytes] : files) std::ofstream(root / name, std::ios::binary) << bytes;
  fs::create_symlink("/etc/passwd", root / "passwd");
  std::string error;
  const auto c = static_catalogue::load(root.string(), error);
  REQUIRE(c);
  CHECK(error.empty());
  CHECK(c->size() == files.size());  // the symbolic link is not served
  CHECK(c->find("passwd") == nullptr);
  CHECK(c->find("assets/app-1a2b3c.js")->body == files.at("assets/app-1a2b3c.js"));
  fs::remove_all(root);
  CHECK_FALSE(static_catalogue::load(root.string(), error));
  CHECK(error.find("not a directory") != std::string::npos);
}

TEST_CASE("the router's fallback answers only paths no route takes", "[static]") {
  router r;
  r.add("POST", "/api/v1/cases", [](const http_request&, const route_params&, responder res) {
    res(http_response{201, "", "", {}});
  });
  std::string label;
  r.set_fallback(
      {"GET", "HEAD"}, "/{web app}",
      [](const http_request&, const route_params&, responder res) {
        res(http_response{200, "text/plain", "file", {}});
      },
      [](std::string_view path) { return path.rfind("/api/", 0) != 0; });
  auto run = [&](const std::string& method, const std::string& path) {
    http_response out;
    http_request req = get(path);
    req.method = method;
    r.dispatch(req, [&](http_response x) { out = std::move(x); },
               [&](const std::string& pattern) { label = pattern; });
    return out;
  };
  CHECK(run("GET", "/").body == "file");
  CHECK(label == "/{web app}");
  CHECK(run("HEAD", "/desk.html").status == 200);
  CHECK(run("GET", "/api/v1/cases").status == 405);  // the route exists for POST
  CHECK(run("DELETE", "/index.html").status == 404);
  label.clear();
  const auto api = run("GET", "/api/v1/nowhere");  // refused by the filter: the router's 404
  CHECK(api.status == 404);
  CHECK(api.body.find("unknown route GET /api/v1/nowhere") != std::string::npos);
  CHECK(label.empty());
}
