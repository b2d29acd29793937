#pragma once
// What the festival war room's runtime tests share: a runtime with the built-in scenarios,
// its activation, requests to its own resources, and the board read back as JSON.
#include "tests/support/runtime_fixture.hpp"

#include <simdjson.h>

#include <string>

#include "actors/domain/iso_time.hpp"
#include "actors/scenario_protocol.hpp"
#include "runtime/scenario_catalogue.hpp"

namespace cityops::testing {

// 一街道 (甲社区, 乙社区) is the festival area; the war room sits at 二街道 with the
// district's urban management (占道经营 0601) and sanitation (垃圾 0301) on site.
inline std::string war_room_params(std::int64_t until_ms, const std::string& resources) {
  return R"({"area":{"node":"990001001"},"centre":"990001002","until":")" +
         domain::format_iso8601(until_ms) +
         R"(","sla":{"limit":2,"unit":"hours"},"stations":[)"
         R"({"department":"990001.urban_mgmt","teams":[{"name":"东门组","people":12},{"name":"西门组","people":10}]},)"
         R"({"department":"990001.sanitation","teams":[{"name":"保洁组","people":9}]}],)"
         R"("resources":[)" +
         resources + "]}";
}

struct war_room_fixture : runtime_fixture {
  war_room_fixture() : runtime_fixture(city_runtime::options{}, false) {
    options.scenarios = builtin_scenarios();
    start();
  }

  domain::result<scenario_view> activate(const std::string& params) {
    return ask_actor<scenario_view>(rt->scenarios(), scenario_atom::value, activate_atom::value,
                                    scenario_call{"war_room", params, "sup-1", ""});
  }
  domain::result<scenario_view> deactivate() {
    return ask_actor<scenario_view>(rt->scenarios(), scenario_atom::value, deactivate_atom::value,
                                    scenario_call{"war_room", "", "sup-1", "散场"});
  }
  scenario_view view() {
    auto v = ask_actor<scenario_view>(rt->scenarios(), scenario_atom::value, get_atom::value,
                                      std::string("war_room"));
    REQUIRE(v.ok());
    return *v;
  }
  scenario_reply call(std::string method, std::string path, std::string body = {},
                      std::string role = "admin") {
    scenario_request q;
    q.method = std::move(method);
    q.path = std::move(path);
    q.body = std::move(body);
    q.caller = "desk-1";
    q.role = std::move(role);
    auto r = ask_actor<scenario_reply>(rt->scenarios(), scenario_atom::value, call_atom::value,
                                       std::string("war_room"), q);
    REQUIRE(r.ok());
    return *r;
  }
  // The board, parsed (valid until the next call).
  simdjson::dom::element board() {
    board_text = call("GET", "board").body;
    return parser.parse(board_text);
  }
  // A case of the festival area accepted at the desk: on site, dispatched at once.
  domain::case_record accepted(std::string category, std::string node = "990001001001") {
    auto created = ask(report_atom::value, report(std::move(category), std::move(node)));
    REQUIRE(created.ok());
    REQUIRE(ask(act_atom::value, created->id, action(domain::case_action::verify)).ok());
    auto r = ask(act_atom::value, created->id, action(domain::case_action::accept));
    REQUIRE(r.ok());
    return fetch(created->id);
  }

  std::string board_text;
  simdjson::dom::parser parser;
};

inline std::uint64_t count(const simdjson::dom::element& e, const char* section, const char* key) {
  return std::uint64_t(e[section][key]);
}

}  // namespace cityops::testing
