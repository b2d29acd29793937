#include "actors/domain/kpi_calculator.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <map>
#include <set>
#include <utility>

#include "tests/support/kpi_history.hpp"

using namespace cityops::domain;
using cityops::testing::kpi_d1;
using cityops::testing::kpi_d2;
using cityops::testing::kpi_day;

namespace {

using row_key = std::pair<std::string, std::int64_t>;  // scope, day (kpi_now_day: gauges)
using rows = std::map<row_key, kpi_counters>;

constexpr std::int64_t h = 3'600'000;  // an hour in ms

// Writes through kpi_changes, summed per scope and day.
rows summed(const std::vector<cityops::testing::kpi_write>& writes) {
  rows out;
  for (const auto& w : writes)
    for (const auto& c : kpi_changes(w.before ? &*w.before : nullptr, w.events, w.after))
      out[{c.scope, c.day}].add(c.counters);
  return out;
}

// Every write of the ten-case history.
rows counted() {
  const auto city = cityops::testing::make_two_district_test_city();
  return summed(cityops::testing::make_kpi_history(city).writes);
}

// Cases of a test built move by move on the two-district city.
struct case_bench {
  cityops::config::city_model city = cityops::testing::make_two_district_test_city();
  sla_calendar calendar{city.calendar()};
  case_machine machine{city, calendar};
  std::vector<cityops::testing::kpi_write> writes;
  cityops::testing::kpi_case_builder b{city, machine, calendar, writes};
};

const rows& history_rows() {
  static const rows r = counted();
  return r;
}

kpi_counters row(const std::string& scope, std::int64_t day) {
  const auto it = history_rows().find({scope, day});
  return it == history_rows().end() ? kpi_counters{} : it->second;
}

kpi_counters fields(std::initializer_list<std::pair<std::uint32_t, std::int64_t>> values) {
  kpi_counters c;
  for (const auto& [id, n] : values) c.add(id, n);
  return c;
}

std::uint32_t f(kpi_field x) { return id_of(x); }

// Field ids written out by hand: sources 100 + case_source (hotline 100, grid 101, video 102,
// iot 103, app 104), categories 10000 + code (0101 → 10101, 0601 → 10601), histograms 1000 /
// 2000 + bucket. Buckets (8 per doubling of minutes, bucket = 1 + 8·octave + eighth):
//   120 min (2 h)  = 64·1.875    → 1 + 48 + 7 = 56
//   180 min (3 h)  = 128·1.406   → 1 + 56 + 3 = 60
//   300 min (5 h)  = 256·1.172   → 1 + 64 + 1 = 66
//   360 min (6 h)  = 256·1.406   → 1 + 64 + 3 = 68
//   420 min (7 h)  = 256·1.641   → 1 + 64 + 5 = 70
//   540 min (9 h)  = 512·1.055   → 1 + 72 + 0 = 73
//   1620 min (27 h) = 1024·1.582 → 1 + 80 + 4 = 85
//   1680 min (28 h) = 1024·1.641 → 1 + 80 + 5 = 86
constexpr std::uint32_t hotline = 100, grid = 101, video = 102, iot = 103, app = 104;
constexpr std::uint32_t cat_0101 = 10101, cat_0601 = 10601;

}  // namespace

