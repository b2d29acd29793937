#include "config/district_map.hpp"

#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "config/city_loader.hpp"

using namespace cityops::config;

namespace {

// Two unit squares side by side (東 0..1, 西 -1..0 in longitude, 0..1 in latitude) and a zone.
const std::string squares = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"D1","name":"东区"},"geometry":{"type":"Polygon",
 "coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
{"type":"Feature","properties":{"code":"D2","name":"西区"},"geometry":{"type":"MultiPolygon",
 "coordinates":[[[[-1,0],[0,0],[0,1],[-1,1],[-1,0]]],[[[-1,3],[-0.5,3],[-0.5,3.5],[-1,3]]]]}},
{"type":"Feature","properties":{"code":"Z1","name":"新区","kind":"zone","host":"D1"},
 "geometry":{"type":"Point","coordinates":[0.5,0.5]}}]})";

std::shared_ptr<const district_map> parsed(const std::string& text) {
  std::string error;
  auto m = district_map::parse(text, error);
  INFO(error);
  REQUIRE(m);
  return m;
}

std::string refusal(const std::string& text) {
  std::string error;
  CHECK_FALSE(district_map::parse(text, error));
  return error;
}

// The code of the district whose polygon holds the point, "outside" when none.
std::string district_at(const district_map& m, double lat, double lon) {
  const auto d = m.locate(lat, lon);
  return d ? m.districts()[*d] : "outside";
}

}  // namespace

TEST_CASE("district_map reads polygons and zone markers", "[config][district_map]") {
  const auto m = parsed(squares);
  REQUIRE(m->districts() == std::vector<std::string>{"D1", "D2"});
  CHECK(m->name_of(1) == "西区");
  REQUIRE(m->zones().size() == 1);
  CHECK(m->zones()[0].host == "D1");
  CHECK(m->zones()[0].lat == 0.5);
  CHECK(m->geojson() == squares);
  CHECK(m->fingerprint().size() == 16);
  CHECK(*m->find("D2") == 1);
  CHECK_FALSE(m->find("Z1"));

  CHECK(district_at(*m, 0.5, 0.5) == "D1");
  CHECK(district_at(*m, 0.5, -0.5) == "D2");
  CHECK(district_at(*m, 3.1, -0.9) == "D2");  // the second part of a MultiPolygon
  CHECK(district_at(*m, 0.5, 0.0) == "D1");   // a shared border: the first in file order
  CHECK(district_at(*m, 1.0, 1.0) == "D1");   // a corner counts
  CHECK(district_at(*m, 0.5, 1.005) == "D1");  // just past the border: within the tolerance
  CHECK(district_at(*m, 0.5, 1.02) == "outside");
  CHECK(district_at(*m, 2.0, 0.5) == "outside");
  CHECK(m->covers(0, 0.25, 0.75));
  CHECK_FALSE(m->covers(0, 0.25, -0.75));
  const auto [lat, lon] = m->inside_point(1);
  CHECK(m->covers(1, lat, lon));
}

TEST_CASE("district_map refuses what it cannot use and says where", "[config][district_map]") {
  CHECK(refusal("{").find("invalid JSON") == 0);
  CHECK(refusal(R"({"type":"Feature"})") == "type: must be \"FeatureCollection\"");
  CHECK(refusal(R"({"type":"FeatureCollection"})") == "features: missing");
  const std::string head = R"({"type":"FeatureCollection","features":[{"type":"Feature",)";
  CHECK(refusal(head + R"("properties":{"name":"x"},"geometry":{"type":"Polygon",
        "coordinates":[]}}]})") == "features[0].properties.code: missing");
  CHECK(refusal(head + R"("properties":{"code":"A","name":"x"},"geometry":{"type":"Polygon",
        "coordinates":[[[0,0],[1,0],[0,0]]]}}]})") ==
        "features[0].geometry.coordinates[0]: a ring needs at least 4 positions");
  CHECK(refusal(head + R"("properties":{"code":"A","name":"x"},"geometry":{"type":"Polygon",
        "coordinates":[[[0,0],[1,0],[1,"n"],[0,0]]]}}]})") ==
        "features[0].geometry.coordinates[0][2]: must be [longitude, latitude]");
  CHECK(refusal(head + R"("properties":{"code":"A","name":"x"},"geometry":{"type":"LineString",
        "coordinates":[[0,0],[1,1]]}}]})")
            .find("features[0].geometry.type: 'LineString'") == 0);
  CHECK(refusal(head + R"("properties":{"code":"Z","name":"x"},"geometry":{"type":"Point",
        "coordinates":[0,0]}}]})") ==
        "features[0].properties.kind: a Point feature must be a \"zone\"");
  CHECK(refusal(head + R"("properties":{"code":"Z","name":"x","kind":"zone","host":"Q"},
        "geometry":{"type":"Point","coordinates":[0,0]}}]})") ==
        "zone Z: host 'Q' has no polygon");
}

TEST_CASE("the default city's map: 11 polygons and 2 zones that match its divisions",
          "[config][district_map][default]") {
  const city_model& city = default_city().city;
  REQUIRE(city.map());
  const district_map& m = *city.map();
  CHECK(m.districts().size() == 11);
  std::set<std::string> covered;
  for (std::size_t i = 0; i < m.districts().size(); ++i) {
    const node* d = city.find_node(m.districts()[i]);
    REQUIRE(d);
    CHECK(d->tier == tier::district);
    CHECK(d->name == m.name_of(i));
    covered.insert(d->id);
  }
  REQUIRE(m.zones().size() == 2);
  CHECK(m.zones()[0].code == "370671");
  CHECK(m.zones()[0].host == "370613");
  CHECK(m.zones()[1].code == "370676");
  CHECK(m.zones()[1].host == "370611");
  for (const auto& z : m.zones()) {
    CHECK(city.find_node(z.code)->name == z.name);
    CHECK(m.covers(*m.find(z.host), z.lat, z.lon));  // the marker lies in its host
    covered.insert(z.code);
  }
  // Every district-level unit has a polygon or a marker; 长岛县 and 蓬莱市 are gone (蓬莱区).
  for (const node& n : city.nodes())
    if (n.tier == tier::district) CHECK(covered.count(n.id) == 1);
  CHECK(covered.size() == 13);
}

TEST_CASE("known places of Yantai fall in their districts", "[config][district_map][default]") {
  const district_map& m = *default_city().city.map();
  CHECK(district_at(m, 37.4636, 121.4479) == "370613");  // 烟台市政府, 莱山区
  CHECK(district_at(m, 37.5379, 121.3994) == "370602");  // 朝阳街, 芝罘区's old town
  CHECK(district_at(m, 37.9245, 120.7366) == "370614");  // 南长山岛 (长岛), now 蓬莱区
  CHECK(district_at(m, 37.8127, 120.7577) == "370614");  // 蓬莱阁
  CHECK(district_at(m, 37.6494, 120.3326) == "370681");  // 龙口
  CHECK(district_at(m, 37.1772, 119.9420) == "370683");  // 莱州
  CHECK(district_at(m, 36.7760, 121.1590) == "370687");  // 海阳
  CHECK(district_at(m, 38.5, 120.0) == "outside");       // the Bohai sea
  CHECK(district_at(m, 39.9042, 116.4074) == "outside");  // Beijing
}
