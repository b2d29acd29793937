// docs/openapi.yaml and the router agree: every (method, pattern) of add_api_routes is an
// operation of the document and every operation of the document is a route. The document is
// read with a small line-based parser of its `paths:` section (the style rules are at the top
// of docs/openapi.yaml); no YAML library is needed.
#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "gateway/actor_bridge.hpp"
#include "gateway/api_context.hpp"
#include "gateway/auth.hpp"
#include "gateway/router.hpp"
#include "tests/support/test_city.hpp"

namespace {

using route_set = std::set<std::pair<std::string, std::string>>;  // (METHOD, pattern)

struct parsed_paths {
  route_set operations;
  std::vector<std::string> problems;  // style violations, with line numbers
};

std::size_t indentation(const std::string& line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// The key of "key:" or "key: value" ("" when the line is not a mapping key).
std::string mapping_key(const std::string& content) {
  std::string key;
  if (!content.empty() && (content[0] == '"' || content[0] == '\'')) {
    const auto close = content.find(content[0], 1);
    if (close == std::string::npos || close + 1 >= content.size() || content[close + 1] != ':')
      return "";
    return content.substr(1, close - 1);
  }
  const auto colon = content.find(':');
  if (colon == std::string::npos) return "";
  if (colon + 1 < content.size() && content[colon + 1] != ' ') return "";
  return content.substr(0, colon);
}

// Reads the (METHOD, path) pairs of the `paths:` section: path keys at 2 spaces, operations
// (lower-case HTTP methods) at 4 spaces below them.
parsed_paths parse_openapi_paths(std::istream& in) {
  static const std::set<std::string> methods = {"get",  "put",     "post",  "delete",
                                                "head", "options", "patch", "trace"};
  parsed_paths out;
  std::string line;
  std::string current_path;
  bool in_paths = false;
  bool seen_paths = false;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = "line " + std::to_string(number) + ": ";
    if (line.find('\t') != std::string::npos && in_paths) {
      out.problems.push_back(where + "tab character");
      continue;
    }
    const std::string content = trim(line);
    if (content.empty() || content[0] == '#') continue;
    const std::size_t indent = indentation(line);
    if (indent == 0) {
      in_paths = mapping_key(content) == "paths" && trim(content.substr(6)).empty();
      if (in_paths) {
        if (seen_paths) out.problems.push_back(where + "a second paths: section");
        seen_paths = true;
      }
      current_path.clear();
      continue;
    }
    if (!in_paths) continue;
    if (indent == 2) {
      const std::string key = mapping_key(content);
      if (key.empty() || key[0] != '/' || !trim(content.substr(content.find(':') + 1)).empty()) {
        out.problems.push_back(where + "expected a path key '  /…:' at 2 spaces, got '" +
                               content + "'");
        current_path.clear();
        continue;
      }
      current_path = key;
    } else if (indent == 4) {
      const std::string key = mapping_key(content);
      if (methods.count(key)) {
        if (current_path.empty()) {
          out.problems.push_back(where + "operation '" + key + "' outside a path");
          continue;
        }
        std::string upper = key;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (!out.operations.emplace(upper, current_path).second)
          out.problems.push_back(where + "operation listed twice: " + upper + " " + current_path);
      }
      // Other path-level keys (parameters, summary, description, servers) are fine.
    } else if (indent == 1 || indent == 3) {
      out.problems.push_back(where + "odd indentation in paths:");
    }
  }
  if (!seen_paths) out.problems.push_back("no top-level 'paths:' section");
  return out;
}

std::string describe(const std::pair<std::string, std::string>& r) {
  return r.first + " " + r.second;
}

route_set router_routes() {
  using namespace cityops::gateway;
  // Real pieces, nothing running: no handler is called, so the bridge's targets may be
  // invalid actor handles.
  caf::actor_system_config cfg;
  caf::actor_system system{cfg};
  const auto city = cityops::testing::make_test_city();
  actor_bridge bridge(system, caf::actor(), caf::actor(), caf::actor(), std::chrono::seconds(1));
  token_registry tokens;
  api_context ctx(city, bridge, tokens, "salt", 16);
  router r;
  add_api_routes(r, ctx);
  route_set out;
  for (const auto& [method, pattern] : r.routes()) out.emplace(method, pattern);
  return out;
}

}  // namespace

TEST_CASE("openapi: docs/openapi.yaml lists exactly the routes of add_api_routes",
          "[gateway][openapi]") {
  const std::string file = std::string(CITYOPS_SOURCE_DIR) + "/docs/openapi.yaml";
  std::ifstream in(file);
  REQUIRE(in.good());
  auto doc = parse_openapi_paths(in);
  for (const auto& p : doc.problems) FAIL_CHECK(file << ": " << p);

  const route_set routes = router_routes();
  REQUIRE_FALSE(routes.empty());
  REQUIRE_FALSE(doc.operations.empty());
  for (const auto& r : routes) {
    if (!doc.operations.count(r))
      FAIL_CHECK("route missing from docs/openapi.yaml: " << describe(r)
                 << " (add it under paths:, written exactly like the router's pattern)");
  }
  for (const auto& op : doc.operations) {
    if (!routes.count(op))
      FAIL_CHECK("docs/openapi.yaml documents a route the router does not have: "
                 << describe(op));
  }
  // The ones every deployment relies on (a guard against an empty parse of both sides).
  CHECK(routes.count({"GET", "/healthz"}));
  CHECK(routes.count({"GET", "/readyz"}));
  CHECK(routes.count({"GET", "/metrics"}));
  CHECK(routes.count({"POST", "/api/v1/cases"}));
}

TEST_CASE("openapi: the line parser reads paths and methods and reports style problems",
          "[gateway][openapi]") {
  std::istringstream doc(R"(# comment
openapi: 3.0.3
info:
  title: x
  paths: not-this-one
paths:
  /a:
    summary: path-level keys are ignored
    parameters:
      - name: id
        in: path
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                properties:
                  post:
                    type: string

  # a comment inside paths
  "/b/{id}":
    post:
      description: quoted path keys are accepted
    delete:
      description: x
components:
  schemas:
    get:
      type: string
)");
  auto parsed = parse_openapi_paths(doc);
  CHECK(parsed.problems.empty());
  CHECK(parsed.operations ==
        route_set{{"GET", "/a"}, {"POST", "/b/{id}"}, {"DELETE", "/b/{id}"}});

  std::istringstream bad("paths:\n  notapath:\n    get:\n   /odd:\n");
  auto broken = parse_openapi_paths(bad);
  CHECK(broken.problems.size() == 3);  // not a path, get outside a path, odd indentation
  CHECK(broken.operations.empty());

  std::istringstream none("openapi: 3.0.3\n");
  CHECK(parse_openapi_paths(none).problems.size() == 1);
}