TEST_CASE("the hand-computed history counts every move of the city on its day", "[kpi]") {
  // Day A (Sun 11-29): K1 K2 K6 K8 reported (hotline ×3, grid), all 0101; K1 K2 K6 accepted;
  // K1 K2 dispatched to D1; K1 handled 6 h after its report, 5 h after dispatch, closed on
  // time; K8 merged.
  CHECK(row("node:9900", kpi_day(0)) ==
        fields({{f(kpi_field::reported), 4}, {hotline, 3}, {grid, 1}, {cat_0101, 4},
                {f(kpi_field::accepted), 3}, {f(kpi_field::dispatched), 2},
                {f(kpi_field::handled), 1}, {f(kpi_field::report_to_handled_ms), 6 * h},
                {f(kpi_field::dispatch_to_handled_ms), 5 * h},
                {f(kpi_field::dispatch_to_handled_n), 1}, {1068, 1}, {2066, 1},
                {f(kpi_field::closed), 1}, {f(kpi_field::closed_on_time), 1},
                {f(kpi_field::merged), 1}}));
  // Day B (Mon 11-30): K3 (app) K4 (hotline) K5 (video) reported and accepted; dispatches:
  // K3 to D1, back to D2 after its return, transferred to D1, K4 and K5 to D2 = 5; handled:
  // K2 28 h / 27 h, K3 9 h / 5 h, K4 3 h / 2 h and after the rework 7 h / 6 h → Σ 47 h / 40 h;
  // closed K2 (late) K3 K4 → 3, 2 on time; overdue K2 and K6; K1's 回访 5.
  CHECK(row("node:9900", kpi_day(1)) ==
        fields({{f(kpi_field::reported), 3}, {app, 1}, {hotline, 1}, {video, 1}, {cat_0101, 3},
                {f(kpi_field::accepted), 3}, {f(kpi_field::dispatched), 5},
                {f(kpi_field::returned), 1}, {f(kpi_field::handled), 4},
                {f(kpi_field::report_to_handled_ms), 47 * h},
                {f(kpi_field::dispatch_to_handled_ms), 40 * h},
                {f(kpi_field::dispatch_to_handled_n), 4}, {1086, 1}, {1073, 1}, {1060, 1},
                {1070, 1}, {2085, 1}, {2066, 1}, {2056, 1}, {2068, 1},
                {f(kpi_field::reworked), 1}, {f(kpi_field::closed), 3},
                {f(kpi_field::closed_on_time), 2}, {f(kpi_field::went_overdue), 2},
                {f(kpi_field::followed_up), 1}, {f(kpi_field::satisfied), 1},
                {f(kpi_field::satisfaction_sum), 5}}));
  // Day C (Tue 12-01): K7 (app, rejected) K9 (grid) K10 (iot, classified 0601 at verify)
  // reported; K9 K10 accepted; K10 dispatched; K5 extended; K6 supervised; K9 three rings,
  // the last to the city; 回访 4 (K3) and 2 (K4).
  CHECK(row("node:9900", kpi_day(2)) ==
        fields({{f(kpi_field::reported), 3}, {app, 1}, {grid, 1}, {iot, 1}, {cat_0101, 2},
                {cat_0601, 1}, {f(kpi_field::accepted), 2}, {f(kpi_field::rejected), 1},
                {f(kpi_field::dispatched), 1}, {f(kpi_field::extended), 1},
                {f(kpi_field::supervised), 1}, {f(kpi_field::escalated), 3},
                {f(kpi_field::escalated_to_city), 1}, {f(kpi_field::followed_up), 2},
                {f(kpi_field::satisfied), 1}, {f(kpi_field::satisfaction_sum), 6}}));
  // Open now: K5 (in progress) K6 (accepted, overdue) K9 (at the city) K10 (dispatched).
  CHECK(row("node:9900", kpi_now_day) ==
        fields({{f(kpi_field::open_now), 4}, {f(kpi_field::overdue_now), 1}}));
}

