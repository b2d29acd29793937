// The risk watches over real actors and a real store, driven by CAF's test coordinator and a
// manual wall clock: a report holding a risk word raises its alert at once; a burst of reports
// in one place is one cluster alert that grows; one caller's third case raises 一人多诉; a
// restart in the middle of a window forgets nothing and fires nothing twice.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "actors/domain/sensitive_matcher.hpp"
#include "actors/oversight_protocol.hpp"
#include "config/city_loader.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::alert_kind;
using domain::alert_level;
using domain::alert_status;

namespace {

struct risk_fixture : testing::runtime_fixture {
  risk_fixture() : runtime_fixture({}, /*start_now=*/false) {
    settings.lexicon = config::default_city().risk.lexicon;
    settings.cluster.min_reports = 5;
    settings.cluster.radius_m = 300;
    settings.cluster.window_minutes = 60;
    settings.repeat.min_cases = 3;
    settings.repeat.window_hours = 168;
    options.risk = &settings;
    options.sensitive_words = std::make_shared<const domain::sensitive_matcher>(settings.lexicon);
    start();
  }

  // A grid report at (lat, lon) in community 990001001001, by `caller` ("" = anonymous).
  domain::case_record report(const std::string& text, double lat, double lon,
                             const std::string& caller = "", const std::string& category = "0101") {
    domain::new_case n;
    n.source = domain::case_source::hotline;
    n.text = text;
    n.category = category;
    n.node = "990001001001";
    n.lat = lat;
    n.lon = lon;
    n.reporter_hash = caller;
    auto r = ask(report_atom::value, n);
    REQUIRE(r.ok());
    return *r;
  }

  std::vector<domain::alert> alerts_of(alert_kind kind) {
    alert_query q;
    q.status = alert_status::open;
    q.limit = 1000;
    auto page = ask_actor<alert_list>(rt->store(), alert_atom::value, list_atom::value, q);
    REQUIRE(page.ok());
    std::vector<domain::alert> out;
    for (auto& a : page->items)
      if (a.kind == kind) out.push_back(std::move(a));
    return out;
  }

  // Every watch has replayed the store and fed what came since.
  void settle() {
    for (const auto& w : rt->risk_watches()) REQUIRE(ask_actor<std::uint64_t>(w, queue_atom::value).ok());
  }

  config::risk_settings settings;
};

constexpr double lat0 = 37.5400;
constexpr double lon0 = 121.3900;
// About 50 m north per step at this latitude.
double north(int steps) { return lat0 + 0.00045 * steps; }

}  // namespace

TEST_CASE_METHOD(risk_fixture, "a risk word in a report raises its alert at once, red for 极端诉求",
                 "[risk_watch]") {
  const auto c = report("物业再不管，我就去市政府门口拉横幅，跳 楼给他们看", lat0, lon0);
  CHECK(c.report.priority == domain::case_priority::urgent);
  settle();
  const auto found = alerts_of(alert_kind::sensitive_words);
  REQUIRE(found.size() == 1);
  const auto& a = found[0];
  CHECK(a.id == c.id + "-w");
  CHECK(a.level == alert_level::red);
  CHECK(a.case_id == c.id);
  CHECK(a.evidence.word_class == "extreme_demand");
  CHECK(std::find(a.evidence.words.begin(), a.evidence.words.end(), "跳楼") !=
        a.evidence.words.end());
  CHECK(std::find(a.scope_nodes.begin(), a.scope_nodes.end(), "990001") != a.scope_nodes.end());

  report("路灯不亮了", north(40), lon0);  // nothing to see
  settle();
  CHECK(alerts_of(alert_kind::sensitive_words).size() == 1);
}

TEST_CASE_METHOD(risk_fixture, "a burst of 200 reports in one place is one cluster alert",
                 "[risk_watch]") {
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    ids.push_back(report("小区门口水管爆了，水流到马路上", lat0 + 0.00001 * (i % 7),
                         lon0 + 0.00001 * (i % 5), "", "0301")
                      .id);
    if (i % 10 == 0) advance(10s);
  }
  settle();
  const auto clusters = alerts_of(alert_kind::cluster);
  REQUIRE(clusters.size() == 1);
  const auto& a = clusters[0];
  CHECK(a.evidence.count == 200);
  CHECK(a.evidence.case_ids.front() == ids.front());
  CHECK(a.evidence.case_ids.size() <= domain::alert_evidence_max_cases);
  CHECK(a.level == alert_level::red);  // 10 × the minimum
  // Other detectors may see the burst too (高发), each as one episode, never 200 alerts.
  CHECK(alerts_of(alert_kind::high_frequency).size() <= 2);  // district and street

  // Reports spread over the city are no cluster.
  for (int i = 0; i < 6; ++i) report("井盖松动", north(20 * (i + 1)), lon0);
  settle();
  CHECK(alerts_of(alert_kind::cluster).size() == 1);
}

TEST_CASE_METHOD(risk_fixture, "one caller's third case within the window raises 一人多诉",
                 "[risk_watch]") {
  report("楼上漏水到我家", north(10), lon0, "hash-a", "0301");
  advance(2h);
  report("路灯不亮", north(30), lon0, "hash-a", "0601");
  settle();
  CHECK(alerts_of(alert_kind::repeat_caller).empty());  // two unrelated cases: silent
  advance(2h);
  const auto third = report("还是漏水，没人管", north(10), lon0, "hash-a", "0301");
  settle();
  const auto found = alerts_of(alert_kind::repeat_caller);
  REQUIRE(found.size() == 1);
  CHECK(found[0].evidence.count == 3);
  CHECK(found[0].evidence.case_ids.back() == third.id);
}

TEST_CASE_METHOD(risk_fixture, "a restart in the middle of a window forgets nothing, fires nothing twice",
                 "[risk_watch]") {
  // Three reports of a burst, then the service restarts: the cluster is not there yet.
  for (int i = 0; i < 3; ++i) report("燃气管道冒泡", lat0, lon0 + 0.00002 * i, "", "0301");
  settle();
  CHECK(alerts_of(alert_kind::cluster).empty());
  restart();
  settle();
  advance(5min);
  // Two more after the restart: the replay remembered the first three.
  for (int i = 0; i < 2; ++i) report("燃气管道冒泡", lat0, lon0 + 0.00002 * i, "", "0301");
  settle();
  auto clusters = alerts_of(alert_kind::cluster);
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0].evidence.count == 5);
  const auto id = clusters[0].id;

  // Restart again with the cluster raised: the replay finds the same episode (same id), the
  // board keeps one alert, and the next report grows it.
  restart();
  settle();
  report("燃气管道冒泡", lat0, lon0, "", "0301");
  settle();
  clusters = alerts_of(alert_kind::cluster);
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0].id == id);
  CHECK(clusters[0].evidence.count == 6);
}
