// tools/load/request_mix: with a fixed seed the stream has the configured source weights,
// Zipf-skewed categories and communities, the configured shares of duplicates, keys, lat/lon
// and reads; every body is valid JSON (or a proper form), and replays repeat the key.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "tests/unit/load/load_test_city.hpp"
#include "tools/load/request_mix.hpp"

using namespace cityops::load;

namespace {

constexpr int samples = 40000;

mix_options default_options() {
  mix_options o;
  o.open311_key = "key-for-open311";
  return o;
}

// The parsed JSON body of a create (REQUIREs it parses and has source and text).
simdjson::dom::element parse_body(simdjson::dom::parser& p, const planned_request& r) {
  simdjson::dom::element doc;
  INFO(r.body);
  REQUIRE_FALSE(p.parse(r.body).get(doc));
  std::string_view source, text;
  REQUIRE_FALSE(doc["source"].get(source));
  REQUIRE_FALSE(doc["text"].get(text));
  REQUIRE_FALSE(text.empty());
  return doc;
}

}  // namespace

TEST_CASE("sources follow their weights (55/20/8/4/8/5 by default)") {
  const auto city = testing::test_city();
  request_mix mix(city, default_options(), 11);
  std::map<request_kind, int> counts;
  for (int i = 0; i < samples; ++i) ++counts[mix.next().kind];
  const std::map<request_kind, double> expected{
      {request_kind::hotline, 0.55}, {request_kind::grid, 0.20}, {request_kind::video, 0.08},
      {request_kind::iot, 0.04},     {request_kind::app, 0.08},  {request_kind::open311, 0.05}};
  for (const auto& [kind, share] : expected) {
    const double got = static_cast<double>(counts[kind]) / samples;
    INFO(to_string(kind) << ": " << got);
    // 40,000 draws: the standard deviation of a share is ≤ 0.25 %; 1 % is four of them.
    CHECK(std::fabs(got - share) < 0.01);
  }
  CHECK(counts.size() == expected.size());  // no reads without read_ratio
}

TEST_CASE("categories are Zipf-skewed with each source's typical ones hottest") {
  const auto city = testing::test_city();
  auto options = default_options();
  options.sources = {1, 0, 0, 0, 0, 0};  // hotline only
  options.duplicate_share = 0;
  options.uncategorized_share = 0;
  request_mix mix(city, options, 5);
  const auto& ranking = mix.category_ranking(case_source::hotline);
  REQUIRE(ranking.size() == city.categories.size());
  CHECK(city.categories[ranking[0]].code == "0608");  // noise tops the hotline's list
  CHECK(city.categories[ranking[1]].code == "1101");

  simdjson::dom::parser p;
  std::map<std::string, int> counts;
  for (int i = 0; i < samples; ++i) {
    auto doc = parse_body(p, mix.next());
    std::string_view code;
    REQUIRE_FALSE(doc["category"].get(code));
    ++counts[std::string(code)];
  }
  // Zipf(1.1) over 16 ranks: rank 0 holds 1/H, H = Σ 1/k^1.1.
  double h = 0;
  for (int k = 1; k <= 16; ++k) h += 1 / std::pow(k, 1.1);
  const double top = static_cast<double>(counts["0608"]) / samples;
  const double second = static_cast<double>(counts["1101"]) / samples;
  CHECK(std::fabs(top - 1 / h) < 0.01);
  CHECK(std::fabs(second - 1 / std::pow(2, 1.1) / h) < 0.01);
  CHECK(counts.size() == city.categories.size());  // the tail is still sent
}

TEST_CASE("communities are Zipf-skewed hot spots and lat/lon comes on the configured share") {
  const auto city = testing::test_city();
  auto options = default_options();
  options.sources = {0, 1, 0, 0, 0, 0};  // grid only
  options.duplicate_share = 0;
  options.latlon_share = 0.3;
  request_mix mix(city, options, 9);
  simdjson::dom::parser p;
  std::map<std::string, int> by_node;
  int with_latlon = 0;
  for (int i = 0; i < samples; ++i) {
    auto doc = parse_body(p, mix.next());
    std::string_view node;
    double lat = 0, lon = 0;
    if (!doc["node"].get(node)) {
      ++by_node[std::string(node)];
      CHECK(doc["lat"].error());
    } else {
      REQUIRE_FALSE(doc["lat"].get(lat));
      REQUIRE_FALSE(doc["lon"].get(lon));
      // Jittered around a community of the city (σ ≈ 0.002°): within 0.02° of the box.
      CHECK(lat > 37.48);
      CHECK(lat < 37.56);
      CHECK(lon > 121.38);
      CHECK(lon < 121.46);
      ++with_latlon;
    }
  }
  CHECK(std::fabs(static_cast<double>(with_latlon) / samples - 0.3) < 0.01);
  int hottest = 0;
  for (const auto& [node, n] : by_node) hottest = std::max(hottest, n);
  double h = 0;
  for (int k = 1; k <= 40; ++k) h += 1.0 / k;
  const int by_node_total = samples - with_latlon;
  // The hottest community gets 1/H of the node-addressed creates (≈ 23 % for 40 of them).
  CHECK(std::fabs(static_cast<double>(hottest) / by_node_total - 1 / h) < 0.015);
}