TEST_CASE("the hand-computed history counts each district and community on its own", "[kpi]") {
  // District 990001 holds K1 K2 K3 K6 K7 K8 K10: every case of day A.
  CHECK(row("node:990001", kpi_day(0)) == row("node:9900", kpi_day(0)));
  CHECK(row("node:990001", kpi_day(1)) ==
        fields({{f(kpi_field::reported), 1}, {app, 1}, {cat_0101, 1},
                {f(kpi_field::accepted), 1}, {f(kpi_field::dispatched), 3},
                {f(kpi_field::returned), 1}, {f(kpi_field::handled), 2},
                {f(kpi_field::report_to_handled_ms), 37 * h},
                {f(kpi_field::dispatch_to_handled_ms), 32 * h},
                {f(kpi_field::dispatch_to_handled_n), 2}, {1086, 1}, {1073, 1}, {2085, 1},
                {2066, 1}, {f(kpi_field::closed), 2}, {f(kpi_field::closed_on_time), 1},
                {f(kpi_field::went_overdue), 2}, {f(kpi_field::followed_up), 1},
                {f(kpi_field::satisfied), 1}, {f(kpi_field::satisfaction_sum), 5}}));
  CHECK(row("node:990001", kpi_day(2)) ==
        fields({{f(kpi_field::reported), 2}, {app, 1}, {iot, 1}, {cat_0101, 1}, {cat_0601, 1},
                {f(kpi_field::accepted), 1}, {f(kpi_field::rejected), 1},
                {f(kpi_field::dispatched), 1}, {f(kpi_field::supervised), 1},
                {f(kpi_field::followed_up), 1}, {f(kpi_field::satisfied), 1},
                {f(kpi_field::satisfaction_sum), 4}}));
  CHECK(row("node:990001", kpi_now_day) ==
        fields({{f(kpi_field::open_now), 2}, {f(kpi_field::overdue_now), 1}}));

  // District 990002 holds K4 K5 K9: nothing on day A.
  CHECK(row("node:990002", kpi_day(0)).empty());
  CHECK(row("node:990002", kpi_day(1)) ==
        fields({{f(kpi_field::reported), 2}, {hotline, 1}, {video, 1}, {cat_0101, 2},
                {f(kpi_field::accepted), 2}, {f(kpi_field::dispatched), 2},
                {f(kpi_field::handled), 2}, {f(kpi_field::report_to_handled_ms), 10 * h},
                {f(kpi_field::dispatch_to_handled_ms), 8 * h},
                {f(kpi_field::dispatch_to_handled_n), 2}, {1060, 1}, {1070, 1}, {2056, 1},
                {2068, 1}, {f(kpi_field::reworked), 1}, {f(kpi_field::closed), 1},
                {f(kpi_field::closed_on_time), 1}}));
  CHECK(row("node:990002", kpi_day(2)) ==
        fields({{f(kpi_field::reported), 1}, {grid, 1}, {cat_0101, 1},
                {f(kpi_field::accepted), 1}, {f(kpi_field::extended), 1},
                {f(kpi_field::escalated), 3}, {f(kpi_field::escalated_to_city), 1},
                {f(kpi_field::followed_up), 1}, {f(kpi_field::satisfaction_sum), 2}}));
  CHECK(row("node:990002", kpi_now_day) == fields({{f(kpi_field::open_now), 2}}));

  // Every day of the city is the sum of its two districts.
  for (int d = 0; d < 3; ++d) {
    auto sum = row("node:990001", kpi_day(d));
    sum.add(row("node:990002", kpi_day(d)));
    CHECK(sum == row("node:9900", kpi_day(d)));
  }

  // Community 990001001001 on day A: K1 (the whole way to closed), K6 (accepted), K8 (merged).
  CHECK(row("node:990001001001", kpi_day(0)) ==
        fields({{f(kpi_field::reported), 3}, {hotline, 3}, {cat_0101, 3},
                {f(kpi_field::accepted), 2}, {f(kpi_field::dispatched), 1},
                {f(kpi_field::handled), 1}, {f(kpi_field::report_to_handled_ms), 6 * h},
                {f(kpi_field::dispatch_to_handled_ms), 5 * h},
                {f(kpi_field::dispatch_to_handled_n), 1}, {1068, 1}, {2066, 1},
                {f(kpi_field::closed), 1}, {f(kpi_field::closed_on_time), 1},
                {f(kpi_field::merged), 1}}));
  CHECK(row("node:990001001001", kpi_now_day) ==
        fields({{f(kpi_field::open_now), 1}, {f(kpi_field::overdue_now), 1}}));  // K6
  CHECK(row("node:990001002", kpi_now_day) == fields({{f(kpi_field::open_now), 1}}));  // K10
  CHECK(row("node:990002001001", kpi_now_day) == fields({{f(kpi_field::open_now), 2}}));
  CHECK(row("node:990001001002", kpi_now_day).empty());  // K2 closed: +1 then −1
}

