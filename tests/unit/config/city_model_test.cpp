#include "config/city_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "config/city_loader.hpp"

using namespace cityops::config;

namespace {

node make_node(std::string id, tier t, std::string parent, double lat = 0, double lon = 0) {
  node n;
  n.id = id;
  n.name = "n" + id;
  n.tier = t;
  n.parent = std::move(parent);
  n.lat = lat;
  n.lon = lon;
  return n;
}

department make_department(std::string id, tier t, std::string at, std::string kind) {
  department d;
  d.id = std::move(id);
  d.name = "d" + d.id;
  d.tier = t;
  d.node = std::move(at);
  d.kind = std::move(kind);
  return d;
}

category make_category(std::string code) {
  category c;
  c.code = code;
  c.name = "c" + code;
  c.major = code.substr(0, 2);
  c.sla = sla_limit{3, sla_unit::working_days};
  return c;
}

// C ─ D1 ─ S1 ─ K1, K2
//   │    └ S2 ─ K3
//   └ D2 ─ S3 ─ K4
city_model small_city() {
  city_model m;
  m.add_node(make_node("C", tier::city, ""));
  m.add_node(make_node("D1", tier::district, "C"));
  m.add_node(make_node("D2", tier::district, "C"));
  m.add_node(make_node("S1", tier::street, "D1"));
  m.add_node(make_node("S2", tier::street, "D1"));
  m.add_node(make_node("S3", tier::street, "D2"));
  m.add_node(make_node("K1", tier::community, "S1", 10.00, 20.00));
  m.add_node(make_node("K2", tier::community, "S1", 10.00, 20.10));
  m.add_node(make_node("K3", tier::community, "S2", 10.30, 20.00));
  m.add_node(make_node("K4", tier::community, "S3", 11.00, 21.00));
  m.add_major({"01", "公共设施", "component"});
  m.add_major({"02", "交通设施", "component"});
  m.add_category(make_category("0101"));
  m.add_category(make_category("0102"));
  m.add_category(make_category("0201"));
  m.add_department(make_department("city.maint", tier::city, "C", "maint"));
  m.add_department(make_department("D1.urban", tier::district, "D1", "urban"));
  m.add_department(make_department("S1.squad", tier::street, "S1", "squad"));
  m.add_department(make_department("S1.grid", tier::street, "S1", "grid"));
  m.add_department(make_department("S2.squad", tier::street, "S2", "squad"));
  // Major 01 goes to the street squad, but its minor 0101 to the street grid office.
  m.add_routing_rule({"01", tier::street, "squad"});
  m.add_routing_rule({"0101", tier::street, "grid"});
  // 0201 is handled by district urban management, anything of 02 else by the city.
  m.add_routing_rule({"0201", tier::district, "urban"});
  m.add_routing_rule({"02", tier::city, "maint"});
  m.add_calendar_day({"2025-01-01", false, "元旦"});
  return m;
}

const department* dept(const department* d) { return d; }
std::string id_of(const department* d) { return d ? d->id : "(none)"; }

}  // namespace

TEST_CASE("tier and sla unit names round-trip", "[config][city_model]") {
  for (tier t : {tier::community, tier::street, tier::district, tier::city})
    CHECK(parse_tier(to_string(t)) == t);
  CHECK(to_string(tier::street) == "street");
  CHECK_FALSE(parse_tier("province"));
  CHECK(to_string(sla_unit::hours) == "hours");
  CHECK(to_string(sla_unit::working_days) == "working_days");
}

TEST_CASE("a consistent small city finalizes without problems", "[config][city_model]") {
  city_model m = small_city();
  CHECK(m.finalize().empty());
  CHECK(m.city_id == "C");
  CHECK(m.city_name == "nC");
  // Indexes are rebuilt from scratch, so a second finalize() changes nothing.
  CHECK(m.finalize().empty());
  CHECK(m.find_node("K3")->parent == "S2");
}

TEST_CASE("lookups find what was added and nothing else", "[config][city_model]") {
  city_model m = small_city();
  REQUIRE(m.finalize().empty());
  REQUIRE(m.find_node("S1"));
  CHECK(m.find_node("S1")->tier == tier::street);
  CHECK(m.find_node("nope") == nullptr);
  REQUIRE(m.find_department("D1.urban"));
  CHECK(m.find_department("D1.urban")->kind == "urban");
  CHECK(m.find_department("D1") == nullptr);
  REQUIRE(m.find_category("0102"));
  CHECK(m.find_category("0102")->major == "01");
  CHECK(m.find_category("01") == nullptr);
  REQUIRE(m.find_major("02"));
  CHECK(m.find_major("02")->name == "交通设施");
  CHECK(m.nodes().size() == 10);
  CHECK(m.departments().size() == 5);
  CHECK(m.routing().size() == 4);
  CHECK(m.calendar().size() == 1);
}

