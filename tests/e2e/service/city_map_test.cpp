// The district map through HTTP on the embedded city: GET /api/v1/city/map serves the
// polygons the service places reports with (revalidated by ETag); a report's lat/lon lands in
// the district, street and community that hold it; a point outside every district is refused
// naming the field, by the JSON API and, in its own format, by Open311.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

using cityops::testing::error_field;
using cityops::testing::http_call;
using cityops::testing::service_args;
using cityops::testing::service_process;
using cityops::testing::str;
using cityops::testing::temp_dir;

namespace {

// The location_path of a case reported at (lat, lon): city, district, street, community.
std::vector<std::string> placed_at(const std::string& addr, const std::string& lat,
                                   const std::string& lon) {
  auto created = http_call(addr, "POST", "/api/v1/cases",
                           R"({"source":"app","text":"路灯不亮","lat":)" + lat +
                               R"(,"lon":)" + lon + "}");
  INFO(created.body);
  REQUIRE(created.status == 201);
  simdjson::dom::parser p;
  simdjson::dom::element c = p.parse(created.body);
  std::vector<std::string> path;
  for (simdjson::dom::element id : c["location_path"].get_array())
    path.emplace_back(std::string_view(id));
  CHECK(path.back() == str(c, "node"));
  return path;
}

}  // namespace

TEST_CASE("the city map is served and reports are placed by its polygons", "[e2e][map]") {
  temp_dir data;
  service_process svc(CITYOPSD_PATH, service_args(data));
  const auto addr = svc.address();

  auto map = http_call(addr, "GET", "/api/v1/city/map");
  REQUIRE(map.status == 200);
  CHECK(map.header("Content-Type") == "application/geo+json");
  CHECK(map.header("Cache-Control") == "private, no-cache");
  const std::string etag = map.header("ETag");
  CHECK(etag.size() == 18);
  simdjson::dom::parser p;
  simdjson::dom::element doc = p.parse(map.body);
  CHECK(str(doc, "type") == "FeatureCollection");
  std::map<std::string, int> by_type;
  std::map<std::string, std::string> hosts;
  for (simdjson::dom::element f : doc["features"].get_array()) {
    ++by_type[str(f["geometry"], "type")];
    if (str(f["properties"], "kind") == "zone")
      hosts[str(f["properties"], "code")] = str(f["properties"], "host");
  }
  CHECK(by_type["Polygon"] + by_type["MultiPolygon"] == 11);
  CHECK(by_type["Point"] == 2);
  CHECK(hosts == std::map<std::string, std::string>{{"370671", "370613"}, {"370676", "370611"}});
  auto again = http_call(addr, "GET", "/api/v1/city/map", "", {{"If-None-Match", etag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(http_call(addr, "GET", "/api/v1/city/map", "", {{"Authorization", ""}}).status == 401);

  // 烟台市政府 (莱山区, which hosts the 高新区), 朝阳街 in 芝罘区, 南长山岛 (长岛) in 蓬莱区.
  auto hall = placed_at(addr, "37.4636", "121.4479");
  REQUIRE(hall.size() == 4);
  CHECK(hall[0] == "3706");
  CHECK((hall[1] == "370613" || hall[1] == "370671"));
  CHECK(hall[2].substr(0, 6) == hall[1]);
  CHECK(hall[3].substr(0, 9) == hall[2]);
  CHECK(placed_at(addr, "37.5379", "121.3994")[1] == "370602");
  CHECK(placed_at(addr, "37.9245", "120.7366")[1] == "370614");

  // A node named explicitly is kept as it is, whatever lat/lon say.
  auto named = http_call(addr, "POST", "/api/v1/cases",
                         R"({"source":"app","text":"路灯不亮","node":"370602001",)"
                         R"("lat":38.5,"lon":120.0})");
  INFO(named.body);
  CHECK(named.status == 201);
  CHECK(cityops::testing::json_field(named, "node") == "370602001");

  // The Bohai sea and Beijing are outside every district.
  for (const char* body : {R"({"source":"app","text":"路灯不亮","lat":38.5,"lon":120.0})",
                           R"({"source":"app","text":"路灯不亮","lat":39.9042,"lon":116.4074})"}) {
    auto outside = http_call(addr, "POST", "/api/v1/cases", body);
    INFO(outside.body);
    CHECK(outside.status == 400);
    CHECK(error_field(outside, "code") == "invalid_field");
    CHECK(error_field(outside, "field") == "lat");
    CHECK(error_field(outside, "message").find("'lon'") != std::string::npos);
  }
  auto open311 = http_call(
      addr, "POST", "/open311/v2/requests.json",
      "api_key=" + service_process::test_admin_token() +
          "&service_code=0601&lat=38.5&long=120.0&description=x",
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", ""}});
  INFO(open311.body);
  CHECK(open311.status == 400);
  simdjson::dom::element errors = p.parse(open311.body);
  REQUIRE(errors.is_array());
  CHECK(int64_t(errors.at(0)["code"]) == 400);
  CHECK(str(errors.at(0), "description").find("lat and long lie outside") == 0);
}
