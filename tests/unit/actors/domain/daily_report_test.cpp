// The 每日信息 builder on hand-made inputs: volumes with their comparisons, hot spots and
// rising categories, alerts sorted into risk / vital signs / oversight, the departments'
// 红黑榜 (only those with enough cases due, nobody on both lists), and the title.
#include <catch2/catch.hpp>

#include "actors/domain/daily_report.hpp"

using namespace cityops::domain;

namespace {

kpi_counters reports(std::int64_t n, const char* category = nullptr, std::int64_t in_category = 0) {
  kpi_counters c;
  c.add(kpi_field::reported, n);
  c.add(source_base + static_cast<std::uint32_t>(case_source::hotline), n);
  if (category) c.add(category_field(category), in_category);
  return c;
}

kpi_counters due(std::int64_t on_time, std::int64_t overdue) {
  kpi_counters c;
  c.add(kpi_field::closed_on_time, on_time);
  c.add(kpi_field::went_overdue, overdue);
  c.add(kpi_field::dispatched, on_time + overdue);
  return c;
}

alert alert_of(alert_kind k, const char* id) {
  alert a;
  a.kind = k;
  a.id = id;
  return a;
}

}  // namespace

TEST_CASE("daily report: volumes, comparisons, hot spots and rising categories",
          "[domain][daily_report]") {
  daily_report_input in;
  in.day = 20000;
  in.city = {"3706", "烟台市", reports(120, "0601", 30), reports(100, "0601", 10),
             reports(80, "0601", 12)};
  in.districts.push_back({"370602", "芝罘区", reports(70), reports(50), reports(0)});
  in.districts.push_back({"370611", "福山区", reports(50), reports(50), reports(40)});
  in.streets.push_back({"370602001", "向阳街道", reports(9), {}, {}});
  in.streets.push_back({"370602002", "东山街道", reports(0), {}, {}});
  in.category_names = {{"0601", "占道经营"}};
  in.city_now.add(kpi_field::overdue_now, 4);
  in.city.day.add(kpi_field::escalated_to_city, 2);

  const auto r = build_daily_report(in);
  CHECK(r.total.day == 120);
  CHECK(*r.total.change_vs_previous_day() == Approx(0.2));
  CHECK(*r.total.change_vs_week_before() == Approx(0.5));
  REQUIRE(r.by_source.size() == 1);
  CHECK(r.by_source[0].key == "hotline");
  REQUIRE(r.by_category.size() == 1);
  CHECK(r.by_category[0].name == "占道经营");
  CHECK(r.by_category[0].day == 30);
  REQUIRE(r.rising_categories.size() == 1);  // 30 against 12 a week before
  REQUIRE(r.by_district.size() == 2);
  CHECK(r.by_district[0].key == "370602");  // most reported first
  CHECK_FALSE(r.by_district[0].change_vs_week_before().has_value());  // no base
  REQUIRE(r.hot_streets.size() == 1);  // a street without reports is no hot spot
  CHECK(r.hot_streets[0].name == "向阳街道");
  CHECK(r.escalated_to_city == 2);
  CHECK(r.climbed_open == 0);
  CHECK(r.overdue_now == 4);
}

TEST_CASE("daily report: alerts by family and the departments' 红黑榜", "[domain][daily_report]") {
  daily_report_input in;
  in.day = 20000;
  in.alerts = {alert_of(alert_kind::cluster, "c"), alert_of(alert_kind::sensitive_words, "s"),
               alert_of(alert_kind::indicator_breach, "i"), alert_of(alert_kind::overdue, "o"),
               alert_of(alert_kind::letter_overdue, "l")};
  in.departments = {{"a", "甲", due(10, 0)}, {"b", "乙", due(5, 5)}, {"c", "丙", due(9, 1)},
                    {"d", "丁", due(2, 8)}, {"e", "戊", due(2, 1)}};  // 戊: 3 due, unranked
  const auto r = build_daily_report(in);
  CHECK(r.risk_alerts.size() == 2);
  CHECK(r.indicator_alerts.size() == 1);
  CHECK(r.oversight_alerts.size() == 2);
  REQUIRE(r.leaders.size() == 2);  // four ranked: two each side
  CHECK(r.leaders[0].id == "a");
  CHECK(r.leaders[1].id == "c");
  REQUIRE(r.laggards.size() == 2);
  CHECK(r.laggards[0].id == "d");
  CHECK(r.laggards[0].on_time_rate == Approx(0.2));
  CHECK(r.laggards[1].id == "b");
  CHECK(daily_report_title("烟台市城运中心", 2026, 12) == "烟台市城运中心 每日信息〔2026〕第12期");
}

TEST_CASE("daily report: open cases that climbed to the city, oldest first",
          "[domain][daily_report]") {
  daily_report_input in;
  case_record climbed;
  climbed.id = "3706-20261201-000002";
  climbed.created_ms = 200;
  climbed.location_path = {"3706", "370602", "370602001"};
  climbed.tier_path = {"370602001", "370602", "3706"};
  case_record older = climbed;
  older.id = "3706-20261201-000001";
  older.created_ms = 100;
  case_record city_report = climbed;  // reported to the city: it did not climb
  city_report.tier_path = {"3706"};
  in.at_city = {climbed, city_report, older};
  const auto r = build_daily_report(in);
  CHECK(r.climbed_open == 2);
  REQUIRE(r.climbed_cases.size() == 2);
  CHECK(r.climbed_cases[0].id == "3706-20261201-000001");
}
