// The city's geography with district polygons: node placement inside them, locate(), and a
// city file's own [map].
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "config/city_loader.hpp"
#include "tests/support/service_process.hpp"

using namespace cityops::config;
using cityops::testing::temp_dir;

namespace {

// The polygon that must hold `n`: its district's, or its zone's host's.
std::size_t territory_of(const city_model& city, const node& n) {
  const district_map& m = *city.map();
  const node* d = city.ancestor_at(n.id, tier::district);
  REQUIRE(d);
  if (auto own = m.find(d->id)) return *own;
  for (const auto& z : m.zones())
    if (z.code == d->id) return *m.find(z.host);
  FAIL("district " << d->id << " has neither polygon nor zone marker");
  return 0;
}

std::string district_of(const city_model& city, const node* n) {
  if (!n) return "outside";
  const node* d = city.ancestor_at(n->id, tier::district);
  return d ? d->id : "none";
}

std::string write(const temp_dir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.path() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A small city: two districts (one a zone hosted by the other) with two streets and four
// communities, and the map of 东区 as a 0.2° square around 30 N 120 E.
void write_small_city(const temp_dir& dir, const std::string& extra = "") {
  write(dir, "towns.tsv",
        "city\t99\t示例市\t\n"
        "district\t9901\t东区\t99\n"
        "district\t9971\t新区\t99\n"
        "street\t990101\t一街道\t9901\n"
        "street\t997101\t新街道\t9971\n"
        "community\t990101001\t甲社区\t990101\n"
        "community\t990101002\t乙社区\t990101\n"
        "community\t997101001\t丙社区\t997101\n"
        "community\t997101002\t丁社区\t997101\n");
  write(dir, "map.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"9901","name":"东区"},"geometry":{"type":"Polygon",
 "coordinates":[[[119.9,29.9],[120.1,29.9],[120.1,30.1],[119.9,30.1],[119.9,29.9]]]}},
{"type":"Feature","properties":{"code":"9971","name":"新区","kind":"zone","host":"9901"},
 "geometry":{"type":"Point","coordinates":[120.05,30.05]}}]})");
  write(dir, "city.toml", R"(
base = "none"
divisions = "towns.tsv"
)" + extra + R"(
[map]
districts = "map.geojson"
)");
}

}  // namespace

TEST_CASE("every node of the default city lies in its district's polygon",
          "[config][city_geo][default]") {
  const city_model& city = default_city().city;
  REQUIRE(city.map());
  int checked = 0;
  for (const node& n : city.nodes()) {
    if (n.tier == tier::city) continue;
    INFO(n.id << " " << n.name << " at " << n.lat << ", " << n.lon);
    CHECK(city.map()->covers(territory_of(city, n), n.lat, n.lon));
    ++checked;
  }
  CHECK(checked == 13 + 159 + 6509);
}

TEST_CASE("a report's position finds a community of the district that holds it",
          "[config][city_geo][default]") {
  const city_model& city = default_city().city;
  // 烟台市政府 in 莱山区: a community of 莱山区 or of the 高新区 it hosts.
  const node* hall = city.locate(37.4636, 121.4479);
  REQUIRE(hall);
  CHECK(hall->tier == tier::community);
  const std::string d = district_of(city, hall);
  CHECK((d == "370613" || d == "370671"));
  CHECK(district_of(city, city.locate(37.5379, 121.3994)) == "370602");  // 朝阳街
  CHECK(district_of(city, city.locate(37.9245, 120.7366)) == "370614");  // 长岛
  CHECK(city.locate(38.5, 120.0) == nullptr);                            // the Bohai sea
  CHECK(city.locate(39.9042, 116.4074) == nullptr);                      // Beijing
  // A community's own position finds it (no other community of its district is nearer).
  for (const char* id : {"370602001001", "370614107263", "370687103204"}) {
    const node* n = city.find_node(id);
    REQUIRE(n);
    CHECK(city.locate(n->lat, n->lon)->id == id);
  }
}

TEST_CASE("a city file's map places its nodes inside and locates in them",
          "[config][city_geo]") {
  temp_dir dir;
  write_small_city(dir);
  city_config first;
  city_config second;
  const std::string path = dir.path() + "/city.toml";
  auto err = load_file(path, first);
  INFO((err ? err->describe() : std::string("ok")));
  REQUIRE_FALSE(err);
  REQUIRE_FALSE(load_file(path, second));
  const city_model& city = first.city;
  REQUIRE(city.map());
  for (const node& n : city.nodes()) {
    if (n.tier == tier::city) continue;
    INFO(n.id);
    CHECK(city.map()->covers(0, n.lat, n.lon));
    // Deterministic: the same file places every node at the same point.
    CHECK(second.city.find_node(n.id)->lat == n.lat);
    CHECK(second.city.find_node(n.id)->lon == n.lon);
  }
  CHECK(city.find_node("9971")->lat == 30.05);  // an unpinned zone sits at its marker
  // Both districts' communities are candidates inside 东区's polygon.
  const node* z = city.find_node("997101001");
  CHECK(city.locate(z->lat, z->lon)->id == "997101001");
  CHECK(city.locate(29.0, 120.0) == nullptr);
  CHECK(city.locate(30.0, 120.105)->tier == tier::community);  // within the border tolerance
}

TEST_CASE("a city file's map is checked against its city", "[config][city_geo]") {
  temp_dir dir;
  city_config out;
  write_small_city(dir, "positions = [{ node = \"990101\", lat = 31.0, lon = 120.0 }]\n");
  auto err = load_file(dir.path() + "/city.toml", out);
  REQUIRE(err);
  CHECK(err->key == "positions[0]");
  CHECK(err->message.find("outside the polygon of 9901") != std::string::npos);

  write(dir, "bad.geojson", R"({"type":"FeatureCollection","features":[]})");
  write(dir, "other.toml", "base = \"default\"\n[map]\ndistricts = \"bad.geojson\"\n");
  err = load_file(dir.path() + "/other.toml", out);
  REQUIRE(err);
  CHECK(err->key == "map");

  write(dir, "broken.geojson", R"({"type":"FeatureCollection","features":[{}]})");
  write(dir, "broken.toml",
        "base = \"none\"\ndivisions = \"towns.tsv\"\n[map]\ndistricts = \"broken.geojson\"\n");
  err = load_file(dir.path() + "/broken.toml", out);
  REQUIRE(err);
  CHECK(err->key == "map.districts");
  CHECK(err->message.find("broken.geojson: features[0]") != std::string::npos);

  write(dir, "alien.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"8888","name":"外区"},"geometry":{"type":"Polygon",
 "coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]})");
  write(dir, "alien.toml",
        "base = \"none\"\ndivisions = \"towns.tsv\"\n[map]\ndistricts = \"alien.geojson\"\n");
  err = load_file(dir.path() + "/alien.toml", out);
  REQUIRE(err);
  CHECK(err->message.find("'8888' is not a district node") != std::string::npos);
}

TEST_CASE("without a map locate is the nearest community", "[config][city_geo]") {
  temp_dir dir;
  write_small_city(dir);
  write(dir, "plain.toml", "base = \"none\"\ndivisions = \"towns.tsv\"\n");
  city_config out;
  REQUIRE_FALSE(load_file(dir.path() + "/plain.toml", out));
  CHECK_FALSE(out.city.map());
  CHECK(out.city.locate(50.0, 10.0) == out.city.nearest_community(50.0, 10.0));
  CHECK(out.city.locate(50.0, 10.0) != nullptr);
}
