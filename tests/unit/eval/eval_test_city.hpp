#pragma once
// A small city for the evaluation's unit tests: two majors, four minors, one district with
// two streets and four communities, departments routed at street and district tier.
//
//   C ─ D1 ─ S1 ─ K1, K2
//          └ S2 ─ K3, K4

#include <string>
#include <utility>

#include "config/city_model.hpp"

namespace cityops::eval::testing {

inline config::city_model eval_test_city() {
  using namespace config;
  city_model m;
  auto add_node = [&](std::string id, tier t, std::string parent) {
    node n;
    n.id = std::move(id);
    n.name = "n" + n.id;
    n.tier = t;
    n.parent = std::move(parent);
    n.lat = 37.5;
    n.lon = 121.4;
    m.add_node(std::move(n));
  };
  add_node("C", tier::city, "");
  add_node("D1", tier::district, "C");
  add_node("S1", tier::street, "D1");
  add_node("S2", tier::street, "D1");
  add_node("K1", tier::community, "S1");
  add_node("K2", tier::community, "S1");
  add_node("K3", tier::community, "S2");
  add_node("K4", tier::community, "S2");
  m.add_major({"01", "公共设施", "component"});
  m.add_major({"02", "交通设施", "component"});
  for (const char* code : {"0101", "0102", "0103", "0201"}) {
    category c;
    c.code = code;
    c.name = std::string("类别") + code;
    c.major = c.code.substr(0, 2);
    c.sla = sla_limit{3, sla_unit::working_days};
    m.add_category(std::move(c));
  }
  auto add_department = [&](std::string id, tier t, std::string at, std::string kind) {
    department d;
    d.id = std::move(id);
    d.name = "d" + d.id;
    d.tier = t;
    d.node = std::move(at);
    d.kind = std::move(kind);
    m.add_department(std::move(d));
  };
  add_department("S1.squad", tier::street, "S1", "squad");
  add_department("S1.grid", tier::street, "S1", "grid");
  add_department("S2.squad", tier::street, "S2", "squad");
  add_department("S2.grid", tier::street, "S2", "grid");
  add_department("D1.urban", tier::district, "D1", "urban");
  m.add_routing_rule({"01", tier::street, "squad"});
  m.add_routing_rule({"0101", tier::street, "grid"});
  m.add_routing_rule({"0201", tier::district, "urban"});
  m.finalize();
  return m;
}

}  // namespace cityops::eval::testing
