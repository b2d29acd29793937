#include "actors/domain/case_insight.hpp"

#include <catch2/catch.hpp>

#include "tests/support/test_city.hpp"

using namespace cityops::domain;
using cityops::testing::make_test_city;

namespace {

constexpr std::int64_t now = 1'795'000'000'000;

case_record open_case(const std::string& id, const std::string& text, double lat, double lon,
                      std::int64_t at, const std::string& phone_hash = "") {
  case_event ev;
  ev.seq = 1;
  ev.at_ms = at;
  ev.node = "990001001001";
  ev.category = "0601";
  ev.report.text = text;
  ev.report.lat = lat;
  ev.report.lon = lon;
  ev.report.reporter_hash = phone_hash;
  case_record r;
  r.id = id;
  apply(r, ev);
  return r;
}

case_event report_at(const std::string& text, double lat, double lon, std::int64_t at) {
  case_event ev;
  ev.seq = 1;
  ev.at_ms = at;
  ev.category = "0601";
  ev.report.text = text;
  ev.report.lat = lat;
  ev.report.lon = lon;
  return ev;
}

}  // namespace

TEST_CASE("a second report of the same incident links to the open first one", "[case_insight]") {
  const auto city = make_test_city();
  const cityops::config::intake_settings settings;
  case_insight insight(city, settings);
  const auto first = open_case("9900-20261118-000001", "一街道甲社区门口有流动摊贩占道经营卖水果",
                               37.512, 121.412, now);
  insight.observe(case_record{}, first, {});
  const auto same = insight.check_duplicate(
      report_at("一街道甲社区门口有流动摊贩占道经营卖水果", 37.5121, 121.4121, now + 60000));
  CHECK(same.duplicate_of == first.id);
  CHECK(same.score >= settings.duplicates.link_score);

  // Far away: no link, whatever the text.
  const auto far = insight.check_duplicate(
      report_at("一街道甲社区门口有流动摊贩占道经营卖水果", 37.53, 121.44, now + 60000));
  CHECK(far.duplicate_of.empty());
  CHECK(far.possible_duplicate_of.empty());

  SECTION("closed cases leave the duplicate index and join the similar-case index") {
    auto closed = first;
    closed.status = case_status::closed;
    closed.version = 9;
    case_event close;
    close.type = event_type::closed;
    close.at_ms = now + 3600000;
    insight.observe(first, closed, {close});
    CHECK(insight.open_indexed() == 0);
    CHECK(insight.closed_indexed() == 1);
    const auto probe = open_case("9900-20261118-000002", "甲社区门口有人摆摊卖水果占道", 37.5,
                                 121.4, now + 7200000);
    const auto hits = insight.similar(probe, 5);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == first.id);
  }
}

TEST_CASE("linked duplicates are known by their original until they end", "[case_insight]") {
  const auto city = make_test_city();
  const cityops::config::intake_settings settings;
  case_insight insight(city, settings);
  auto dup = open_case("9900-20261118-000002", "摊贩占道", 37.512, 121.412, now);
  dup.report.duplicate_of = "9900-20261118-000001";
  insight.observe(case_record{}, dup, {});
  CHECK(insight.linked_duplicates("9900-20261118-000001") ==
        std::vector<std::string>{"9900-20261118-000002"});
  auto merged = dup;
  merged.status = case_status::merged;
  merged.version = 2;
  insight.observe(dup, merged, {});
  CHECK(insight.linked_duplicates("9900-20261118-000001").empty());
}

TEST_CASE("a caller's history counts open cases and categories", "[case_insight]") {
  const auto city = make_test_city();
  const cityops::config::intake_settings settings;
  case_insight insight(city, settings);
  insight.observe(case_record{}, open_case("9900-20261118-000001", "摊贩", 37.5, 121.4, now, "h1"),
                  {});
  insight.observe(case_record{},
                  open_case("9900-20261118-000002", "又有摊贩", 37.5, 121.4, now + 1000, "h1"), {});
  const auto h = insight.reporter("h1", now + 2000, "9900-20261118-000002");
  CHECK(h.open == 1);
  CHECK(h.last_90_days == 1);
  REQUIRE(h.categories.size() == 1);
  CHECK(h.categories[0].first == "0601");
  CHECK(insight.reporter("h2", now, "").last_90_days == 0);
}

