#pragma once
// A four-tier miniature city for unit tests that need a city model but not Yantai:
// city "9900" → district "990001" → streets "990001001", "990001002" → communities
// "990001001001", "990001001002", "990001002001". Routing: 0601 (占道经营) at street tier to
// the street squad and (major 06) at district tier to the district's urban management;
// 0101 (井盖) only at city tier to municipal maintenance; 0301 at district.
// make_two_district_test_city adds a second district "990002" → street "990002001" →
// community "990002001001" with its own sanitation, urban management and street squad, for
// tests that compare districts (KPIs).

#include <string>

#include "config/city_model.hpp"

namespace cityops::testing {

inline void add_test_city(config::city_model& c) {
  using config::tier;
  c.city_id = "9900";
  c.city_name = "测试市";
  c.add_node({"9900", "测试市", tier::city, "", 37.5, 121.4});
  c.add_node({"990001", "测试区", tier::district, "9900", 37.5, 121.4});
  c.add_node({"990001001", "一街道", tier::street, "990001", 37.51, 121.41});
  c.add_node({"990001002", "二街道", tier::street, "990001", 37.49, 121.39});
  c.add_node({"990001001001", "甲社区", tier::community, "990001001", 37.512, 121.412});
  c.add_node({"990001001002", "乙社区", tier::community, "990001001", 37.508, 121.408});
  c.add_node({"990001002001", "丙社区", tier::community, "990001002", 37.49, 121.39});
  c.add_major({"01", "公共设施", "component"});
  c.add_major({"03", "市容环境", "event"});
  c.add_major({"06", "街面秩序", "event"});
  c.add_category({"0101", "井盖", "01", {24, config::sla_unit::hours}, {"井盖"}});
  c.add_category({"0301", "暴露垃圾", "03", {3, config::sla_unit::working_days}, {"垃圾"}});
  c.add_category({"0601", "占道经营", "06", {2, config::sla_unit::working_days}, {"摊贩"}});
  c.add_department({"city.municipal_maintenance", "市政养护中心", tier::city, "9900",
                    "municipal_maintenance", {"0101"}});
  c.add_department({"990001.sanitation", "测试区环卫局", tier::district, "990001", "sanitation",
                    {"0301"}});
  c.add_department({"990001.urban_mgmt", "测试区城市管理局", tier::district, "990001",
                    "urban_management", {"0601"}});
  c.add_department({"990001001.squad", "一街道综合执法中队", tier::street, "990001001",
                    "street_squad", {"0601"}});
  c.add_department({"990001002.squad", "二街道综合执法中队", tier::street, "990001002",
                    "street_squad", {"0601"}});
  c.add_routing_rule({"0101", tier::city, "municipal_maintenance"});
  c.add_routing_rule({"03", tier::district, "sanitation"});
  c.add_routing_rule({"0601", tier::street, "street_squad"});
  c.add_routing_rule({"06", tier::district, "urban_management"});
  c.add_calendar_day({"2026-10-01", false, "国庆节"});
  c.add_calendar_day({"2026-10-10", true, "国庆调休"});
}

inline config::city_model make_test_city() {
  config::city_model c;
  add_test_city(c);
  c.finalize();
  return c;
}

inline config::city_model make_two_district_test_city() {
  using config::tier;
  config::city_model c;
  add_test_city(c);
  c.add_node({"990002", "二区", tier::district, "9900", 37.45, 121.3});
  c.add_node({"990002001", "三街道", tier::street, "990002", 37.451, 121.301});
  c.add_node({"990002001001", "丁社区", tier::community, "990002001", 37.452, 121.302});
  c.add_department({"990002.sanitation", "二区环卫局", tier::district, "990002", "sanitation",
                    {"0301"}});
  c.add_department({"990002.urban_mgmt", "二区城市管理局", tier::district, "990002",
                    "urban_management", {"0601"}});
  c.add_department({"990002001.squad", "三街道综合执法中队", tier::street, "990002001",
                    "street_squad", {"0601"}});
  c.finalize();
  return c;
}

}  // namespace cityops::testing
