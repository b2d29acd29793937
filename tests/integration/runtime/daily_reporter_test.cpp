// The daily reporter over real actors and a real store, driven by CAF's test coordinator and
// a manual wall clock: at the daily time it publishes the day before's 每日信息, numbered on
// from 第1期, which reads the same when asked again and after a restart; today's report is
// provisional and not stored; a future day is refused naming `date`.
#include <chrono>
#include <string>

#include "actors/domain/iso_time.hpp"
#include "actors/report_protocol.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;

namespace {

struct reporter_fixture : testing::runtime_fixture {
  reporter_fixture() : runtime_fixture(reporter_options()) {}
  static city_runtime::options reporter_options() {
    city_runtime::options o;
    o.case_idle = 48h;
    o.sla_scan_interval = 24h * 30;
    o.reports.issuer = "测试市城运中心";
    o.reports.daily_at_minute = 8 * 60 + 30;
    return o;
  }
  std::int64_t today() const { return domain::china_local_day(clock.now_ms()); }
  domain::result<daily_report_doc> get(std::int64_t day) {
    return ask_actor<daily_report_doc>(rt->daily_reporter(), daily_atom::value, get_atom::value,
                                       day);
  }
  // Advances the clock to the next local 08:31.
  void to_next_morning() {
    const auto now = clock.now_ms();
    const auto next = (today() + 1) * domain::ms_per_day - domain::china_offset_ms +
                      (8 * 60 + 31) * 60'000LL;
    advance(std::chrono::milliseconds(next - now));
  }
};

}  // namespace

TEST_CASE_METHOD(reporter_fixture, "the day before's report is published once, numbered, and "
                                   "reads the same after a restart",
                 "[daily_reporter]") {
  const auto first_day = today();
  for (int i = 0; i < 3; ++i) REQUIRE(ask(report_atom::value, report("0601", "990001001")).ok());

  auto provisional = get(first_day);
  REQUIRE(provisional.ok());
  CHECK(provisional->provisional);
  CHECK(provisional->number == 0);
  CHECK(provisional->json.find(R"("total":{"count":3)") != std::string::npos);

  to_next_morning();
  auto published = get(first_day);
  REQUIRE(published.ok());
  CHECK_FALSE(published->provisional);
  // 第1期 went to the day before the first (made at start when the daily time had passed).
  CHECK(published->number >= 1);
  CHECK(published->json.find("测试市城运中心 每日信息") != std::string::npos);
  CHECK(published->json.find(R"("total":{"count":3)") != std::string::npos);
  CHECK(published->html.find("<h1>每日信息</h1>") != std::string::npos);

  // More cases of that day's kind arrive today: the published report does not change.
  REQUIRE(ask(report_atom::value, report("0601", "990001001")).ok());
  CHECK(get(first_day)->json == published->json);

  to_next_morning();
  auto second = get(first_day + 1);
  REQUIRE(second.ok());
  CHECK(second->number == published->number + 1);

  restart();
  auto again = get(first_day);
  REQUIRE(again.ok());
  CHECK(again->json == published->json);
  CHECK(again->html == published->html);

  auto future = get(today() + 1);
  REQUIRE_FALSE(future.ok());
  CHECK(future.error().field == "date");
}
