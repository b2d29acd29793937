#include "actors/domain/case_intake.hpp"

#include <catch2/catch.hpp>

#include "config/city_loader.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;

namespace {

constexpr std::int64_t now = 1'795'000'000'000;

new_case report_at(std::string node) {
  new_case n;
  n.source = case_source::grid;
  n.text = "小区门口有流动摊贩占道经营";
  n.category = "0601";
  n.node = std::move(node);
  return n;
}

}  // namespace

TEST_CASE("a report becomes the first event with routing and deadline", "[case_intake]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar cal(city.calendar());
  auto ev = decide_report(report_at("990001001001"), now, city, cal);
  REQUIRE(ev.ok());
  CHECK(ev->seq == 1);
  CHECK(ev->type == event_type::reported);
  CHECK(ev->status == case_status::reported);
  CHECK(ev->node == "990001001001");
  CHECK(ev->department == "990001001.squad");
  CHECK(ev->deadline_ms == cal.deadline(now, {2, cityops::config::sla_unit::working_days}));
  CHECK(ev->by == "grid");
  CHECK(ev->report.lat == Approx(37.512));  // the node's position when none was given
  CHECK_FALSE(ev->report.has_location);
}

TEST_CASE("a location alone finds the nearest community", "[case_intake]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar cal(city.calendar());
  auto n = report_at("");
  n.lat = 37.4901;
  n.lon = 121.3899;
  auto ev = decide_report(n, now, city, cal);
  REQUIRE(ev.ok());
  CHECK(ev->node == "990001002001");
  CHECK(ev->report.has_location);
}

TEST_CASE("bad reports name the field", "[case_intake]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar cal(city.calendar());
  struct bad {
    void (*spoil)(new_case&);
    error_code code;
    const char* field;
  };
  const std::vector<bad> cases{
      {[](new_case& n) { n.text.clear(); }, error_code::missing_field, "text"},
      {[](new_case& n) { n.text.assign(max_text_bytes + 1, 'x'); }, error_code::invalid_field,
       "text"},
      {[](new_case& n) { n.node = "123"; }, error_code::unknown_node, "node"},
      {[](new_case& n) { n.node.clear(); }, error_code::missing_field, "node"},
      {[](new_case& n) { n.category = "7777"; }, error_code::unknown_category, "category"},
      {[](new_case& n) { n.lat = 37.0; }, error_code::missing_field, "lon"},
      {[](new_case& n) {
         n.lat = 95.0;
         n.lon = 121.0;
       },
       error_code::invalid_field, "lat"},
  };
  for (const auto& b : cases) {
    INFO(b.field);
    auto n = report_at("990001001001");
    b.spoil(n);
    auto ev = decide_report(n, now, city, cal);
    REQUIRE_FALSE(ev.ok());
    CHECK(ev.error().code == b.code);
    CHECK(ev.error().field == b.field);
  }
}

TEST_CASE("an uncategorised report waits for an operator", "[case_intake]") {
  const auto city = cityops::testing::make_test_city();
  const sla_calendar cal(city.calendar());
  auto n = report_at("990001001001");
  n.category.clear();
  auto ev = decide_report(n, now, city, cal);
  REQUIRE(ev.ok());
  CHECK(ev->department.empty());
  CHECK(ev->deadline_ms == 0);
}

TEST_CASE("with a district map a location is placed in the district that holds it",
          "[case_intake]") {
  const auto& city = cityops::config::default_city().city;
  const sla_calendar cal(city.calendar());
  auto n = report_at("");
  n.lat = 37.5379;  // 朝阳街, 芝罘区
  n.lon = 121.3994;
  auto ev = decide_report(n, now, city, cal);
  REQUIRE(ev.ok());
  REQUIRE(ev->location_path.size() == 4);
  CHECK(ev->location_path[1] == "370602");
  CHECK(ev->node == ev->location_path[3]);
  n.lat = 38.5;  // the Bohai sea
  n.lon = 120.0;
  ev = decide_report(n, now, city, cal);
  REQUIRE_FALSE(ev.ok());
  CHECK(ev.error().code == error_code::invalid_field);
  CHECK(ev.error().field == "lat");
  n.node = "370602001";  // a node named explicitly wins over the location
  ev = decide_report(n, now, city, cal);
  REQUIRE(ev.ok());
  CHECK(ev->node == "370602001");
}
