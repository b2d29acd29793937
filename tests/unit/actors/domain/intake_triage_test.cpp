#include "actors/domain/intake_triage.hpp"

#include <catch2/catch.hpp>

#include "actors/domain/case_intake.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;
using cityops::config::intake_mode;
using cityops::config::intake_settings;
using cityops::testing::make_test_city;

namespace {

constexpr std::int64_t now = 1'795'000'000'000;  // 2026-11-18

classification_result opinion(const std::string& code, double confidence) {
  classification_result c;
  c.category = code;
  c.confidence = confidence;
  c.top = {{code, confidence}, {"0301", (1 - confidence) / 2}};
  c.model = "fasttext-test";
  return c;
}

case_event reported(case_source source, const std::string& category = "") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  new_case n;
  n.source = source;
  n.text = "一街道甲社区门口有流动摊贩占道经营";
  n.node = "990001001001";
  n.category = category;
  auto ev = decide_report(n, now, city, calendar);
  REQUIRE(ev.ok());
  return *ev;
}

}  // namespace

TEST_CASE("a confident suggestion becomes the category with department and deadline",
          "[intake_triage]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const intake_settings settings;
  auto ev = reported(case_source::hotline);
  apply_classification(ev, opinion("0601", 0.8), settings, city, calendar);
  CHECK(ev.category == "0601");
  CHECK(ev.department == "990001001.squad");
  CHECK(ev.deadline_ms == calendar.deadline(now, {2, cityops::config::sla_unit::working_days}));
  CHECK(ev.report.intake_mode == "suggest");
  CHECK(ev.report.classification.model == "fasttext-test");
}

TEST_CASE("a low-confidence case waits unclassified, manual sources only record",
          "[intake_triage]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  intake_settings settings;
  auto low = reported(case_source::hotline);
  apply_classification(low, opinion("0601", 0.2), settings, city, calendar);
  CHECK(low.category.empty());
  CHECK(low.deadline_ms == 0);
  case_record r;
  apply(r, low);
  CHECK(needs_classification(r));

  settings.mode_by_source["app"] = intake_mode::manual;
  auto manual = reported(case_source::app);
  apply_classification(manual, opinion("0601", 0.95), settings, city, calendar);
  CHECK(manual.category.empty());
  CHECK(manual.report.intake_mode == "manual");
  CHECK(manual.report.classification.category == "0601");
}

TEST_CASE("an automatic source's confident case is verified and accepted by auto",
          "[intake_triage]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  const intake_settings settings;  // grid is automatic, auto_threshold 0.6
  auto ev = reported(case_source::grid);
  apply_classification(ev, opinion("0601", 0.9), settings, city, calendar);
  case_record r;
  r.id = "9900-20261118-000001";
  apply(r, ev);
  const auto moves = automatic_moves(r, machine, settings, now);
  REQUIRE(moves.size() == 2);
  CHECK(moves[0].type == event_type::verified);
  CHECK(moves[1].type == event_type::accepted);
  CHECK(moves[0].by == "auto");
  CHECK(moves[1].by == "auto");
  for (const auto& m : moves) apply(r, m);
  CHECK(dispatch_without_operator(r));

  SECTION("a confirmed case at a tier that handles it is dispatched in the same action") {
    auto at_street = reported(case_source::hotline);
    at_street.node = "990001001";
    apply_classification(at_street, opinion("0601", 0.8), settings, city, calendar);
    case_record s;
    s.id = "9900-20261118-000002";
    apply(s, at_street);
    action_request q;
    q.action = case_action::confirm;
    q.by = "seat-1";
    auto moves = decide_moves(machine, city, s, q, now);
    REQUIRE(moves.ok());
    REQUIRE(moves->size() == 3);
    CHECK(moves->back().type == event_type::dispatched);
    CHECK(moves->back().department == "990001001.squad");
    CHECK_FALSE(dispatch_without_operator(s));  // a suggest source: no dispatch on accept
  }

  SECTION("not when unsure, not when linked as a duplicate, not for suggest sources") {
    auto unsure = reported(case_source::grid);
    apply_classification(unsure, opinion("0601", 0.5), settings, city, calendar);
    case_record u;
    apply(u, unsure);
    CHECK(automatic_moves(u, machine, settings, now).empty());
    CHECK(u.category == "0601");  // still suggested

    auto linked = reported(case_source::grid);
    apply_classification(linked, opinion("0601", 0.9), settings, city, calendar);
    linked.report.duplicate_of = "9900-20261118-000009";
    case_record l;
    apply(l, linked);
    CHECK(automatic_moves(l, machine, settings, now).empty());

    auto hotline = reported(case_source::hotline);
    apply_classification(hotline, opinion("0601", 0.99), settings, city, calendar);
    case_record h;
    apply(h, hotline);
    CHECK(automatic_moves(h, machine, settings, now).empty());
  }
  SECTION("a grid worker's own category is trusted") {
    auto given = reported(case_source::grid, "0601");
    apply_classification(given, opinion("0301", 0.4), settings, city, calendar);
    case_record g;
    apply(g, given);
    CHECK(g.category == "0601");
    CHECK(automatic_moves(g, machine, settings, now).size() == 2);
  }
}

TEST_CASE("confirm verifies and accepts, an override is a reclassified event first",
          "[intake_triage]") {
  const auto city = make_test_city();
  const sla_calendar calendar(city.calendar());
  const case_machine machine(city, calendar);
  const intake_settings settings;
  auto ev = reported(case_source::hotline);
  apply_classification(ev, opinion("0301", 0.7), settings, city, calendar);
  case_record r;
  r.id = "9900-20261118-000001";
  apply(r, ev);

  action_request q;
  q.action = case_action::confirm;
  q.by = "seat-12";
  auto plain = decide_moves(machine, city, r, q, now + 1000);
  REQUIRE(plain.ok());
  REQUIRE(plain->size() == 2);  // 0301 has no department at the community: the rings decide
  CHECK((*plain)[0].type == event_type::verified);
  CHECK((*plain)[1].type == event_type::accepted);

  q.category = "0601";
  auto overridden = decide_moves(machine, city, r, q, now + 1000);
  REQUIRE(overridden.ok());
  REQUIRE(overridden->size() == 3);  // 0601 is handled at the street, not the community
  const auto& re = (*overridden)[0];
  CHECK(re.type == event_type::reclassified);
  CHECK(re.previous_category == "0301");
  CHECK(re.category == "0601");
  CHECK(re.by == "seat-12");
  for (const auto& e : *overridden) apply(r, e);
  CHECK(r.status == case_status::accepted);
  CHECK(r.category == "0601");
  CHECK(r.deadline_ms == calendar.deadline(now, {2, cityops::config::sla_unit::working_days}));

  q.category.clear();
  auto again = decide_moves(machine, city, r, q, now);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == error_code::illegal_transition);
}