TEST_CASE("dispatch suggestions put the routed department first with reasons", "[case_insight]") {
  const auto city = make_test_city();
  const cityops::config::intake_settings settings;
  case_insight insight(city, settings);
  auto r = open_case("9900-20261118-000001", "摊贩", 37.5, 121.4, now);
  r.location_path = {"9900", "990001", "990001001", "990001001001"};
  const auto s = insight.suggest_dispatch(r, now);
  REQUIRE(s.size() == 2);  // the street squad (routed) and the district's urban management
  CHECK(s[0].department->id == "990001001.squad");
  CHECK(s[0].routed);
  CHECK(s[1].department->id == "990001.urban_mgmt");
  CHECK_FALSE(s[0].reasons.empty());
}

TEST_CASE("a report checked before its commit is indexed as if it had not been checked",
          "[case_insight]") {
  const auto city = make_test_city();
  const cityops::config::intake_settings settings;
  case_insight checked(city, settings);
  case_insight fresh(city, settings);
  const std::string text = "一街道甲社区门口有流动摊贩占道经营卖水果";
  // The first report is checked (its sketch kept), then committed; `fresh` only sees the commit.
  CHECK(checked.check_duplicate(report_at(text, 37.512, 121.412, now)).duplicate_of.empty());
  const auto first = open_case("9900-20261118-000001", text, 37.512, 121.412, now);
  checked.observe(case_record{}, first, {});
  fresh.observe(case_record{}, first, {});
  const auto again = report_at("甲社区门口有人摆摊卖水果占道", 37.5121, 121.4121, now + 60000);
  const auto a = checked.check_duplicate(again);
  const auto b = fresh.check_duplicate(again);
  CHECK(a.duplicate_of == b.duplicate_of);
  CHECK(a.possible_duplicate_of == b.possible_duplicate_of);
  CHECK(a.score == b.score);
  CHECK(a.score > 0);
}

TEST_CASE("a report's alternative categories are the classifier's other confident ones",
          "[case_insight]") {
  duplicate_rules rules;
  rules.alternative_min_score = 0.05;
  classification_result c;
  c.category = "0202";
  c.top = {{"0202", 0.6}, {"0201", 0.3}, {"0101", 0.04}};
  CHECK(alternative_categories(c, "0202", rules) == std::vector<std::string>{"0201"});
  // A category the reporter gave: the classifier's own first choice becomes an alternative.
  CHECK(alternative_categories(c, "0207", rules) == std::vector<std::string>{"0202", "0201"});
  CHECK(alternative_categories(classification_result{}, "0202", rules).empty());
}

TEST_CASE("a repeat filed under a neighbour category links through the classifier's alternative",
          "[case_insight]") {
  const auto city = make_test_city();
  const cityops::config::intake_settings settings;  // no related pairs
  case_insight insight(city, settings);
  const std::string text = "一街道甲社区门口马路上塌了个大坑，车差点掉进去";
  auto first = open_case("9900-20261118-000001", text, 37.512, 121.412, now);
  first.category = "0201";
  first.report.classification.category = "0201";
  first.report.classification.top = {{"0201", 0.55}, {"0202", 0.4}};
  insight.observe(case_record{}, first, {});

  auto repeat = report_at(text, 37.5121, 121.4121, now + 60000);
  repeat.category = "0202";
  CHECK(insight.check_duplicate(repeat).duplicate_of == first.id);
  // Without the alternative the categories are not comparable.
  first.report.classification.top = {{"0201", 0.99}};
  first.version = 1;
  case_insight plain(city, settings);
  plain.observe(case_record{}, first, {});
  CHECK(plain.check_duplicate(repeat).duplicate_of.empty());
}
