// The festival war room at the scale of a real music festival (Yantai: 219 complaints and
// 913 shuttle-bus runs moving 54,500 visitors in one evening), replayed deterministically
// over six hours of simulated time: cases reported across the grounds, accepted at the desk,
// worked and closed by the stationed teams; buses dispatched and their runs recorded through
// the war room's own API. The board's counts match what was replayed, also after a restart,
// and the tally is journaled when the war room ends.
#include "tests/integration/runtime/war_room_support.hpp"

#include <algorithm>
#include <cstdio>

using namespace cityops;
using namespace cityops::testing;
using domain::case_action;

namespace {

constexpr int minutes = 6 * 60;
constexpr int cases_total = 219;
constexpr int runs_total = 913;
constexpr int buses = 16;
constexpr std::uint64_t people_total = 54'500;
// 633 runs of 60 and 280 of 59 make 54,500.
constexpr int full_runs = 633;

// How many of `total` events fall into minute `m` when spread evenly over the replay.
int share(int total, int m) { return (m + 1) * total / minutes - m * total / minutes; }

std::string bus_list() {
  std::string out;
  for (int i = 0; i < buses; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "bus-%02d", i);
    out += std::string(i ? "," : "") + R"({"id":")" + id + R"(","kind":"shuttle_bus","capacity":60})";
  }
  return out;
}

std::string bus(int run) {
  char id[8];
  std::snprintf(id, sizeof id, "bus-%02d", run % buses);
  return id;
}

struct open_case {
  std::string id;
  std::string department;
  std::int64_t reported_ms = 0;
};

}  // namespace

TEST_CASE_METHOD(war_room_fixture,
                 "a festival war room at Yantai scale counts 219 cases and 913 runs over six hours",
                 "[war_room]") {
  REQUIRE(activate(war_room_params(start_ms + 8 * 3600 * 1000LL, bus_list())).ok());
  std::vector<open_case> working;
  std::vector<std::int64_t> reported;
  std::vector<std::int64_t> run_times;
  int case_no = 0;
  int run_no = 0;
  std::uint64_t closed = 0;
  const domain::action_request passed = [] {
    auto q = action(case_action::inspect);
    q.passed = true;
    return q;
  }();

  for (int m = 0; m < minutes; ++m) {
    for (int i = share(cases_total, m); i > 0; --i, ++case_no) {
      const auto c = accepted(case_no % 3 ? "0601" : "0301",
                              case_no % 2 ? "990001001001" : "990001001002");
      REQUIRE(c.node == "990001002");
      REQUIRE(c.status == domain::case_status::dispatched);
      working.push_back({c.id, c.department, c.created_ms});
      reported.push_back(c.created_ms);
    }
    // The stationed teams finish what was reported 40 minutes ago; the desk closes it.
    while (!working.empty() && working.front().reported_ms <= clock.now_ms() - 40 * 60'000) {
      const auto c = working.front();
      working.erase(working.begin());
      for (const auto a : {case_action::start, case_action::handle}) {
        auto q = action(a, "team-1");
        q.result = "现场处置完毕";
        const auto moved = ask_actor<domain::case_record>(rt->network(), dept_act_atom::value,
                                                          c.department, c.id, q);
        INFO(c.id << " " << c.department << ": " << (moved.ok() ? "" : moved.error().message));
        REQUIRE(moved.ok());
      }
      REQUIRE(ask(act_atom::value, c.id, passed).ok());
      REQUIRE(ask(act_atom::value, c.id, action(case_action::close)).ok());
      ++closed;
    }
    for (int i = share(runs_total, m); i > 0; --i, ++run_no) {
      if (run_no % 7 == 0)
        REQUIRE_FALSE(call("POST", "resources/" + bus(run_no) + "/dispatch", R"({"to":"东门"})").error);
      const auto people = run_no < full_runs ? 60 : 59;
      const auto r = call("POST", "resources/" + bus(run_no) + "/runs",
                          R"({"people":)" + std::to_string(people) + R"(,"from":"东门","to":"地铁站","ref":"r)" +
                              std::to_string(run_no) + "\"}");
      REQUIRE(r.status == 201);
      run_times.push_back(clock.now_ms());
    }
    advance(std::chrono::minutes(1));
  }
  REQUIRE(case_no == cases_total);
  REQUIRE(run_no == runs_total);

  const auto now = clock.now_ms();
  const auto in_last_hour = [now](const std::vector<std::int64_t>& times) {
    return static_cast<std::uint64_t>(std::count_if(times.begin(), times.end(), [now](std::int64_t t) {
      return t > now - 3600 * 1000LL && t <= now;
    }));
  };
  const auto check_board = [&] {
    auto b = board();
    CHECK(count(b, "cases", "received") == cases_total);
    CHECK(count(b, "cases", "done") == closed);
    CHECK(count(b, "cases", "open") == cases_total - closed);
    CHECK(std::uint64_t(b["queue_total"]) == working.size());
    CHECK(count(b, "cases", "last_hour") == in_last_hour(reported));
    CHECK(count(b, "runs", "runs") == runs_total);
    CHECK(count(b, "runs", "people_moved") == people_total);
    CHECK(count(b, "last_hour", "runs") == in_last_hour(run_times));
    std::uint64_t per_bus = 0;
    for (simdjson::dom::element r : b["resources"].get_array()) per_bus += std::uint64_t(r["runs"]);
    CHECK(per_bus == runs_total);
  };
  check_board();
  const std::string before_restart = board_text;

  restart();
  check_board();
  CHECK(board_text == before_restart);

  // The war room ends: its tally is journaled.
  REQUIRE(deactivate().ok());
  auto h = ask_actor<scenario_history>(rt->scenarios(), scenario_atom::value, history_atom::value,
                                       history_request{"war_room", 0, 1});
  REQUIRE(h.ok());
  REQUIRE(h->items.size() == 1);
  CHECK(h->items[0].kind == "tally");
  CHECK(h->items[0].detail == R"({"received":219,"open":)" + std::to_string(cases_total - closed) +
                                  R"(,"runs":913,"people_moved":54500})");
}
