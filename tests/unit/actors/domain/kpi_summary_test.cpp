#include "actors/domain/kpi_summary.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "actors/domain/kpi_calculator.hpp"
#include "tests/support/kpi_history.hpp"

using namespace cityops::domain;
using cityops::testing::kpi_day;
using Catch::Detail::Approx;

namespace {

// The ten-case history summed per scope: the days (in a map by day) and the gauges.
struct scope_rows {
  std::map<std::int64_t, kpi_counters> days;
  kpi_counters now;
};

std::map<std::string, scope_rows> history_by_scope() {
  const auto city = cityops::testing::make_two_district_test_city();
  std::map<std::string, scope_rows> out;
  for (const auto& w : cityops::testing::make_kpi_history(city).writes)
    for (const auto& c : kpi_changes(w.before ? &*w.before : nullptr, w.events, w.after)) {
      auto& s = out[c.scope];
      (c.day == kpi_now_day ? s.now : s.days[c.day]).add(c.counters);
    }
  return out;
}

const scope_rows& scope(const std::string& name) {
  static const auto all = history_by_scope();
  return all.at(name);
}

kpi_summary over_days(const std::string& name, std::int64_t from, std::int64_t to,
                      bool department) {
  kpi_counters sum;
  for (const auto& [day, c] : scope(name).days)
    if (day >= from && day <= to) sum.add(c);
  return summarize(sum, scope(name).now, department);
}

void check_rate(const kpi_rate& r, std::int64_t numerator, std::int64_t denominator) {
  CHECK(r.numerator == numerator);
  CHECK(r.denominator == denominator);
  if (denominator == 0) {
    CHECK_FALSE(r.value().has_value());
  } else {
    REQUIRE(r.value().has_value());
    CHECK(*r.value() == Approx(static_cast<double>(numerator) / static_cast<double>(denominator)));
  }
}

}  // namespace

TEST_CASE("the city's KPIs over the three days follow from the hand-computed counts", "[kpi]") {
  const auto s = over_days("node:9900", kpi_day(0), kpi_day(2), false);
  CHECK(s.reported == 10);
  // Sources in id order: hotline K1 K4 K6 K8, grid K2 K9, video K5, iot K10, app K3 K7.
  CHECK(s.by_source == std::vector<std::pair<std::string, std::int64_t>>{
                           {"hotline", 4}, {"grid", 2}, {"video", 1}, {"iot", 1}, {"app", 2}});
  CHECK(s.by_category ==
        std::vector<std::pair<std::string, std::int64_t>>{{"0101", 9}, {"0601", 1}});
  check_rate(s.acceptance_rate, 8, 9);     // accepted 8 of 8 + K7 rejected
  check_rate(s.closure_rate, 4, 8);        // K1 K2 K3 K4 of 8 accepted (a node)
  check_rate(s.on_time_rate, 3, 5);        // K1 K3 K4 in time; K2 and K6 overdue
  check_rate(s.return_rate, 1, 8);         // K3's return of 8 dispatches (transfer included)
  check_rate(s.rework_rate, 1, 5);         // K4's failed inspection of 5 handlings
  check_rate(s.extension_rate, 1, 8);      // K5
  check_rate(s.satisfaction_rate, 2, 3);   // 5 and 4 of 5, 4, 2
  REQUIRE(s.mean_satisfaction.has_value());
  CHECK(*s.mean_satisfaction == Approx(11.0 / 3));
  CHECK(s.supervised == 1);
  CHECK(s.escalated == 3);
  CHECK(s.escalated_to_city == 1);
  CHECK(s.merged == 1);
  CHECK(s.rejected == 1);
  // Report → handled: 6 + 28 + 9 + 3 + 7 = 53 h over 5; the 90th percentile is the 5th value
  // (ceil 4.5), 28 h = 1680 min in the bucket [1664, 1792) min: p90 = 1792 min.
  CHECK(s.report_to_handled.count == 5);
  REQUIRE(s.report_to_handled.mean_hours.has_value());
  CHECK(*s.report_to_handled.mean_hours == Approx(10.6));
  REQUIRE(s.report_to_handled.p90_hours.has_value());
  CHECK(*s.report_to_handled.p90_hours == Approx(1792.0 / 60));
  // Dispatch → handled: 5 + 27 + 5 + 2 + 6 = 45 h over 5; 27 h = 1620 min in [1536, 1664).
  CHECK(s.dispatch_to_handled.count == 5);
  CHECK(*s.dispatch_to_handled.mean_hours == Approx(9.0));
  CHECK(*s.dispatch_to_handled.p90_hours == Approx(1664.0 / 60));
  CHECK(s.open_now == 4);
  CHECK(s.overdue_now == 1);
  CHECK(*metric_value(s, "handling_hours_mean") == Approx(9.0));
  CHECK(*metric_value(s, "handling_hours_p90") == Approx(1664.0 / 60));
  CHECK(*metric_value(s, "reported") == Approx(10));
  CHECK(*metric_value(s, "overdue_now") == Approx(1));
}

