// The festival war room's parameters and request bodies, every error naming its field as the
// API answers it, and its journal: what it records is what a restart replays.
#include "actors/scenarios/war_room_params.hpp"

#include <catch2/catch.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/scenarios/war_room_json.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;

namespace {

const config::city_model city = testing::make_test_city();
constexpr std::int64_t now = 1'795'000'000'000;

std::string with(const std::string& extra) {
  return R"({"area":{"node":"990001001"},"centre":"990001002","until":")" +
         domain::format_iso8601(now + 6 * 3600 * 1000LL) +
         R"(","stations":[{"department":"990001.urban_mgmt","teams":[{"name":"东门组","people":8}]}])" +
         extra + "}";
}

// The field of the first error reading `json`, or "" when it is accepted.
std::string refused_field(const std::string& json, domain::war_room_profile* out = nullptr) {
  auto in = parse_params(json);
  if (!in.ok()) return "(unparsed)";
  domain::war_room_profile p;
  const auto err = scenarios::read_war_room_profile(*in, scenario_setup{city, now, false}, p);
  if (out) *out = p;
  return err ? err->field : std::string();
}

}  // namespace

TEST_CASE("a war room's profile is read and checked like config", "[war_room]") {
  domain::war_room_profile p;
  REQUIRE(refused_field(with(R"(,"resources":[{"id":"bus-01","kind":"shuttle_bus","capacity":60}],)"
                             R"("sla":{"limit":1,"unit":"hours"})"),
                        &p) == "");
  CHECK(p.centre == "990001002");
  CHECK(p.from_ms == now);
  CHECK(p.until_ms == now + 6 * 3600 * 1000LL);
  CHECK(p.sla.limit == 1);
  CHECK(p.people_on_site() == 8);
  REQUIRE(p.resources.size() == 1);
  CHECK(p.resources[0].name == "bus-01");

  CHECK(refused_field(R"({"centre":"990001002"})") == "area");
  CHECK(refused_field(with(R"(,"colour":"red")")) == "colour");
  CHECK(refused_field(with(R"(,"sla":{"limit":0,"unit":"hours"})")) == "sla.limit");
  CHECK(refused_field(with(R"(,"from":")" + domain::format_iso8601(now + 7 * 3600 * 1000LL) + "\"")) ==
        "until");
  CHECK(refused_field(with(R"(,"resources":[{"id":"Bus 1","kind":"shuttle_bus","capacity":60}])")) ==
        "resources[0].id");
  CHECK(refused_field(with(R"(,"resources":[{"id":"b","kind":"bus","capacity":60},)"
                           R"({"id":"b","kind":"bus","capacity":60}])")) == "resources[1].id");
  CHECK(refused_field(with(R"(,"resources":[{"id":"b","kind":"bus","capacity":0}])")) ==
        "resources[0].capacity");
  const auto stations = [](const std::string& list) {
    return R"({"area":{"node":"990001001"},"centre":"990001002","until":"2030-01-01T00:00:00+08:00","stations":)" +
           list + "}";
  };
  CHECK(refused_field(stations("[]")) == "stations");
  CHECK(refused_field(stations(R"([{"department":"nowhere","teams":[{"name":"a","people":1}]}])")) ==
        "stations[0].department");
  CHECK(refused_field(stations(R"([{"department":"990001.sanitation","teams":[]}])")) ==
        "stations[0].teams");
  CHECK(refused_field(stations(R"([{"department":"990001.sanitation","teams":[{"name":"a","people":0}]}])")) ==
        "stations[0].teams[0].people");
  CHECK(refused_field(stations(R"([{"department":"990001.sanitation","teams":[{"name":"a","people":1},)"
                               R"({"name":"a","people":2}]}])")) == "stations[0].teams[1].name");
  CHECK(refused_field(stations(R"([{"department":"990001.sanitation","teams":[{"name":"a","people":1}]},)"
                               R"({"department":"990001.sanitation","teams":[{"name":"b","people":1}]}])")) ==
        "stations[1].department");
  CHECK(refused_field(R"({"area":{"node":"990001001"},"centre":"990001002","until":"2020-01-01T00:00:00+08:00","stations":[{"department":"990001.sanitation","teams":[{"name":"a","people":1}]}]})") ==
        "until");
}

TEST_CASE("a war room's request bodies name the field at fault", "[war_room]") {
  CHECK(scenarios::read_dispatch(R"({"case":"x"})").error().field == "to");
  CHECK(scenarios::read_dispatch(R"({"to":"东门","via":"x"})").error().field == "via");
  auto run = scenarios::read_run(R"({"people":48,"to":"地铁站","ref":"r-1","at":"2026-11-18T20:00:00+08:00"})");
  REQUIRE(run.ok());
  CHECK(run->people == 48);
  CHECK(run->ref == "r-1");
  CHECK(run->at_ms == domain::parse_iso8601("2026-11-18T20:00:00+08:00"));
  CHECK(scenarios::read_run("{}").error().field == "people");
  CHECK(scenarios::read_run(R"({"people":-1})").error().field == "people");
  CHECK(scenarios::read_run(R"({"people":1,"at":"soon"})").error().field == "at");
  CHECK(scenarios::read_run("[1]").error().code == domain::error_code::invalid_field);
  CHECK(scenarios::read_release("") == std::nullopt);
  CHECK(scenarios::read_release(R"({"why":"x"})")->field == "why");
}

TEST_CASE("a war room's journal replays into the same ledger", "[war_room]") {
  const std::vector<domain::war_room_resource> buses{{"bus-01", "shuttle_bus", "接驳车 \"01\"", 60}};
  domain::resource_ledger before(buses, now, now + 3600 * 1000LL);
  std::vector<domain::scenario_event> journal;
  const auto keep = [&journal](std::string kind, std::string detail) {
    domain::scenario_event e;
    e.kind = std::move(kind);
    e.detail = std::move(detail);
    journal.push_back(std::move(e));
  };
  keep("opened", scenarios::opened_entry(now));
  domain::resource_dispatch d{"东门", "", now + 1000, "op-1"};
  keep("dispatch", scenarios::dispatch_entry("bus-01", d));
  before.dispatch("bus-01", d);
  domain::resource_run r;
  r.resource = "bus-01";
  r.people = 55;
  r.ref = "a\"b";
  auto run = before.prepare_run(r, now + 2000).value();
  keep("run", scenarios::run_json(run));
  before.add_run(run);
  keep("dispatch", scenarios::dispatch_entry("bus-01", d));
  before.dispatch("bus-01", d);
  keep("release", scenarios::release_entry("bus-01", now + 3000, "op-1"));
  before.release("bus-01");

  domain::resource_ledger after(buses, now, now + 3600 * 1000LL);
  std::optional<std::int64_t> opened;
  for (const auto& e : journal)
    if (auto at = scenarios::replay_entry(e, after)) opened = at;
  CHECK(opened == now);
  CHECK(after.totals().runs == 1);
  CHECK(after.totals().people == 55);
  CHECK_FALSE(after.find("bus-01")->out);
  REQUIRE(after.by_ref("bus-01", "a\"b"));
  CHECK(after.by_ref("bus-01", "a\"b")->to == "东门");
  CHECK(scenarios::run_json(*after.by_ref("bus-01", "a\"b")) == scenarios::run_json(run));
  CHECK(scenarios::resource_json(*after.find("bus-01"), after, 5) ==
        scenarios::resource_json(*before.find("bus-01"), before, 5));
}
