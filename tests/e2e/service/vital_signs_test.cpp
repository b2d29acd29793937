// End to end with the built binary: a sensor gateway (role iot) posts a batch of vital-sign
// samples with good and bad items (kept and refused one by one, a batch of only bad ones is
// 422 naming the field, malformed JSON 400), an operator reads the latest value and state,
// the history, and sees the breach's alert at /api/v1/alerts; a citizen app may do neither.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <chrono>
#include <string>

#include "actors/domain/iso_time.hpp"
#include "tests/support/e2e_helpers.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/token_config.hpp"

using cityops::domain::format_iso8601;
using cityops::testing::call_as;
using cityops::testing::client_response;
using cityops::testing::error_field;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::temp_dir;

namespace {

client_response as_iot(const std::string& addr, const std::string& method,
                       const std::string& target, const std::string& body = "") {
  return cityops::testing::http_call(addr, method, target, body,
                                     {{"Authorization", "Bearer tok-gw-1-0123456789"}});
}

std::string sample(const std::string& id, const std::string& value, const std::string& unit,
                   const std::string& at) {
  return R"({"indicator":")" + id + R"(","value":)" + value + R"(,"unit":")" + unit +
         R"(","at":")" + at + R"("})";
}

}  // namespace

TEST_CASE("vital signs: samples in then latest and history out and a breach alert raised",
          "[e2e][vital_signs]") {
  temp_dir data;
  auto tokens = cityops::testing::role_principals();
  tokens.push_back({"gw-1", "iot", "tok-gw-1-0123456789", "", ""});
  const auto config = cityops::testing::write_city_config(data, "vital-city.toml", tokens);
  service_process svc(CITYOPSD_PATH, service_args(data, config));
  const auto addr = svc.address();
  simdjson::dom::parser p;
  const auto now = cityops::testing::now_ms();
  const auto t1 = format_iso8601(now - 120'000);
  const auto t2 = format_iso8601(now - 60'000);
  const std::string id = "water.pressure.zhifu";

  const std::string batch =
      R"({"samples":[)" + sample(id, "0.31", "MPa", t1) + "," + sample(id, "0.12", "MPa", t2) +
      "," + sample("water.pressure.nowhere", "0.3", "MPa", t2) + "," +
      sample(id, "0.3", "kPa", t2) + "," + sample(id, "0.3", "MPa", "yesterday") + "," +
      sample(id, "0.3", "MPa", format_iso8601(now + 3'600'000)) + "," +
      R"({"indicator":"water.pressure.zhifu","value":"high","at":")" + t2 + R"("}]})";
  auto posted = as_iot(addr, "POST", "/api/v1/indicators/samples", batch);
  INFO(posted.body);
  REQUIRE(posted.status == 200);
  auto receipt = p.parse(posted.body);
  CHECK(int64_t(receipt["accepted"]) == 2);
  auto refused = receipt["refused"].get_array();
  REQUIRE(refused.size() == 5);
  const char* fields[] = {"indicator", "unit", "at", "at", "value"};
  std::size_t k = 0;
  for (auto r : refused) {
    CHECK(int64_t(r["index"]) == static_cast<int64_t>(k + 2));
    CHECK(std::string(std::string_view(r["field"])) == fields[k]);
    ++k;
  }

  SECTION("bad batches and roles") {
    auto none = as_iot(addr, "POST", "/api/v1/indicators/samples",
                       R"({"samples":[)" + sample(id, "0.3", "bar", t2) + "]}");
    CHECK(none.status == 422);
    CHECK(error_field(none, "field") == "samples[0].unit");
    CHECK(as_iot(addr, "POST", "/api/v1/indicators/samples", R"({"samples":[)").status == 400);
    auto empty = as_iot(addr, "POST", "/api/v1/indicators/samples", R"({"samples":[]})");
    CHECK(empty.status == 400);
    CHECK(error_field(empty, "field") == "samples");
    CHECK(call_as(addr, "op-xy", "POST", "/api/v1/indicators/samples", batch).status == 403);
    CHECK(call_as(addr, "app-1", "GET", "/api/v1/indicators").status == 403);
    CHECK(as_iot(addr, "GET", "/api/v1/cases").status == 403);
    CHECK(call_as(addr, "op-xy", "GET", "/api/v1/indicators/nope").status == 404);
    CHECK(call_as(addr, "op-xy", "GET", "/api/v1/indicators?state=loud").status == 400);
  }

  SECTION("latest, listing, history and the alert") {
    auto one = call_as(addr, "op-xy", "GET", "/api/v1/indicators/" + id);
    INFO(one.body);
    REQUIRE(one.status == 200);
    auto v = p.parse(one.body);
    CHECK(std::string(std::string_view(v["state"])) == "alarm");
    CHECK(double(v["latest"]["value"]) == Approx(0.12));
    CHECK(std::string(std::string_view(v["latest"]["side"])) == "low");
    CHECK(std::string(std::string_view(v["unit"])) == "MPa");
    CHECK(std::string(std::string_view(v["domain_name"])) == "城市供水");

    auto alarms = call_as(addr, "sup-1", "GET", "/api/v1/indicators?state=alarm");
    REQUIRE(alarms.status == 200);
    auto items = p.parse(alarms.body)["items"].get_array();
    REQUIRE(items.size() == 1);
    CHECK(std::string(std::string_view(items.at(0)["id"])) == id);
    auto water = call_as(addr, "sup-1", "GET", "/api/v1/indicators?domain=water_supply");
    REQUIRE(water.status == 200);
    CHECK(p.parse(water.body)["items"].get_array().size() == 14);

    auto history = call_as(addr, "op-xy", "GET",
                           "/api/v1/indicators/" + id + "/history?from=" +
                               cityops::testing::url_encode(format_iso8601(now - 3'600'000)));
    INFO(history.body);
    REQUIRE(history.status == 200);
    auto h = p.parse(history.body);
    CHECK_FALSE(bool(h["downsampled"]));
    REQUIRE(h["points"].get_array().size() == 2);
    CHECK(double(h["points"].at(1)["value"]) == Approx(0.12));
    CHECK(call_as(addr, "op-xy", "GET", "/api/v1/indicators/" + id + "/history?points=0")
              .status == 400);

    const auto alerts = cityops::testing::eventually(
        [&] { return call_as(addr, "op-zf", "GET", "/api/v1/alerts?status=open"); },
        [](const client_response& r) {
          return r.status == 200 && r.body.find("indicator_breach") != std::string::npos;
        },
        std::chrono::seconds(30));
    INFO(alerts.body);
    auto list = p.parse(alerts.body)["items"].get_array();
    REQUIRE(list.size() == 1);
    auto a = list.at(0);
    CHECK(std::string(std::string_view(a["kind"])) == "indicator_breach");
    CHECK(std::string(std::string_view(a["level"])) == "red");
    CHECK(std::string(std::string_view(a["node"])) == "370602");
    CHECK(std::string(std::string_view(a["evidence"]["subject"])) == id);
    CHECK(std::string(std::string_view(a["evidence"]["unit"])) == "MPa");
    CHECK(double(a["evidence"]["threshold"]) == Approx(0.14));
  }
}