TEST_CASE("a department's closure rate is over the cases dispatched to it", "[kpi]") {
  const auto d1 = over_days(kpi_department_scope(cityops::testing::kpi_d1), kpi_day(0),
                            kpi_day(2), true);
  check_rate(d1.closure_rate, 3, 5);        // K1 K2 K3 of K1 K2 K3 K3(transfer) K10
  check_rate(d1.on_time_rate, 2, 3);        // K1 K3; K2 overdue
  check_rate(d1.return_rate, 1, 5);
  check_rate(d1.rework_rate, 0, 3);         // 0 %, not null: it handled three
  check_rate(d1.extension_rate, 0, 5);
  check_rate(d1.satisfaction_rate, 2, 2);
  check_rate(d1.acceptance_rate, 0, 0);     // a department accepts none: null
  CHECK(d1.reported == 0);
  // 6, 28, 9 h: p90 = 3rd of 3 = 28 h → 1792 min; dispatch 5, 27, 5 h → 1664 min.
  CHECK(*d1.report_to_handled.mean_hours == Approx(43.0 / 3));
  CHECK(*d1.report_to_handled.p90_hours == Approx(1792.0 / 60));
  CHECK(*d1.dispatch_to_handled.mean_hours == Approx(37.0 / 3));
  CHECK(d1.open_now == 1);

  const auto d2 = over_days(kpi_department_scope(cityops::testing::kpi_d2), kpi_day(0),
                            kpi_day(2), true);
  check_rate(d2.closure_rate, 1, 3);        // K4 of K3 K4 K5
  check_rate(d2.on_time_rate, 1, 1);
  check_rate(d2.rework_rate, 1, 2);
  check_rate(d2.extension_rate, 1, 3);
  check_rate(d2.satisfaction_rate, 0, 1);   // a 2 is not satisfied: 0 %
  CHECK(*d2.mean_satisfaction == Approx(2.0));
  // 2 and 6 h after dispatch: p90 = the 2nd (ceil 1.8) = 6 h = 360 min in [352, 384).
  CHECK(*d2.dispatch_to_handled.p90_hours == Approx(384.0 / 60));

  // 红黑榜 by 按期结案率 (more is better) and 退单率 (less is better): D2 first both times.
  CHECK(find_kpi_metric("on_time_rate")->higher_is_better);
  CHECK_FALSE(find_kpi_metric("return_rate")->higher_is_better);
  CHECK(*metric_value(d2, "on_time_rate") > *metric_value(d1, "on_time_rate"));
  CHECK(*metric_value(d2, "return_rate") < *metric_value(d1, "return_rate"));
  CHECK_FALSE(metric_value(d1, "acceptance_rate").has_value());
  CHECK(find_kpi_metric("no_such_kpi") == nullptr);
  CHECK_FALSE(metric_value(d1, "no_such_kpi").has_value());
}