TEST_CASE("duplicates, idempotency keys and reads come in their configured shares") {
  const auto city = testing::test_city();
  auto options = default_options();
  options.sources = {1, 1, 1, 1, 1, 0};
  options.duplicate_share = 0.1;
  options.idempotency_share = 0.3;
  options.read_ratio = 0.25;
  request_mix mix(city, options, 21);
  int creates = 0, duplicates = 0, keyed = 0, reads = 0, gets = 0;
  std::set<std::string> keys;
  std::map<std::string, std::string> text_node;  // text → node of non-duplicates
  simdjson::dom::parser p;
  for (int i = 0; i < samples; ++i) {
    auto r = mix.next();
    if (!is_create(r.kind)) {
      ++reads;
      CHECK(r.method == "GET");
      CHECK(r.target.rfind("/api/v1/cases", 0) == 0);
      if (r.kind == request_kind::get_case) ++gets;
      continue;
    }
    ++creates;
    CHECK(r.method == "POST");
    CHECK(r.target == "/api/v1/cases");
    CHECK(r.content_type == "application/json");
    if (!r.idempotency_key.empty()) {
      ++keyed;
      CHECK(keys.insert(r.idempotency_key).second);  // never reused within a run
    }
    auto doc = parse_body(p, r);
    std::string_view text, node;
    REQUIRE_FALSE(doc["text"].get(text));
    if (r.duplicate) {
      ++duplicates;
      REQUIRE_FALSE(doc["node"].get(node));
      // A duplicate repeats a text the mix sent before.
      CHECK(text_node.count(std::string(text)) == 1);
    } else {
      std::string where = doc["node"].get(node) ? "latlon" : std::string(node);
      text_node.emplace(std::string(text), where);
    }
    // Every fifth create is acknowledged, so reads by id become possible.
    if (creates % 5 == 0) mix.on_created(r, "3706-20261128-" + std::to_string(100000 + creates));
  }
  CHECK(std::fabs(static_cast<double>(reads) / samples - 0.25) < 0.01);
  CHECK(std::fabs(static_cast<double>(duplicates) / creates - 0.1) < 0.01);
  CHECK(std::fabs(static_cast<double>(keyed) / creates - 0.3) < 0.01);
  CHECK(gets > reads / 2);  // 70 % of reads fetch a case once ids are known
}

TEST_CASE("Open311 creates are forms with the api_key and a service code") {
  const auto city = testing::test_city();
  auto options = default_options();
  options.sources = {0, 0, 0, 0, 0, 1};
  request_mix mix(city, options, 3);
  for (int i = 0; i < 200; ++i) {
    const auto r = mix.next();
    REQUIRE(r.kind == request_kind::open311);
    CHECK(r.target == "/open311/v2/requests.json");
    CHECK(r.content_type == "application/x-www-form-urlencoded");
    CHECK(r.body.rfind("api_key=key-for-open311&service_code=", 0) == 0);
    CHECK(r.body.find("&lat=") != std::string::npos);
    CHECK(r.body.find("&long=") != std::string::npos);
    CHECK(r.body.find("&description=%") != std::string::npos);  // percent-encoded UTF-8
    CHECK(r.idempotency_key.empty());
  }
}

TEST_CASE("a replay repeats the keyed create with its key and expects its id") {
  const auto city = testing::test_city();
  auto options = default_options();
  options.idempotency_share = 1;
  options.replay_share = 1;
  options.sources = {1, 0, 0, 0, 0, 0};
  request_mix mix(city, options, 8);
  const auto first = mix.next();
  REQUIRE_FALSE(first.idempotency_key.empty());
  const auto replay = mix.on_created(first, "3706-20261128-000042");
  REQUIRE(replay.has_value());
  CHECK(replay->kind == request_kind::replay);
  CHECK(replay->idempotency_key == first.idempotency_key);
  CHECK(replay->body == first.body);  // byte for byte, else the service answers 409
  CHECK(replay->expected_id == "3706-20261128-000042");

  options.replay_share = 0;
  request_mix never(city, options, 8);
  CHECK_FALSE(never.on_created(never.next(), "3706-20261128-000043").has_value());
}

TEST_CASE("the same seed gives the same stream and another seed another") {
  const auto city = testing::test_city();
  request_mix a(city, default_options(), 77), b(city, default_options(), 77),
      c(city, default_options(), 78);
  bool differs = false;
  for (int i = 0; i < 500; ++i) {
    const auto ra = a.next(), rb = b.next(), rc = c.next();
    REQUIRE(ra.body == rb.body);
    REQUIRE(ra.idempotency_key == rb.idempotency_key);
    differs = differs || ra.body != rc.body;
  }
  CHECK(differs);
}

TEST_CASE("an empty catalogue or unusable weights are refused") {
  catalogue empty;
  CHECK_THROWS_AS(request_mix(empty, default_options(), 1), std::invalid_argument);
  const auto city = testing::test_city();
  auto options = default_options();
  options.sources = {0, 0, 0, 0, 0, 0};
  CHECK_THROWS_AS(request_mix(city, options, 1), std::invalid_argument);
}
