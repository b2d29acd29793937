// The vital-signs registry ([[domains]], [[indicators]]): the embedded Yantai registry, a
// city file adding and replacing indicators, and errors that name the key at fault.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "config/city_loader.hpp"

using namespace cityops::config;

namespace {

load_error error_of(const std::string& toml) {
  city_config out;
  auto err = load_string(toml, "city.toml", out);
  REQUIRE(err);
  return *err;
}

// A file with one indicator whose body is `keys` (TOML lines).
std::string one_indicator(const std::string& keys) {
  return "[[indicators]]\nid = \"test.level\"\ndomain = \"water_supply\"\nname = \"测试\"\n" +
         keys;
}

}  // namespace

TEST_CASE("the embedded city's vital-signs registry", "[config][indicators]") {
  const auto& reg = default_city().indicators;
  CHECK(reg.domains.size() >= 10);
  CHECK(reg.indicators.size() >= 60);
  std::set<std::string> ids;
  for (const auto& i : reg.indicators) {
    INFO(i.id);
    CHECK(ids.insert(i.id).second);
    CHECK(reg.find_domain(i.domain));
    CHECK((i.warning_high || i.alarm_high || i.warning_low || i.alarm_low));
    CHECK(i.normal_lo <= i.normal_hi);
    if (!i.node.empty()) CHECK(default_city().city.find_node(i.node));
  }
  const auto* zhifu = reg.find("water.pressure.zhifu");
  REQUIRE(zhifu);
  CHECK(zhifu->unit == "MPa");
  CHECK(zhifu->node == "370602");
  CHECK(*zhifu->alarm_low == Approx(0.14));
  CHECK(zhifu->silence_ms() == 3 * 300 * 1000);
  for (const char* id : {"weather.temperature.city", "air.pm25.city", "traffic.congestion.city",
                         "heating.supply_temp.city", "gas.leak_alarms.city", "power.load.city",
                         "transit.ferry.passengers", "hotline.calls.answer_rate",
                         "marine.tide_level.yantai_port", "drainage.ponding.xingfu_underpass"})
    CHECK(reg.find(id));
  // Every district has its water pressure.
  for (const auto& n : default_city().city.nodes()) {
    if (n.tier != tier::district) continue;
    bool found = false;
    for (const auto& i : reg.indicators)
      found = found || (i.domain == "water_supply" && i.node == n.id && i.unit == "MPa");
    INFO(n.id);
    CHECK(found);
  }
}

TEST_CASE("a city file adds and replaces indicators and domains", "[config][indicators]") {
  city_config out;
  const auto err = load_string(R"(
[[domains]]
code = "water_supply"
name = "供水保障"

[[domains]]
code = "elevator"
name = "电梯安全"

[[indicators]]
id = "water.pressure.zhifu"
domain = "water_supply"
name = "芝罘区供水压力"
unit = "MPa"
normal = [0.3, 0.4]
alarm_low = 0.1
interval_s = 60

[[indicators]]
id = "elevator.trapped"
domain = "elevator"
name = "电梯困人"
unit = "次/小时"
normal = [0, 1]
warning_high = 2
alarm_high = 5
interval_s = 3600
silent_after_s = 86400
node = "370613"
)",
                               "city.toml", out);
  REQUIRE_FALSE(err);
  const auto& reg = out.indicators;
  CHECK(reg.indicators.size() == default_city().indicators.indicators.size() + 1);
  CHECK(reg.find_domain("water_supply")->name == "供水保障");
  const auto* zhifu = reg.find("water.pressure.zhifu");
  REQUIRE(zhifu);
  CHECK(zhifu->interval_s == 60);
  CHECK_FALSE(zhifu->warning_low);
  const auto* trapped = reg.find("elevator.trapped");
  REQUIRE(trapped);
  CHECK(trapped->silence_ms() == 86400 * 1000LL);
  CHECK(trapped->node == "370613");
}

TEST_CASE("registry errors name the key", "[config][indicators]") {
  struct bad {
    std::string toml;
    std::string key;
    std::string says;
  };
  const std::string ok_band = "unit = \"m\"\nnormal = [1, 2]\ninterval_s = 60\n";
  for (const auto& b : {
           bad{one_indicator(ok_band + "alarm_high = 3\nspeed = 1\n"), "indicators[0].speed",
               "unknown key"},
           bad{one_indicator(ok_band), "indicators[0].alarm_high", "at least one"},
           bad{one_indicator(ok_band + "warning_high = 4\nalarm_high = 3\n"),
               "indicators[0].alarm_high", "out of order"},
           bad{one_indicator(ok_band + "warning_high = 1.5\n"), "indicators[0].warning_high",
               "out of order"},
           bad{one_indicator(ok_band + "warning_low = 1.5\n"), "indicators[0].warning_low",
               "out of order"},
           bad{one_indicator(ok_band + "warning_low = 0.5\nalarm_low = 0.5\n"),
               "indicators[0].alarm_low", "out of order"},
           bad{one_indicator("unit = \"m\"\nnormal = [2, 1]\ninterval_s = 60\nalarm_high = 3\n"),
               "indicators[0].normal", "above hi"},
           bad{one_indicator("unit = \"m\"\nnormal = [1]\ninterval_s = 60\nalarm_high = 3\n"),
               "indicators[0].normal", "two numbers"},
           bad{one_indicator("unit = \"m\"\nnormal = [1, 2]\ninterval_s = 0\nalarm_high = 3\n"),
               "indicators[0].interval_s", "out of range"},
           bad{one_indicator(ok_band + "alarm_high = 3\nsilent_after_s = 30\n"),
               "indicators[0].silent_after_s", "at least interval_s"},
           bad{one_indicator(ok_band + "alarm_high = 3\nnode = \"3706999\"\n"),
               "indicators[0].node", "unknown node"},
           bad{"[[indicators]]\nid = \"a.b\"\ndomain = \"nope\"\nname = \"x\"\n" + ok_band +
                   "alarm_high = 3\n",
               "indicators[0].domain", "unknown domain"},
           bad{"[[indicators]]\nid = \"A/B\"\ndomain = \"air\"\nname = \"x\"\n" + ok_band +
                   "alarm_high = 3\n",
               "indicators[0].id", "bad indicator id"},
           bad{one_indicator(ok_band + "alarm_high = 3\n") + one_indicator(ok_band + "alarm_high = 3\n"),
               "indicators[1].id", "twice"},
           bad{"[[domains]]\ncode = \"Air\"\nname = \"空气\"\n", "domains[0].code",
               "bad domain code"},
           bad{"[[domains]]\ncode = \"air\"\n", "domains[0].name", "missing key"},
       }) {
    INFO(b.toml);
    const auto e = error_of(b.toml);
    CHECK(e.key == b.key);
    CHECK_THAT(e.message, Catch::Contains(b.says));
  }
}