TEST_CASE("weeks start on Monday and months on the first: the history by period", "[kpi]") {
  // A = Sunday 2026-11-29 closes the week of Monday 11-23; B (Mon 11-30) and C (Tue 12-01)
  // open the next one. A and B are in November, C in December.
  CHECK(period_start(kpi_period::week, kpi_day(0)) == kpi_day(0) - 6);
  CHECK(period_label(kpi_period::week, kpi_day(0)) == "2026-11-23");
  CHECK(period_label(kpi_period::week, kpi_day(1)) == "2026-11-30");
  CHECK(period_label(kpi_period::week, kpi_day(2)) == "2026-11-30");
  CHECK(period_label(kpi_period::month, kpi_day(1)) == "2026-11");
  CHECK(period_label(kpi_period::month, kpi_day(2)) == "2026-12");
  CHECK(period_start(kpi_period::month, kpi_day(2)) == kpi_day(2));
  CHECK(period_label(kpi_period::day, kpi_day(2)) == "2026-12-01");
  CHECK(period_start(kpi_period::day, kpi_day(2)) == kpi_day(2));

  for (const auto p : {kpi_period::week, kpi_period::month}) {
    std::map<std::string, kpi_counters> by_period;
    for (const auto& [day, c] : scope("node:9900").days) by_period[period_label(p, day)].add(c);
    const kpi_counters none;
    const auto first = summarize(by_period.begin()->second, none, false);
    const auto second = summarize(by_period.rbegin()->second, none, false);
    REQUIRE(by_period.size() == 2);
    if (p == kpi_period::week) {
      CHECK(first.reported == 4);   // A
      CHECK(second.reported == 6);  // B + C
      check_rate(first.on_time_rate, 1, 1);   // K1
      check_rate(second.on_time_rate, 2, 4);  // K3 K4; K2 K6 overdue on B
    } else {
      CHECK(first.reported == 7);   // A + B
      CHECK(second.reported == 3);  // C
      check_rate(first.on_time_rate, 3, 5);
      check_rate(second.on_time_rate, 0, 0);  // nothing due in December yet: null
      check_rate(second.closure_rate, 0, 2);  // K9 K10 accepted, none closed: 0 %
    }
  }
  CHECK(parse_kpi_period("week") == kpi_period::week);
  CHECK_FALSE(parse_kpi_period("year").has_value());
  CHECK(to_string(kpi_period::month) == "month");
}

TEST_CASE("an empty period has zero counts and no rate or time", "[kpi]") {
  const auto s = summarize(kpi_counters{}, kpi_counters{}, false);
  CHECK(s.reported == 0);
  CHECK(s.by_source.empty());
  CHECK(s.by_category.empty());
  for (const auto* r : {&s.acceptance_rate, &s.closure_rate, &s.on_time_rate, &s.return_rate,
                        &s.rework_rate, &s.extension_rate, &s.satisfaction_rate})
    CHECK_FALSE(r->value().has_value());
  CHECK_FALSE(s.mean_satisfaction.has_value());
  CHECK(s.report_to_handled.count == 0);
  CHECK_FALSE(s.report_to_handled.mean_hours.has_value());
  CHECK_FALSE(s.dispatch_to_handled.p90_hours.has_value());
  for (const auto& m : kpi_metrics()) {
    INFO(m.name);
    const bool count = m.name == "reported" || m.name == "supervised" || m.name == "open_now" ||
                       m.name == "overdue_now";
    CHECK(metric_value(s, m.name).has_value() == count);
  }
}

TEST_CASE("urgent cases have their own counts and on-time rate", "[kpi][urgent]") {
  kpi_counters c;
  c.add(kpi_field::reported, 10);
  c.add(kpi_field::urgent, 3);
  c.add(kpi_field::closed_on_time, 6);
  c.add(kpi_field::went_overdue, 2);
  c.add(kpi_field::urgent_closed, 3);
  c.add(kpi_field::urgent_closed_on_time, 2);
  c.add(kpi_field::urgent_went_overdue, 1);
  const auto s = summarize(c, kpi_counters{}, false);
  CHECK(s.urgent == 3);
  CHECK(s.urgent_closed == 3);
  CHECK(s.urgent_closed_on_time == 2);
  CHECK(s.urgent_went_overdue == 1);
  check_rate(s.urgent_on_time_rate, 2, 3);
  check_rate(s.on_time_rate, 6, 8);
  REQUIRE(find_kpi_metric("urgent_on_time_rate"));
  CHECK(find_kpi_metric("urgent_on_time_rate")->higher_is_better);
  CHECK(metric_value(s, "urgent_on_time_rate") == Approx(2.0 / 3.0));
}
