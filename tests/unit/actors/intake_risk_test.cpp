// decide_reported with the sensitive-word matcher: a report holding a word of the risk
// lexicon gets the mark and becomes urgent in its `reported` event; others stay as reported.
#include <catch2/catch.hpp>

#include <memory>

#include "actors/intake_decision.hpp"
#include "config/city_loader.hpp"

using namespace cityops;

namespace {

const config::city_model& city() { return config::default_city().city; }

std::shared_ptr<const domain::sensitive_matcher> matcher() {
  static const auto m =
      std::make_shared<const domain::sensitive_matcher>(config::default_city().risk.lexicon);
  return m;
}

domain::new_case report(const std::string& text) {
  domain::new_case r;
  r.source = domain::case_source::hotline;
  r.text = text;
  r.category = "0601";
  r.node = city().city_id;
  return r;
}

}  // namespace

TEST_CASE("a risk word marks the reported event and makes the case urgent",
          "[actors][intake][risk]") {
  const manual_clock clock(1795829400000);
  intake_services intake;
  intake.sensitive_words = matcher();
  const case_context ctx(city(), clock, caf::actor(), std::chrono::seconds(60), {}, intake);

  auto ev = decide_reported(ctx, report("再不解决我就去市政府门口拉横幅 跳 楼"), clock.now_ms());
  REQUIRE(ev);
  const auto& rep = ev->report;
  CHECK(rep.priority == domain::case_priority::urgent);
  CHECK(rep.risk.word_class == "extreme_demand");
  CHECK(rep.risk.class_name == "极端诉求");
  CHECK(rep.risk.severity == 4);
  CHECK(rep.risk.words == std::vector<std::string>{"跳楼", "拉横幅"});

  auto calm = decide_reported(ctx, report("门口有人占道经营，卖水果的"), clock.now_ms());
  REQUIRE(calm);
  CHECK(calm->report.risk.empty());
  CHECK(calm->report.priority == domain::case_priority::normal);

  // An urgent report stays urgent, marked or not.
  auto urgent = report("门口有人占道经营");
  urgent.priority = domain::case_priority::urgent;
  CHECK(decide_reported(ctx, urgent, clock.now_ms())->report.priority ==
        domain::case_priority::urgent);
}

TEST_CASE("without a matcher no report is marked", "[actors][intake][risk]") {
  const manual_clock clock(1795829400000);
  const case_context ctx(city(), clock, caf::actor(), std::chrono::seconds(60));
  auto ev = decide_reported(ctx, report("我要跳楼"), clock.now_ms());
  REQUIRE(ev);
  CHECK(ev->report.risk.empty());
  CHECK(ev->report.priority == domain::case_priority::normal);
}
