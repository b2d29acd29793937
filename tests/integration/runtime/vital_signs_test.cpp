// The vital-signs watch over real actors and a real store, driven by CAF's test coordinator
// and a manual wall clock: a breach raises one alert however many breaching samples follow
// (its level rising with an alarm), a normal sample closes it and the next breach is a new
// alert; a silent sensor raises one alert, also after more looks and a restart; a restart in
// the middle of a breach keeps its episode; bad samples are refused one by one.
#include <chrono>
#include <string>
#include <vector>

#include "actors/indicator_protocol.hpp"
#include "actors/oversight_protocol.hpp"
#include "tests/support/runtime_fixture.hpp"
#include "tests/support/test_indicators.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::alert_kind;
using domain::alert_status;

namespace {

const config::indicator_settings registry = testing::make_test_indicators();

struct vital_fixture : testing::runtime_fixture {
  vital_fixture() : runtime_fixture(vital_options()) {}
  static city_runtime::options vital_options() {
    city_runtime::options o;
    o.indicators = &registry;
    o.indicator_scan_interval = 60s;
    o.sla_scan_interval = 24h * 30;
    return o;
  }

  // Posts samples of the water pressure at the clock's time plus `offsets` (seconds).
  sample_receipt post(std::vector<double> values, const std::string& unit = "MPa") {
    sample_batch b;
    std::uint32_t i = 0;
    for (double v : values) {
      sample_input in;
      in.index = i;
      in.sample = {"water.pressure.test", v, clock.now_ms() - 1000 * (values.size() - ++i)};
      in.unit = unit;
      b.items.push_back(in);
    }
    auto r = ask_actor<sample_receipt>(rt->vital_signs(), indicator_atom::value, put_atom::value, b);
    REQUIRE(r.ok());
    return *r;
  }
  std::vector<domain::alert> alerts(alert_status status, alert_kind kind) {
    alert_query q;
    q.status = status;
    auto page = ask_actor<alert_list>(rt->store(), alert_atom::value, list_atom::value, q);
    REQUIRE(page.ok());
    std::vector<domain::alert> out;
    for (auto& a : page->items)
      if (a.kind == kind) out.push_back(a);
    return out;
  }
  indicator_view view(const std::string& id = "water.pressure.test") {
    auto v = ask_actor<indicator_view>(rt->vital_signs(), indicator_atom::value,
                                       caf::get_atom::value, id);
    REQUIRE(v.ok());
    return *v;
  }
};

}  // namespace

TEST_CASE_METHOD(vital_fixture, "a breach raises one alert until values return to normal",
                 "[vital_signs]") {
  CHECK(post({0.3}).accepted == 1);
  CHECK(alerts(alert_status::open, alert_kind::indicator_breach).empty());
  advance(1min);
  CHECK(post({0.18, 0.17}).accepted == 2);
  auto open = alerts(alert_status::open, alert_kind::indicator_breach);
  REQUIRE(open.size() == 1);
  const auto first = open[0];
  CHECK(first.level == domain::alert_level::yellow);
  CHECK(first.node == "990001");
  CHECK(first.evidence.unit == "MPa");
  CHECK(view().state == domain::indicator_state::warning);

  advance(1min);
  post({0.19});
  advance(1min);
  post({0.1});  // alarm: the same alert, now red
  open = alerts(alert_status::open, alert_kind::indicator_breach);
  REQUIRE(open.size() == 1);
  CHECK(open[0].id == first.id);
  CHECK(open[0].level == domain::alert_level::red);
  CHECK(view().state == domain::indicator_state::alarm);

  advance(1min);
  post({0.31});
  CHECK(alerts(alert_status::open, alert_kind::indicator_breach).empty());
  auto closed = alerts(alert_status::closed, alert_kind::indicator_breach);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].closed_by == "vital-signs");
  CHECK_THAT(closed[0].close_note, Catch::Contains("back to normal"));
  CHECK(view().state == domain::indicator_state::normal);

  advance(1min);
  post({0.7});  // a new episode
  open = alerts(alert_status::open, alert_kind::indicator_breach);
  REQUIRE(open.size() == 1);
  CHECK(open[0].id != first.id);
}