TEST_CASE("the hand-computed history counts each department's moves", "[kpi]") {
  // D1: dispatched K1 K2 (A), K3 and K3's transfer (B), K10 (C); returned K3; handled K1
  // (6 h / 5 h), K2 (28 h / 27 h), K3 (9 h / 5 h); closed K1 K3 on time, K2 late after its
  // overdue; 回访 5 (K1, on B) and 4 (K3, on C).
  const std::string d1 = kpi_department_scope(kpi_d1);
  CHECK(row(d1, kpi_day(0)) ==
        fields({{f(kpi_field::dispatched), 2}, {f(kpi_field::handled), 1},
                {f(kpi_field::report_to_handled_ms), 6 * h},
                {f(kpi_field::dispatch_to_handled_ms), 5 * h},
                {f(kpi_field::dispatch_to_handled_n), 1}, {1068, 1}, {2066, 1},
                {f(kpi_field::closed), 1}, {f(kpi_field::closed_on_time), 1}}));
  CHECK(row(d1, kpi_day(1)) ==
        fields({{f(kpi_field::dispatched), 2}, {f(kpi_field::returned), 1},
                {f(kpi_field::handled), 2}, {f(kpi_field::report_to_handled_ms), 37 * h},
                {f(kpi_field::dispatch_to_handled_ms), 32 * h},
                {f(kpi_field::dispatch_to_handled_n), 2}, {1086, 1}, {1073, 1}, {2085, 1},
                {2066, 1}, {f(kpi_field::closed), 2}, {f(kpi_field::closed_on_time), 1},
                {f(kpi_field::went_overdue), 1}, {f(kpi_field::followed_up), 1},
                {f(kpi_field::satisfied), 1}, {f(kpi_field::satisfaction_sum), 5}}));
  CHECK(row(d1, kpi_day(2)) ==
        fields({{f(kpi_field::dispatched), 1}, {f(kpi_field::followed_up), 1},
                {f(kpi_field::satisfied), 1}, {f(kpi_field::satisfaction_sum), 4}}));
  CHECK(row(d1, kpi_now_day) == fields({{f(kpi_field::open_now), 1}}));  // K10

  // D2: dispatched K3 (after its return), K4, K5; K4 handled twice (3 h / 2 h, 7 h / 6 h)
  // with one rework, closed on time; K5 extended; 回访 2 (K4).
  const std::string d2 = kpi_department_scope(kpi_d2);
  CHECK(row(d2, kpi_day(0)).empty());
  CHECK(row(d2, kpi_day(1)) ==
        fields({{f(kpi_field::dispatched), 3}, {f(kpi_field::handled), 2},
                {f(kpi_field::report_to_handled_ms), 10 * h},
                {f(kpi_field::dispatch_to_handled_ms), 8 * h},
                {f(kpi_field::dispatch_to_handled_n), 2}, {1060, 1}, {1070, 1}, {2056, 1},
                {2068, 1}, {f(kpi_field::reworked), 1}, {f(kpi_field::closed), 1},
                {f(kpi_field::closed_on_time), 1}}));
  CHECK(row(d2, kpi_day(2)) ==
        fields({{f(kpi_field::extended), 1}, {f(kpi_field::followed_up), 1},
                {f(kpi_field::satisfaction_sum), 2}}));
  CHECK(row(d2, kpi_now_day) == fields({{f(kpi_field::open_now), 1}}));  // K5
}

TEST_CASE("a department proposed before dispatch counts none of the case's moves", "[kpi]") {
  // K6 and every 0101 report carry routing's proposal city.municipal_maintenance until a
  // dispatch. K6 goes overdue and is supervised while it waits: those count in its nodes
  // only, and no write of the history touches the proposed department.
  std::set<std::string> scopes;
  for (const auto& [key, counters] : history_rows())
    if (!counters.empty()) scopes.insert(key.first);
  CHECK(scopes == std::set<std::string>{
                      "department:990001.urban_mgmt", "department:990002.urban_mgmt",
                      "node:9900", "node:990001", "node:990001001", "node:990001001001",
                      "node:990001001002", "node:990001002", "node:990001002001", "node:990002",
                      "node:990002001", "node:990002001001"});
  CHECK(row("node:990001001001", kpi_day(1)).get(kpi_field::went_overdue) == 1);
  CHECK(row("node:990001001001", kpi_day(2)).get(kpi_field::supervised) == 1);
}

