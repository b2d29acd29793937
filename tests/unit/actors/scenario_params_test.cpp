// Reading scenario parameters: areas, SLA limits, categories, departments, nodes and times,
// checked against the city, every error naming its field as the API answers it.
#include "actors/scenario_params.hpp"

#include <catch2/catch.hpp>

#include "actors/scenario.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;

namespace {

const config::city_model city = testing::make_test_city();

// The first error reading `json` with `read`, or "" when it read cleanly.
template <class Read>
std::string field_at_fault(const std::string& json, Read read) {
  auto in = parse_params(json);
  if (!in.ok()) return "(unparsed) " + in.error().field;
  read(*in);
  return in->error() ? in->error()->field : std::string();
}

}  // namespace

TEST_CASE("areas are a node subtree or a polygon, errors name the field", "[scenario_params]") {
  auto in = parse_params(R"({"area":{"node":"990001001"}})");
  REQUIRE(in.ok());
  auto area = read_area(*in, "area", city);
  REQUIRE(area);
  CHECK(area->node == "990001001");
  CHECK_FALSE(area->is_polygon());

  in = parse_params(
      R"({"area":{"polygon":[{"lat":37.5,"lon":121.4},{"lat":37.6,"lon":121.4},{"lat":37.6,"lon":121.5}]}})");
  REQUIRE(in.ok());
  area = read_area(*in, "area", city);
  REQUIRE(area);
  CHECK(area->polygon.size() == 3);
  CHECK(area->polygon[1].lat == 37.6);

  const auto area_error = [](const std::string& json) {
    return field_at_fault(json, [](param_reader& p) { read_area(p, "area", city); });
  };
  CHECK(area_error(R"({})") == "area");
  CHECK(area_error(R"({"area":{"node":"nowhere"}})") == "area.node");
  CHECK(area_error(R"({"area":{}})") == "area");
  CHECK(area_error(R"({"area":{"node":"9900","polygon":[]}})") == "area");
  CHECK(area_error(R"({"area":{"polygon":[{"lat":1,"lon":2}]}})") == "area.polygon");
  CHECK(area_error(
            R"({"area":{"polygon":[{"lat":1,"lon":2},{"lat":1,"lon":3},{"lat":95,"lon":2}]}})") ==
        "area.polygon[2].lat");
  CHECK(area_error(R"({"area":{"polygon":[{"lat":1},{"lat":1,"lon":3},{"lat":2,"lon":2}]}})") ==
        "area.polygon[0].lon");
  CHECK(area_error(R"({"area":{"node":"9900","colour":"red"}})") == "area.colour");
  CHECK(area_error(R"({"area":"9900"})") == "area");
}

TEST_CASE("SLA limits, categories, departments, nodes and times", "[scenario_params]") {
  auto in = parse_params(R"({"sla":{"limit":4,"unit":"hours"},"categories":["06","0301"],)"
                         R"("departments":["990001.sanitation"],"centre":"990001002",)"
                         R"("until":"2026-06-07T17:00:00+08:00"})");
  REQUIRE(in.ok());
  const auto sla = read_sla_limit(*in, "sla");
  REQUIRE(sla);
  CHECK(sla->limit == 4);
  CHECK(sla->unit == config::sla_unit::hours);
  CHECK(read_categories(*in, "categories", city) == std::vector<std::string>{"06", "0301"});
  CHECK(read_departments(*in, "departments", city) ==
        std::vector<std::string>{"990001.sanitation"});
  CHECK(read_node(*in, "centre", city) == std::optional<std::string>("990001002"));
  CHECK(read_time(*in, "until") == std::optional<std::int64_t>(1'780'822'800'000));
  CHECK_FALSE(in->error());
  CHECK_FALSE(read_sla_limit(*in, "other", false));
  CHECK_FALSE(in->error());

  const auto error = [](const std::string& json) {
    return field_at_fault(json, [](param_reader& p) {
      read_sla_limit(p, "sla", false);
      read_categories(p, "categories", city);
      read_departments(p, "departments", city);
      read_node(p, "centre", city, false);
      read_time(p, "until");
    });
  };
  CHECK(error(R"({"sla":{"limit":0,"unit":"hours"}})") == "sla.limit");
  CHECK(error(R"({"sla":{"limit":2,"unit":"days"}})") == "sla.unit");
  CHECK(error(R"({"sla":{"limit":2}})") == "sla.unit");
  CHECK(error(R"({"categories":["0601","9999"]})") == "categories[1]");
  CHECK(error(R"({"departments":["nobody"]})") == "departments[0]");
  CHECK(error(R"({"centre":"1"})") == "centre");
  CHECK(error(R"({"until":"tomorrow"})") == "until");
  CHECK(error(R"({})").empty());
}

TEST_CASE("parameters are a JSON object, empty text reads as {}", "[scenario_params]") {
  CHECK(parse_params("").ok());
  const auto list = parse_params("[1]");
  REQUIRE_FALSE(list.ok());
  CHECK(list.error().code == domain::error_code::invalid_field);
  CHECK(list.error().field.empty());
  CHECK_FALSE(parse_params("{").ok());
}

TEST_CASE("the registry knows scenarios by well-formed, unique names", "[scenario_params]") {
  scenario_registry r;
  const auto none = [] { return std::unique_ptr<scenario>(); };
  CHECK(r.add({"night_market", "夜市", "", {}}, none));
  CHECK_FALSE(r.add({"night_market", "again", "", {}}, none));
  CHECK_FALSE(r.add({"Night", "", "", {}}, none));
  CHECK_FALSE(r.add({"a/b", "", "", {}}, none));
  CHECK_FALSE(r.add({"", "", "", {}}, none));
  CHECK_FALSE(r.add({"no_factory", "", "", {}}, {}));
  REQUIRE(r.find("night_market"));
  CHECK(r.find("night_market")->title == "夜市");
  CHECK_FALSE(r.find("snow"));
  CHECK(r.all().size() == 1);
  CHECK(domain::valid_journal_kind("run"));
  CHECK_FALSE(domain::valid_journal_kind("failed"));
  CHECK_FALSE(domain::valid_journal_kind("Run"));
}
