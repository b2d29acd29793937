// A case classified after intake gets its SLA from the category: the deadline counts from
// the report, the reminder comes at 75 %, the overdue mark and its alert at the deadline —
// also when the service restarts in between. CAF's test coordinator and a manual clock.
#include <chrono>
#include <string>
#include <vector>

#include "actors/domain/iso_time.hpp"
#include "actors/oversight_protocol.hpp"
#include "tests/support/runtime_fixture.hpp"

using namespace cityops;
using namespace std::chrono_literals;
using domain::case_action;
using domain::event_type;

namespace {

constexpr auto start_ms = testing::runtime_fixture::start_ms;
constexpr std::int64_t hour_ms = domain::ms_per_hour;

struct classify_fixture : testing::runtime_fixture {
  classify_fixture() : runtime_fixture({}, /*start_now=*/false) {
    options.case_idle = 30s;
    options.sla_scan_interval = 1min;
  }
  std::uint64_t open_alerts() {
    auto n = ask_actor<std::uint64_t>(rt->alert_board(), alert_atom::value, queue_atom::value);
    REQUIRE(n.ok());
    return *n;
  }
};

using testing::event_types;

}  // namespace

TEST_CASE_METHOD(classify_fixture,
                 "classifying at verify sets the deadline, then reminder, overdue and alert follow, "
                 "also across a restart",
                 "[sla][intake]") {
  start();
  auto unclassified = report("");  // a hotline call nobody has classified yet
  auto created = ask(report_atom::value, unclassified);
  REQUIRE(created.ok());
  const auto id = created->id;
  CHECK(created->deadline_ms == 0);

  advance(1h);  // the seat classifies an hour later: the clock still counts from the report
  auto verify = action(case_action::verify);
  verify.category = "0101";  // 24 hours in the test city
  auto verified = ask(act_atom::value, id, verify);
  REQUIRE(verified.ok());
  CHECK(verified->category == "0101");
  CHECK(verified->deadline_ms == start_ms + 24 * hour_ms);
  CHECK(domain::reminder_due(*verified) == start_ms + 18 * hour_ms);

  stop();
  clock.advance(17h);  // down until just before the reminder point
  start();
  advance(1h + 1min);
  auto reminded = stored(id);
  CHECK(reminded.reminded);
  CHECK_FALSE(reminded.overdue);
  CHECK(open_alerts() == 0);  // a reminder raises no alert

  advance(6h);
  auto overdue = stored(id);
  CHECK(overdue.overdue);
  CHECK(event_types(overdue) == std::vector<event_type>{event_type::reported,
                                                        event_type::verified,
                                                        event_type::reminded,
                                                        event_type::overdue});
  CHECK(open_alerts() == 1);

  restart();
  CHECK(open_alerts() == 1);  // reloaded, not raised twice
  CHECK(stored(id).overdue);
}