TEST_CASE("the tier tree: children, parent, ancestor_at, in_subtree", "[config][city_model]") {
  city_model m = small_city();
  REQUIRE(m.finalize().empty());
  CHECK(m.children("C") == std::vector<std::string>{"D1", "D2"});
  CHECK(m.children("D1") == std::vector<std::string>{"S1", "S2"});
  CHECK(m.children("S1") == std::vector<std::string>{"K1", "K2"});
  CHECK(m.children("K1").empty());
  CHECK(m.children("unknown").empty());

  REQUIRE(m.parent("K3"));
  CHECK(m.parent("K3")->id == "S2");
  CHECK(m.parent("C") == nullptr);
  CHECK(m.parent("unknown") == nullptr);

  CHECK(m.ancestor_at("K1", tier::community)->id == "K1");
  CHECK(m.ancestor_at("K1", tier::street)->id == "S1");
  CHECK(m.ancestor_at("K1", tier::district)->id == "D1");
  CHECK(m.ancestor_at("K4", tier::district)->id == "D2");
  CHECK(m.ancestor_at("K1", tier::city)->id == "C");
  CHECK(m.ancestor_at("S1", tier::community) == nullptr);  // nothing below
  CHECK(m.ancestor_at("unknown", tier::city) == nullptr);

  CHECK(m.in_subtree("K1", "K1"));
  CHECK(m.in_subtree("K1", "S1"));
  CHECK(m.in_subtree("K3", "D1"));
  CHECK(m.in_subtree("K4", "C"));
  CHECK_FALSE(m.in_subtree("K4", "D1"));
  CHECK_FALSE(m.in_subtree("S1", "K1"));
  CHECK_FALSE(m.in_subtree("unknown", "C"));
}

TEST_CASE("route_at_tier: a minor rule wins over its major's", "[config][city_model]") {
  city_model m = small_city();
  REQUIRE(m.finalize().empty());
  CHECK(id_of(m.route_at_tier("0101", "S1")) == "S1.grid");   // the minor's own rule
  CHECK(id_of(m.route_at_tier("0102", "S1")) == "S1.squad");  // only the major's rule
  CHECK(id_of(m.route_at_tier("01", "S1")) == "S1.squad");    // asked by major code
  // S2 has no grid office: the minor rule finds no department, the major rule does.
  CHECK(id_of(m.route_at_tier("0101", "S2")) == "S2.squad");
  // S3 has neither.
  CHECK(m.route_at_tier("0101", "S3") == nullptr);
  // No rule for the node's own tier: no climbing here.
  CHECK(m.route_at_tier("0101", "K1") == nullptr);
  CHECK(m.route_at_tier("0201", "S1") == nullptr);
  CHECK(id_of(m.route_at_tier("0201", "D1")) == "D1.urban");
  CHECK(m.route_at_tier("9999", "S1") == nullptr);
  CHECK(m.route_at_tier("0101", "unknown") == nullptr);
}

TEST_CASE("route climbs community, street, district, city", "[config][city_model]") {
  city_model m = small_city();
  REQUIRE(m.finalize().empty());
  CHECK(id_of(m.route("0101", "K1")) == "S1.grid");  // first ring
  CHECK(id_of(m.route("0102", "K3")) == "S2.squad");
  CHECK(id_of(m.route("0201", "K1")) == "D1.urban");    // second ring
  CHECK(id_of(m.route("0201", "K4")) == "city.maint");  // D2 has no urban: third ring
  CHECK(id_of(m.route("0201", "C")) == "city.maint");
  CHECK(m.route("0101", "K4") == nullptr);  // no rule for 01 in D2's branch or the city
  CHECK(m.route("9999", "K1") == nullptr);
  CHECK(m.route("0101", "unknown") == nullptr);
  CHECK(dept(m.route("0201", "K1")) == m.find_department("D1.urban"));
}

