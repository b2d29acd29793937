// The scenarios' JSON (GET /api/v1/scenarios, the audit log, the feed's scenario messages)
// and which feed subscribers a scenario notice reaches.
#include "gateway/scenario_json.hpp"

#include <catch2/catch.hpp>

#include "actors/feed_hub.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops;

namespace {

constexpr std::int64_t t0 = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00

domain::scenario_event event(std::string kind, std::string detail = {}) {
  domain::scenario_event e;
  e.seq = 7;
  e.scenario = "exam_quiet";
  e.kind = std::move(kind);
  e.at_ms = t0;
  e.by = "sup-1";
  e.activation = 3;
  e.detail = std::move(detail);
  e.parameters = R"({"area":{"node":"990001"}})";
  return e;
}

std::string json_of(const domain::scenario_event& e) {
  gateway::json_writer w;
  gateway::write_scenario_event(w, e);
  return w.take();
}

}  // namespace

TEST_CASE("audit events show parameters, a detail or a journal entry's data", "[scenario_json]") {
  CHECK(json_of(event("activated")) ==
        R"({"seq":7,"scenario":"exam_quiet","kind":"activated","at":"2026-11-18T19:06:40.000+08:00",)"
        R"("by":"sup-1","activation":3,"parameters":{"area":{"node":"990001"}}})");
  CHECK(json_of(event("failed", "stalled: on_committed ran longer than 10000 ms"))
            .find(R"("detail":"stalled: on_committed ran longer than 10000 ms")") !=
        std::string::npos);
  CHECK(json_of(event("deactivated")).find(R"("detail":null)") != std::string::npos);
  CHECK(json_of(event("tally", R"({"complaints":4})")).find(R"("data":{"complaints":4})") !=
        std::string::npos);
}

TEST_CASE("a scenario view: description, state, activation, last end", "[scenario_json]") {
  const scenario_description d{"exam_quiet", "考试静音期", "quiet", {{"area", "area", true, "x"}}};
  scenario_view v;
  v.description = &d;
  v.state = "active";
  v.activation = event("activated");
  gateway::json_writer w;
  gateway::write_scenario(w, v);
  const auto active = w.take();
  CHECK(active.find(R"("parameters":[{"name":"area","type":"area","required":true,"description":"x"}])") !=
        std::string::npos);
  CHECK(active.find(R"("state":"active","active":true,"activation":{"seq":7,"parameters":{"area":)") !=
        std::string::npos);
  CHECK(active.find(R"("last_ended":null)") != std::string::npos);
  v.state = "inactive";
  v.ended = event("deactivated", "考试结束");
  gateway::json_writer w2;
  gateway::write_scenario(w2, v);
  const auto inactive = w2.take();
  CHECK(inactive.find(R"("activation":null)") != std::string::npos);
  CHECK(inactive.find(R"("last_ended":{"kind":"deactivated","detail":"考试结束","by":"sup-1")") !=
        std::string::npos);
}

TEST_CASE("scenario notices on the feed and who receives them", "[scenario_json]") {
  scenario_notice n{"war_room", "board", t0, "990001002", R"({"open":3})"};
  CHECK(gateway::feed_scenario_json(n) ==
        R"({"kind":"scenario","scenario":"war_room","event":"board",)"
        R"("at":"2026-11-18T19:06:40.000+08:00","node":"990001002","data":{"open":3}})");
  const auto city = testing::make_test_city();
  CHECK(feed_matches(city, feed_filter{}, n));
  CHECK(feed_matches(city, feed_filter{"990001", ""}, n));        // its district
  CHECK(feed_matches(city, feed_filter{"990001002001", ""}, n));  // a community below
  CHECK_FALSE(feed_matches(city, feed_filter{"990001001", ""}, n));
  CHECK_FALSE(feed_matches(city, feed_filter{"", "990001.sanitation"}, n));
  n.node.clear();  // the whole city: everyone
  CHECK(feed_matches(city, feed_filter{"990001001", ""}, n));
  CHECK(feed_matches(city, feed_filter{"", "990001.sanitation"}, n));
  CHECK(gateway::feed_scenario_json(n).find(R"("node":null)") != std::string::npos);
}