TEST_CASE("a reopen counts for the department that had the case", "[kpi]") {
  case_bench bench;
  auto& b = bench.b;
  const auto& writes = bench.writes;
  using a = case_action;
  b.report("9900-20261129-000011", "990002001001", case_source::hotline, "0101",
           cityops::testing::kpi_at(0, 9))
      .move(a::verify, cityops::testing::kpi_at(0, 9))
      .move(a::accept, cityops::testing::kpi_at(0, 9))
      .dispatch(kpi_d2, cityops::testing::kpi_at(0, 10))
      .commit();
  b.step(a::start, cityops::testing::kpi_at(0, 11));
  auto handle = cityops::testing::kpi_request(a::handle);
  handle.result = "已处置";
  auto inspect = cityops::testing::kpi_request(a::inspect);
  inspect.passed = true;
  b.step(handle, cityops::testing::kpi_at(0, 12)).step(inspect, cityops::testing::kpi_at(0, 13));
  b.step(a::close, cityops::testing::kpi_at(0, 14));
  const auto before = b.record();
  b.step(a::reopen, cityops::testing::kpi_at(1, 9));
  const auto& reopen = writes.back();
  const auto changes = kpi_changes(&*reopen.before, reopen.events, reopen.after);
  rows r;
  for (const auto& c : changes) r[{c.scope, c.day}].add(c.counters);
  CHECK(before.status == case_status::closed);
  CHECK(reopen.after.department.empty());
  CHECK(r[{kpi_department_scope(kpi_d2), kpi_day(1)}] ==
        fields({{f(kpi_field::reopened), 1}}));
  // Open again, at its community's centre: waiting on no department.
  CHECK(r[{"node:9900", kpi_now_day}] == fields({{f(kpi_field::open_now), 1}}));
  CHECK(r.count({kpi_department_scope(kpi_d2), kpi_now_day}) == 0);
}

TEST_CASE("a write that changes nothing countable adds no change", "[kpi]") {
  const auto city = cityops::testing::make_two_district_test_city();
  const auto history = cityops::testing::make_kpi_history(city);
  // K5's extension request (before its approval) is its own write: it counts nothing and
  // leaves the gauges as they were.
  int requests = 0;
  for (const auto& w : history.writes) {
    if (w.events.size() != 1 || w.events[0].type != event_type::extension_requested) continue;
    ++requests;
    CHECK(kpi_changes(&*w.before, w.events, w.after).empty());
  }
  CHECK(requests == 1);
}

TEST_CASE("urgent cases count apart: reported urgent and their closures on time or late",
          "[kpi][urgent]") {
  case_bench bench;
  auto& b = bench.b;
  using a = case_action;
  using cityops::testing::kpi_at;
  auto handle = cityops::testing::kpi_request(a::handle);
  handle.result = "已处置";
  auto inspect = cityops::testing::kpi_request(a::inspect);
  inspect.passed = true;
  // U1 urgent, closed within its 24 hours; U2 urgent, overdue, closed late; N3 normal.
  const auto work = [&](const std::string& id, case_priority p, int close_day) {
    b.report(id, "990002001001", case_source::hotline, "0101", kpi_at(0, 9), p)
        .move(a::verify, kpi_at(0, 9))
        .move(a::accept, kpi_at(0, 9))
        .dispatch(kpi_d2, kpi_at(0, 10))
        .commit();
    b.step(a::start, kpi_at(0, 11));
    if (close_day > 0) b.step(a::mark_overdue, kpi_at(close_day, 9, 30));
    b.step(handle, kpi_at(close_day, 10)).step(inspect, kpi_at(close_day, 11));
    b.step(a::close, kpi_at(close_day, 12));
  };
  work("9900-20261129-000021", case_priority::urgent, 0);
  work("9900-20261129-000022", case_priority::urgent, 1);
  work("9900-20261129-000023", case_priority::normal, 0);
  auto r = summed(bench.writes);

  const auto city_day0 = r[{"node:9900", kpi_day(0)}];
  CHECK(city_day0.get(kpi_field::reported) == 3);
  CHECK(city_day0.get(kpi_field::urgent) == 2);
  CHECK(city_day0.get(kpi_field::closed) == 2);
  CHECK(city_day0.get(kpi_field::urgent_closed) == 1);
  CHECK(city_day0.get(kpi_field::urgent_closed_on_time) == 1);
  const auto city_day1 = r[{"node:9900", kpi_day(1)}];
  CHECK(city_day1.get(kpi_field::urgent_went_overdue) == 1);
  CHECK(city_day1.get(kpi_field::urgent_closed) == 1);
  CHECK(city_day1.get(kpi_field::urgent_closed_on_time) == 0);
  // The department that closed them counts its urgent closures; intake counts in nodes only.
  const auto dept = r[{kpi_department_scope(kpi_d2), kpi_day(0)}];
  CHECK(dept.get(kpi_field::urgent_closed) == 1);
  CHECK(dept.get(kpi_field::urgent) == 0);
}