TEST_CASE("finalize names every inconsistency", "[config][city_model]") {
  city_model m = small_city();
  m.add_node(make_node("K1", tier::community, "S1"));   // duplicate id
  m.add_node(make_node("K9", tier::community, "S99"));  // dangling parent
  m.add_node(make_node("S9", tier::street, "K2"));      // parent of a lower tier
  m.add_major({"03", "市容环境", "thing"});             // bad kind
  m.add_category(make_category("0901"));                // unknown major 09
  m.add_department(make_department("x.a", tier::street, "S404", "squad"));  // unknown node
  m.add_department(make_department("x.b", tier::district, "S1", "late"));   // tier mismatch
  auto handles = make_department("x.c", tier::street, "S2", "other");
  handles.categories = {"0101", "7777"};  // unknown category
  m.add_department(handles);
  m.add_department(make_department("x.d", tier::street, "S1", "squad"));  // same node + kind
  m.add_routing_rule({"0808", tier::street, "squad"});                    // unknown category
  m.add_routing_rule({"0102", tier::district, "squad"});                  // no such kind there
  m.add_routing_rule({"0101", tier::street, "squad"});                    // duplicate rule
  m.add_calendar_day({"2025-02-30", false, "bad"});
  m.add_calendar_day({"2025-01-01", false, "twice"});
  const auto problems = m.finalize();
  auto has = [&](const std::string& text) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(text) != std::string::npos; });
  };
  CHECK(has("duplicate node id 'K1'"));
  CHECK(has("node 'K9' has unknown parent 'S99'"));
  CHECK(has("node 'S9' (street) has parent 'K2' of tier community"));
  CHECK(has("major category '03' has kind 'thing'"));
  CHECK(has("category '0901' (c0901) has unknown major '09'"));
  CHECK(has("department 'x.a' is on unknown node 'S404'"));
  CHECK(has("department 'x.b' has tier district but its node 'S1' is a street"));
  CHECK(has("department 'x.c' handles unknown category '7777'"));
  CHECK(has("departments 'S1.squad' and 'x.d' both have kind 'squad' on node 'S1'"));
  CHECK(has("category '0808' at street tier) names an unknown category"));
  CHECK(has("no department of kind 'squad' at district tier"));
  CHECK(has("(category '0101' at street tier) duplicates routing rule 1"));
  CHECK(has("calendar date '2025-02-30' is not a valid"));
  CHECK(has("calendar date '2025-01-01' appears twice"));
  CHECK(problems.size() == 14);
}

TEST_CASE("finalize wants exactly one city", "[config][city_model]") {
  city_model none;
  none.add_node(make_node("D", tier::district, "X"));
  auto problems = none.finalize();
  CHECK(std::find(problems.begin(), problems.end(), "expected exactly one city node, found 0") !=
        problems.end());
  city_model two = small_city();
  two.add_node(make_node("C2", tier::city, ""));
  problems = two.finalize();
  CHECK(std::find(problems.begin(), problems.end(), "expected exactly one city node, found 2") !=
        problems.end());
}

TEST_CASE("nearest_community on a small city", "[config][city_model]") {
  city_model empty;
  CHECK(empty.finalize().empty());
  CHECK(empty.nearest_community(10, 20) == nullptr);

  city_model m = small_city();
  REQUIRE(m.finalize().empty());
  CHECK(m.nearest_community(10.00, 20.00)->id == "K1");
  CHECK(m.nearest_community(10.01, 20.04)->id == "K1");
  CHECK(m.nearest_community(10.01, 20.06)->id == "K2");
  CHECK(m.nearest_community(10.25, 20.00)->id == "K3");
  CHECK(m.nearest_community(10.90, 20.95)->id == "K4");
  // Far outside the grid the answer is still the nearest one, not nothing.
  CHECK(m.nearest_community(-45.0, -100.0)->id == "K1");
  CHECK(m.nearest_community(60.0, 60.0)->id == "K4");
  CHECK(m.nearest_community(std::nan(""), 20.0) == nullptr);
}

TEST_CASE("nearest_community agrees with a linear scan on the default city",
          "[config][city_model]") {
  const city_model& city = default_city().city;
  // Distances on the model's projection: longitude scaled by cos(latitude of the city).
  const double k = std::cos(city.find_node(city.city_id)->lat * 3.14159265358979323846 / 180.0);
  auto linear = [&](double lat, double lon) {
    const node* best = nullptr;
    double best_d2 = std::numeric_limits<double>::infinity();
    for (const node& n : city.nodes()) {
      if (n.tier != tier::community) continue;
      const double dlat = n.lat - lat;
      const double dlon = (n.lon - lon) * k;
      const double d2 = dlat * dlat + dlon * dlon;
      if (d2 < best_d2) {
        best_d2 = d2;
        best = &n;
      }
    }
    return best;
  };
  // Fixed pseudo-random points over and around Yantai (36.5..38.1 N, 119.6..121.9 E).
  std::uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  int checked = 0;
  for (int i = 0; i < 400; ++i) {
    const double lat = 36.5 + 1.6 * next();
    const double lon = 119.6 + 2.3 * next();
    const node* fast = city.nearest_community(lat, lon);
    const node* slow = linear(lat, lon);
    REQUIRE(fast);
    REQUIRE(slow);
    CHECK(fast->id == slow->id);
    ++checked;
  }
  CHECK(checked == 400);
  // A community's own position finds that community.
  const node& some = *city.find_node("370602001001");
  CHECK(city.nearest_community(some.lat, some.lon)->id == "370602001001");
}