TEST_CASE_METHOD(vital_fixture, "a breach and its end in one batch raise then grow then close "
                                "its alert",
                 "[vital_signs]") {
  post({0.3, 0.18, 0.1, 0.3});  // the close waits at the board for the raise and the growth
  CHECK(alerts(alert_status::open, alert_kind::indicator_breach).empty());
  const auto closed = alerts(alert_status::closed, alert_kind::indicator_breach);
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].level == domain::alert_level::red);
  CHECK(closed[0].evidence.value == Approx(0.1));
}

TEST_CASE_METHOD(vital_fixture, "a silent sensor raises one alert also after a restart",
                 "[vital_signs]") {
  post({0.3});
  advance(14min);
  CHECK(alerts(alert_status::open, alert_kind::indicator_silent).empty());
  advance(2min);
  auto open = alerts(alert_status::open, alert_kind::indicator_silent);
  REQUIRE(open.size() == 1);
  CHECK(open[0].level == domain::alert_level::blue);
  CHECK(view().state == domain::indicator_state::silent);
  advance(10min);
  CHECK(alerts(alert_status::open, alert_kind::indicator_silent).size() == 1);
  restart();
  advance(2min);
  CHECK(alerts(alert_status::open, alert_kind::indicator_silent).size() == 1);
  // The sensor is back: the silence alert is closed.
  post({0.31});
  CHECK(alerts(alert_status::open, alert_kind::indicator_silent).empty());
  CHECK(alerts(alert_status::closed, alert_kind::indicator_silent).size() == 1);
  CHECK(view().state == domain::indicator_state::normal);
}

TEST_CASE_METHOD(vital_fixture, "a restart within a breach keeps its one alert",
                 "[vital_signs]") {
  post({0.6});
  REQUIRE(alerts(alert_status::open, alert_kind::indicator_breach).size() == 1);
  restart();
  CHECK(view().status.episode_ms != 0);
  advance(1min);
  post({0.61, 0.62});
  CHECK(alerts(alert_status::open, alert_kind::indicator_breach).size() == 1);
  advance(1min);
  post({0.4});
  CHECK(alerts(alert_status::open, alert_kind::indicator_breach).empty());
}

TEST_CASE_METHOD(vital_fixture, "bad samples are refused one by one and good ones kept",
                 "[vital_signs]") {
  sample_batch b;
  const auto now = clock.now_ms();
  b.items.push_back({0, {"water.pressure.test", 0.3, now - 60'000}, "MPa"});
  b.items.push_back({1, {"water.nope", 0.3, now}, "MPa"});
  b.items.push_back({2, {"water.pressure.test", 0.3, now}, "kPa"});
  b.items.push_back({3, {"water.pressure.test", 0.3, now + 3'600'000}, ""});
  b.items.push_back({4, {"air.pm25.test", 35, now}, "µg/m³"});
  auto r = ask_actor<sample_receipt>(rt->vital_signs(), indicator_atom::value, put_atom::value, b);
  REQUIRE(r.ok());
  CHECK(r->accepted == 2);
  REQUIRE(r->refused.size() == 3);
  CHECK(r->refused[0].index == 1);
  CHECK(r->refused[0].field == "indicator");
  CHECK(r->refused[1].field == "unit");
  CHECK(r->refused[2].field == "at");
  CHECK(ask_actor<std::uint64_t>(rt->vital_signs(), indicator_atom::value, queue_atom::value)
            .value() == 2);

  history_query q{"water.pressure.test", now - 3'600'000, now, 500};
  auto h = ask_actor<domain::indicator_history>(rt->vital_signs(), indicator_atom::value,
                                                history_atom::value, q);
  REQUIRE(h.ok());
  CHECK(h->samples == 1);
  q.indicator = "water.nope";
  CHECK(ask_actor<domain::indicator_history>(rt->vital_signs(), indicator_atom::value,
                                             history_atom::value, q)
            .error()
            .code == domain::error_code::not_found);
  auto views = ask_actor<std::vector<indicator_view>>(rt->vital_signs(), indicator_atom::value,
                                                      list_atom::value);
  REQUIRE(views.ok());
  REQUIRE(views->size() == 2);
  CHECK(views->at(0).state == domain::indicator_state::normal);
}
