#include "config/city_loader.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <unistd.h>

#include <catch2/catch.hpp>

using namespace cityops::config;

namespace {

std::string id_of(const department* d) { return d ? d->id : "(none)"; }

// Loads `text` and returns the error, which the test expects to exist.
load_error expect_error(const std::string& text, const std::string& file = "city.toml") {
  city_config out;
  auto err = load_string(text, file, out);
  REQUIRE(err.has_value());
  INFO(err->describe());
  return *err;
}

city_config expect_ok(const std::string& text, const std::string& file = "city.toml") {
  city_config out;
  auto err = load_string(text, file, out);
  INFO((err ? err->describe() : std::string("ok")));
  REQUIRE_FALSE(err.has_value());
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A fresh directory under the system temp dir, removed at the end of the test.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("cityops-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

}  // namespace

TEST_CASE("the default city is consistent", "[config][city_loader][default]") {
  const city_model& city = default_city().city;
  city_model copy = city;
  CHECK(copy.finalize().empty());
  CHECK(city.city_id == "3706");
  CHECK(city.city_name == "烟台市");

  std::map<tier, int> per_tier;
  for (const node& n : city.nodes()) ++per_tier[n.tier];
  CHECK(per_tier[tier::city] == 1);
  CHECK(per_tier[tier::district] == 13);
  CHECK(per_tier[tier::street] == 159);
  CHECK(per_tier[tier::community] == 6509);

  // 25 municipal, 13 x 10 district, 159 x 2 street departments.
  CHECK(city.departments().size() == 25 + 130 + 318);
  CHECK(city.departments().size() >= 40);
  CHECK(city.majors().size() >= 8);
  CHECK(city.categories().size() >= 60);
  for (const department& d : city.departments()) {
    CHECK(d.tier != tier::community);
    CHECK(city.find_node(d.node)->tier == d.tier);
  }
  CHECK(city.find_department("city.municipal_maintenance")->name == "烟台市市政养护中心");
  CHECK(city.find_department("370602.urban_management")->name == "芝罘区综合行政执法局");
  CHECK(city.find_department("370602001.street_law_enforcement")->name ==
        "芝罘区向阳街道综合行政执法中队");
  CHECK(city.find_department("370602001.grid_management")->tier == tier::street);
}

TEST_CASE("every minor category routes from every sampled community",
          "[config][city_loader][default]") {
  const city_model& city = default_city().city;
  std::vector<const node*> communities;
  for (const node& n : city.nodes())
    if (n.tier == tier::community) communities.push_back(&n);
  REQUIRE(communities.size() == 6509);
  int routed = 0;
  for (std::size_t i = 0; i < communities.size(); i += 32) {  // 204 communities
    for (const category& c : city.categories()) {
      const department* d = city.route(c.code, communities[i]->id);
      INFO(c.code << " from " << communities[i]->id);
      REQUIRE(d != nullptr);
      // The department is on the community's own branch of the tree.
      CHECK(city.in_subtree(communities[i]->id, d->node));
      ++routed;
    }
  }
  CHECK(routed == 204 * static_cast<int>(city.categories().size()));
}

TEST_CASE("a manhole case climbs all three rings to municipal maintenance",
          "[config][city_loader][default]") {
  const city_model& city = default_city().city;
  const category* manhole = city.find_category("0101");
  REQUIRE(manhole);
  CHECK(manhole->name == "井盖缺失/塌陷");
  CHECK(manhole->major == "01");
  CHECK(city.find_major("01")->name == "公共设施");
  CHECK(manhole->sla.unit == sla_unit::hours);
  for (const char* word : {"井盖", "塌陷", "污水外溢"})
    CHECK(std::count(manhole->keywords.begin(), manhole->keywords.end(), word) == 1);

  for (const char* community : {"370602001001", "370687001002", "370614001001"}) {
    const node* k = city.find_node(community);
    REQUIRE(k);
    const node* street = city.parent(k->id);
    const node* district = city.parent(street->id);
    CHECK(city.route_at_tier("0101", k->id) == nullptr);
    CHECK(city.route_at_tier("0101", street->id) == nullptr);
    CHECK(city.route_at_tier("0101", district->id) == nullptr);
    CHECK(id_of(city.route_at_tier("0101", "3706")) == "city.municipal_maintenance");
    CHECK(id_of(city.route("0101", k->id)) == "city.municipal_maintenance");
  }
  const auto& handles = city.find_department("city.municipal_maintenance")->categories;
  CHECK(std::count(handles.begin(), handles.end(), "0101") == 1);
}

TEST_CASE("common cases land where the routing table says", "[config][city_loader][default]") {
  const city_model& city = default_city().city;
  const std::string community = "370602001001";  // 芝罘区 向阳街道 友谊街社区
  CHECK(city.find_category("0601")->name == "占道经营");
  CHECK(id_of(city.route("0601", community)) == "370602001.street_law_enforcement");
  CHECK(city.find_category("0603")->name == "乱堆物料");
  CHECK(id_of(city.route("0603", community)) == "370602001.street_law_enforcement");
  CHECK(id_of(city.route("0301", community)) == "370602001.grid_management");
  CHECK(id_of(city.route("0201", community)) == "370602.housing_construction");
  CHECK(id_of(city.route("0605", community)) == "370602.traffic_police");
  CHECK(id_of(city.route("1001", community)) == "370602.market_regulation");          // major rule
  CHECK(id_of(city.route("1002", community)) == "370602001.street_law_enforcement");  // minor
  CHECK(id_of(city.route("0801", community)) == "city.gas");
  CHECK(city.find_category("0801")->sla.limit == 1);
  CHECK(id_of(city.route("1111", community)) == "city.citizen_hotline");
  // Department category lists are completed from the routing rules.
  const auto& squad = city.find_department("370602001.street_law_enforcement")->categories;
  CHECK(std::count(squad.begin(), squad.end(), "0601") == 1);
  CHECK(std::count(squad.begin(), squad.end(), "0101") == 0);
}

TEST_CASE("default coordinates are placed around their parents, the same everywhere",
          "[config][city_loader][default]") {
  const city_model& city = default_city().city;
  const node* zhifu = city.find_node("370602");
  CHECK(zhifu->lat == Approx(37.54));
  CHECK(zhifu->lon == Approx(121.40));
  for (const node& n : city.nodes()) {
    if (n.tier != tier::street && n.tier != tier::community) continue;
    const node* p = city.parent(n.id);
    const double r = n.tier == tier::street ? 0.08 : 0.02;
    INFO(n.id);
    CHECK(std::abs(n.lat - p->lat) <= r + 1e-6);
    CHECK(std::abs(n.lon - p->lon) <= r * 1.27 + 1e-6);
  }
  const node* k = city.find_node("370602001001");
  const node* s = city.find_node("370602001");
  CHECK(std::abs(k->lat - s->lat) > 0);  // spread, not stacked on the street
  // Pinned values: a change here moves every stored case's community lookup.
  CHECK(s->lat == Approx(37.549298).margin(1e-9));
  CHECK(s->lon == Approx(121.381220).margin(1e-9));
  CHECK(k->lat == Approx(37.557892).margin(1e-9));
  CHECK(k->lon == Approx(121.402050).margin(1e-9));
}

TEST_CASE("the default calendar holds the official 2025 and 2026 schedules",
          "[config][city_loader][default]") {
  const auto& days = default_city().city.calendar();
  std::map<std::string, bool> by_date;
  for (const auto& d : days) by_date[d.date] = d.working;
  auto count = [&](const std::string& year, bool working) {
    return std::count_if(days.begin(), days.end(), [&](const calendar_day& d) {
      return d.date.compare(0, 4, year) == 0 && d.working == working;
    });
  };
  CHECK(count("2025", false) == 28);
  CHECK(count("2025", true) == 5);
  CHECK(count("2026", false) == 33);
  CHECK(count("2026", true) == 6);
  CHECK(count("2027", false) == 13);
  CHECK(by_date.at("2025-01-28") == false);
  CHECK(by_date.at("2025-02-04") == false);
  CHECK(by_date.at("2025-01-26") == true);
  CHECK(by_date.at("2025-10-11") == true);
  CHECK(by_date.at("2026-02-23") == false);
  CHECK(by_date.at("2026-02-14") == true);
  CHECK(by_date.count("2025-01-27") == 0);  // an ordinary Monday
}

TEST_CASE("the default service settings are service_settings' defaults",
          "[config][city_loader][default]") {
  const service_settings& s = default_city().service;
  const service_settings defaults;
  CHECK(s.listen == defaults.listen);
  CHECK(s.data_dir == defaults.data_dir);
  CHECK(s.case_idle_passivation == defaults.case_idle_passivation);
  CHECK(s.actor_request_timeout == defaults.actor_request_timeout);
  CHECK(s.max_body_bytes == defaults.max_body_bytes);
  CHECK(s.io_threads == defaults.io_threads);
}

TEST_CASE("invalid TOML names the file and the line", "[config][city_loader][errors]") {
  const auto err = expect_error("base = \"default\"\n\n[service\nlisten = 1\n", "broken.toml");
  CHECK(err.file == "broken.toml");
  CHECK(contains(err.message, "invalid TOML at line 3"));
  CHECK(contains(err.describe(), "broken.toml: "));
}

TEST_CASE("a value of the wrong type names its key", "[config][city_loader][errors]") {
  const auto err = expect_error("[service]\nio_threads = \"four\"\n");
  CHECK(err.file == "city.toml");
  CHECK(err.key == "service.io_threads");
  CHECK(contains(err.message, "wrong type: expected an integer, found a string (line 2)"));
  CHECK(err.describe() == "city.toml: service.io_threads: " + err.message);

  const auto range = expect_error("[service]\nio_threads = 0\n");
  CHECK(range.key == "service.io_threads");
  CHECK(contains(range.message, "out of range"));

  const auto listen = expect_error("[service]\nlisten = \"localhost\"\n");
  CHECK(listen.key == "service.listen");
  CHECK(contains(listen.message, "HOST:PORT"));
}

TEST_CASE("a department on an unknown node names the key and the id",
          "[config][city_loader][errors]") {
  const auto err = expect_error(R"(
[[departments]]
id = "x.ok"
name = "一个部门"
tier = "street"
node = "370602001"
kind = "street_law_enforcement_2"

[[departments]]
id = "x.bad"
name = "另一个部门"
tier = "street"
node = "3706999"
kind = "street_law_enforcement_2"
)");
  CHECK(err.key == "departments[1].node");
  CHECK(contains(err.message, "unknown node '3706999'"));

  const auto missing = expect_error("[[departments]]\nid = \"x.y\"\nname = \"部门\"\n");
  CHECK(missing.key == "departments[0].tier");
  CHECK(contains(missing.message, "missing key"));

  const auto tier_mismatch = expect_error(
      "[[departments]]\nid=\"x.y\"\nname=\"部门\"\ntier=\"street\"\nnode=\"370602\"\nkind=\"k\"\n");
  CHECK(tier_mismatch.key == "departments[0].tier");
  CHECK(contains(tier_mismatch.message, "is a district, not a street"));
}

TEST_CASE("a bad calendar date is refused", "[config][city_loader][errors]") {
  const auto err = expect_error("[[calendar]]\ndate = \"2026-02-30\"\nname = \"不存在\"\n");
  CHECK(err.key == "calendar[0].date");
  CHECK(contains(err.message, "bad date '2026-02-30'"));

  const auto format = expect_error("calendar = [{ date = \"2026-3-1\", name = \"x\" }]\n");
  CHECK(format.key == "calendar[0].date");

  const auto weekday =
      expect_error("calendar = [{ date = \"2026-03-04\", working = true, name = \"周三调休\" }]\n");
  CHECK(weekday.key == "calendar[0].date");
  CHECK(contains(weekday.message, "not a Saturday or Sunday"));
}

TEST_CASE("unknown keys are errors, at the top level and below", "[config][city_loader][errors]") {
  const auto top = expect_error("[[departmnts]]\nid = \"x\"\n");
  CHECK(top.key == "departmnts");
  CHECK(contains(top.message, "unknown key"));

  const auto nested = expect_error("[service]\nlisten_port = 8080\n");
  CHECK(nested.key == "service.listen_port");

  const auto base = expect_error("base = \"yantai\"\n");
  CHECK(base.key == "base");

  const auto divisions = expect_error("divisions = \"x.tsv\"\n");
  CHECK(divisions.key == "divisions");
  CHECK(contains(divisions.message, "base = \"none\""));
}

TEST_CASE("routing and catalogue references are checked", "[config][city_loader][errors]") {
  const auto kind = expect_error(
      "routing = [{ category = \"0601\", tier = \"district\", department_kind = \"nobody\" }]\n");
  CHECK(kind.key == "routing[0].department_kind");
  CHECK(contains(kind.message, "no department of kind 'nobody' at district tier"));

  const auto cat = expect_error(
      "routing = [{ category = \"7777\", tier = \"street\", department_kind = \"grid_management\" "
      "}]\n");
  CHECK(cat.key == "routing[0].category");

  const auto major = expect_error(
      "categories = [{ code = \"4201\", name = \"新\", limit = 1, unit = \"hours\" }]\n");
  CHECK(major.key == "categories[0].code");
  CHECK(contains(major.message, "major category '42'"));

  const auto unit = expect_error(
      "categories = [{ code = \"0199\", name = \"新\", limit = 1, unit = \"days\" }]\n");
  CHECK(unit.key == "categories[0].unit");
  CHECK(contains(unit.message, "bad unit 'days'"));

  const auto dup = expect_error(
      "categories = [{ code = \"0199\", name = \"a\", limit = 1, unit = \"hours\" },\n"
      "              { code = \"0199\", name = \"b\", limit = 1, unit = \"hours\" }]\n");
  CHECK(dup.key == "categories[1]");
  CHECK(contains(dup.message, "duplicate category '0199'"));
}

TEST_CASE("base = default extends the embedded city", "[config][city_loader]") {
  const city_config cfg = expect_ok(R"(
base = "default"

[service]
listen = "0.0.0.0:9090"
io_threads = 4

[[departments]]
id = "370602001.noise_team"
name = "向阳街道噪音巡查队"
tier = "street"
node = "370602001"
kind = "noise_team"

[[routing]]
category = "0608"
tier = "street"
department_kind = "noise_team"

[[categories]]
code = "0101"
name = "井盖缺失/塌陷"
limit = 1
unit = "hours"
keywords = ["井盖"]

[[calendar]]
date = 2027-10-04
until = "2027-10-07"
name = "国庆节"
)");
  CHECK(cfg.service.listen == "0.0.0.0:9090");
  CHECK(cfg.service.io_threads == 4);
  CHECK(cfg.service.data_dir == "./data");  // untouched keys keep the default
  const city_model& city = cfg.city;
  CHECK(city.departments().size() == default_city().city.departments().size() + 1);
  CHECK(id_of(city.route("0608", "370602001001")) == "370602001.noise_team");
  CHECK(id_of(city.route("0608", "370602002001")) == "370602.public_security");  // other street
  const auto& handles = city.find_department("370602001.noise_team")->categories;
  CHECK(handles == std::vector<std::string>{"0608"});
  // A category with an existing code replaces it instead of being a duplicate.
  CHECK(city.categories().size() == default_city().city.categories().size());
  CHECK(city.find_category("0101")->sla.limit == 1);
  CHECK(id_of(city.route("0101", "370602001001")) == "city.municipal_maintenance");
  CHECK(city.calendar().size() == default_city().city.calendar().size() + 4);
  CHECK(city.nodes().size() == default_city().city.nodes().size());
  CHECK(city.find_node("370602001001")->lat == default_city().city.find_node("370602001001")->lat);
}

TEST_CASE("load_file reads a file and names it in errors", "[config][city_loader]") {
  temp_dir dir;
  const std::string path = dir.write("city.toml", "[service]\ndata_dir = \"/var/lib/cityops\"\n");
  city_config cfg;
  REQUIRE_FALSE(load_file(path, cfg).has_value());
  CHECK(cfg.service.data_dir == "/var/lib/cityops");
  CHECK(cfg.city.nodes().size() == 6682);

  const std::string bad = dir.write("bad.toml", "[service]\nmax_body_bytes = true\n");
  const auto err = load_file(bad, cfg);
  REQUIRE(err);
  CHECK(err->file == bad);
  CHECK(err->key == "service.max_body_bytes");

  const auto missing = load_file((dir.path / "nope.toml").string(), cfg);
  REQUIRE(missing);
  CHECK(contains(missing->message, "cannot read"));
}

TEST_CASE("base = none defines a whole city from its own divisions", "[config][city_loader]") {
  temp_dir dir;
  dir.write("towns.tsv",
            "level\tcode\tname\tparent\n"
            "city\t99\t示例市\t\n"
            "district\t9901\t东区\t99\n"
            "street\t990101\t一街道\t9901\n"
            "community\t990101001\t甲社区\t990101\n"
            "community\t990101002\t乙社区\t990101\n");
  const std::string path = dir.write("small.toml", R"(
base = "none"
divisions = "towns.tsv"
positions = [{ node = "9901", lat = 30.0, lon = 120.0 }]
majors = [{ code = "01", name = "公共设施", kind = "component" }]
categories = [{ code = "0101", name = "井盖", limit = 4, unit = "hours", keywords = ["井盖"] }]
department_templates = [{ tier = "street", kind = "squad", name = "{district}{name}中队" }]
departments = [{ id = "city.maint", name = "市政", tier = "city", node = "99", kind = "maint" }]
routing = [{ category = "01", tier = "street", department_kind = "squad" },
           { category = "0101", tier = "city", department_kind = "maint" }]
)");
  city_config cfg;
  const auto err = load_file(path, cfg);
  INFO((err ? err->describe() : std::string("ok")));
  REQUIRE_FALSE(err);
  const city_model& city = cfg.city;
  CHECK(city.city_id == "99");
  CHECK(city.nodes().size() == 5);
  CHECK(city.departments().size() == 2);
  CHECK(city.find_department("990101.squad")->name == "东区一街道中队");
  CHECK(id_of(city.route("0101", "990101001")) == "990101.squad");  // major rule at street
  CHECK(city.find_node("99")->lat == Approx(30.0));  // the mean of its pinned districts
  CHECK(std::abs(city.find_node("990101")->lat - 30.0) <= 0.08);
  CHECK(city.nearest_community(30.0, 120.0) != nullptr);
  CHECK(cfg.service.listen == "127.0.0.1:8080");

  const std::string broken_tsv =
      dir.write("broken.tsv", "city\t99\t示例市\t\nstreet\t9901\t街\t77\n");
  const std::string uses_it =
      dir.write("uses.toml", "base = \"none\"\ndivisions = \"broken.tsv\"\n");
  const auto tsv_err = load_file(uses_it, cfg);
  REQUIRE(tsv_err);
  CHECK(tsv_err->file == broken_tsv);
  CHECK(tsv_err->key == "line 2");
  CHECK(contains(tsv_err->message, "unknown parent '77'"));

  const auto no_divisions = expect_error("base = \"none\"\n");
  CHECK(no_divisions.key == "divisions");
}

TEST_CASE("extending the default city is fast", "[config][city_loader]") {
  default_city();
  const auto start = std::chrono::steady_clock::now();
  city_config cfg;
  REQUIRE_FALSE(load_string("base = \"default\"\n", "empty.toml", cfg).has_value());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  CHECK(cfg.city.nodes().size() == 6682);
  CHECK(ms < 2000);  // generous: Debug and sanitizer builds are slow; release is ~10 ms
}

TEST_CASE("urgent limits come from the category, else its major", "[config][city_loader][urgent]") {
  // The embedded catalogue: majors set them; a category's own limit is not replaced.
  const city_model& city = default_city().city;
  REQUIRE(city.urgent_sla("0104"));
  CHECK(city.urgent_sla("0104")->limit == 4);
  CHECK(city.urgent_sla("0104")->unit == sla_unit::hours);
  CHECK(city.urgent_sla("0801")->limit == 1);

  const city_config cfg = expect_ok(R"(
base = "default"

[[categories]]
code = "0103"
name = "排水设施堵塞"
limit = 2
unit = "working_days"
urgent_limit = 1
urgent_unit = "working_days"
)");
  CHECK(cfg.city.urgent_sla("0103")->unit == sla_unit::working_days);
  CHECK(cfg.city.urgent_sla("0102")->limit == 4);  // its major's

  const auto unit = expect_error(
      "categories = [{ code = \"0199\", name = \"新\", limit = 3, unit = \"hours\", "
      "urgent_limit = 1, urgent_unit = \"minutes\" }]\n");
  CHECK(unit.key == "categories[0].urgent_unit");
  const auto alone = expect_error(
      "majors = [{ code = \"42\", name = \"新\", kind = \"event\", urgent_unit = \"hours\" }]\n");
  CHECK(alone.key == "majors[0].urgent_unit");
  CHECK(contains(alone.message, "urgent_limit"));
}
