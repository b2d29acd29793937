#include "actors/domain/repeat_caller_detector.hpp"

#include <catch2/catch.hpp>

#include "tests/unit/actors/domain/risk_stream.hpp"

using namespace cityops::domain;
using namespace cityops::testing;

namespace {

const std::string caller = "a1b2c3d4e5f6a7b8c9d0";

}  // namespace

TEST_CASE("a caller's third case within the window raises one growing 一人多诉 episode",
          "[repeat_caller_detector]") {
  repeat_caller_detector d{{}};  // 3 cases in 168 h
  CHECK(d.observe(called(risk_obs(1, risk_t0, "0601"), caller)).empty());
  CHECK(d.observe(called(risk_obs(2, risk_t0 + day, "0301", "990001002001"), caller)).empty());
  const auto third = d.observe(called(risk_obs(3, risk_t0 + 2 * day, "0101"), caller));
  REQUIRE(third.size() == 1);
  const alert& a = third[0];
  CHECK(a.kind == alert_kind::repeat_caller);
  CHECK(a.id == "rc-a1b2c3d4e5f6-" + risk_case_id(1));
  CHECK(a.level == alert_level::yellow);
  CHECK(a.evidence.case_ids ==
        std::vector<std::string>{risk_case_id(1), risk_case_id(2), risk_case_id(3)});
  CHECK(a.evidence.count == 3);
  CHECK(a.evidence.subject == caller);
  CHECK(a.evidence.from_ms == risk_t0);
  CHECK(a.evidence.to_ms == risk_t0 + 2 * day);
  CHECK(a.at_ms == risk_t0 + 2 * day);
  CHECK(a.updated_ms == risk_t0 + 2 * day);
  CHECK(a.category.empty());  // across categories
  CHECK(a.node == "990001001001");  // the first case's report node
  CHECK(a.scope_nodes == std::vector<std::string>{"9900", "990001", "990001001", "990001001001"});

  // Later cases grow the same alert: orange from 6 cases, red from 9.
  std::vector<alert> last;
  for (int n = 4; n <= 9; ++n) {
    last = d.observe(called(risk_obs(n, risk_t0 + 2 * day + (n - 3) * day / 3, "0601"), caller));
    REQUIRE(last.size() == 1);
    CHECK(last[0].id == a.id);
    CHECK(last[0].at_ms == a.at_ms);
    CHECK(last[0].evidence.count == static_cast<std::uint32_t>(n));
    CHECK(last[0].level == (n >= 9 ? alert_level::red
                                   : n >= 6 ? alert_level::orange : alert_level::yellow));
  }
  CHECK(last[0].updated_ms == risk_t0 + 4 * day);
  REQUIRE(d.active_episodes(risk_t0 + 5 * day).size() == 1);
  CHECK(d.active_episodes(risk_t0 + 5 * day)[0].evidence.count == 9);
}

TEST_CASE("a caller with two unrelated cases, or cases weeks apart, stays silent",
          "[repeat_caller_detector]") {
  repeat_caller_detector d{{}};
  CHECK(d.observe(called(risk_obs(1, risk_t0, "0601"), caller)).empty());
  CHECK(d.observe(called(risk_obs(2, risk_t0 + 3 * day, "0101"), caller)).empty());
  // Eight days apart: never three within 168 h.
  for (int n = 3; n <= 8; ++n)
    CHECK(d.observe(called(risk_obs(n, risk_t0 + (n - 2) * 8 * day + 3 * day, "0301"), caller))
              .empty());
  // Anonymous cases are nobody's.
  for (int n = 10; n < 20; ++n) CHECK(d.observe(risk_obs(n, risk_t0 + 60 * day, "0301")).empty());
  CHECK(d.active_episodes(risk_t0 + 60 * day).empty());
}

TEST_CASE("a run after a quiet window is a new episode with a new id", "[repeat_caller_detector]") {
  repeat_caller_detector d{{}};
  for (int n = 1; n <= 3; ++n) d.observe(called(risk_obs(n, risk_t0 + n * day, "0601"), caller));
  REQUIRE(d.active_episodes(risk_t0 + 9 * day).size() == 1);  // last case + 6 days
  CHECK(d.active_episodes(risk_t0 + 11 * day).empty());       // 8 days of quiet: over
  CHECK(d.observe(called(risk_obs(4, risk_t0 + 11 * day, "0601"), caller)).empty());
  CHECK(d.observe(called(risk_obs(5, risk_t0 + 12 * day, "0601"), caller)).empty());
  const auto again = d.observe(called(risk_obs(6, risk_t0 + 13 * day, "0601"), caller));
  REQUIRE(again.size() == 1);
  CHECK(again[0].id == "rc-a1b2c3d4e5f6-" + risk_case_id(4));
  CHECK(again[0].evidence.count == 3);
}

TEST_CASE("one address called about by four different callers raises repeat_address",
          "[repeat_caller_detector]") {
  repeat_caller_detector d{{}};  // 4 callers in 168 h
  const std::string address = "芝罘区南大街12号";
  CHECK(d.observe(called(risk_obs(1, risk_t0, "0301"), "caller-1", address)).empty());
  CHECK(d.observe(called(risk_obs(2, risk_t0 + day, "0301"), "caller-2", address)).empty());
  // The same callers again are not new callers.
  CHECK(d.observe(called(risk_obs(3, risk_t0 + day, "0301"), "caller-1", address)).empty());
  CHECK(d.observe(called(risk_obs(4, risk_t0 + 2 * day, "0301"), "caller-3", address)).empty());
  const auto fourth =
      d.observe(called(risk_obs(5, risk_t0 + 3 * day, "0601"), "caller-4", address));
  REQUIRE(fourth.size() == 1);
  const alert& a = fourth[0];
  CHECK(a.kind == alert_kind::repeat_address);
  CHECK(a.id == "ra-" + hex_digest(address).substr(0, 12) + "-" + risk_case_id(1));
  CHECK(a.evidence.subject == address);
  CHECK(a.evidence.count == 5);
  CHECK(a.evidence.case_ids.size() == 5);
  CHECK(a.level == alert_level::yellow);
  CHECK(a.evidence.from_ms == risk_t0);
  CHECK(a.evidence.to_ms == risk_t0 + 3 * day);
  // Another case there grows it.
  const auto more = d.observe(called(risk_obs(6, risk_t0 + 4 * day, "0601"), "caller-5", address));
  REQUIRE(more.size() == 1);
  CHECK(more[0].id == a.id);
  CHECK(more[0].evidence.count == 6);
}

TEST_CASE("callers and addresses leave memory when their window passes",
          "[repeat_caller_detector]") {
  repeat_caller_detector d{{}};
  for (int n = 0; n < 5000; ++n) {
    const std::int64_t at = risk_t0 + static_cast<std::int64_t>(n) * 30 * minute_ms;
    d.observe(called(risk_obs(n, at, "0301"), "caller-" + std::to_string(n),
                     "address-" + std::to_string(n)));
  }
  // 30 minutes apart over 104 days: only the last 168 h (337 cases) are held, as callers and
  // as addresses.
  CHECK(d.tracked() <= 2 * 338);
  CHECK(d.tracked() >= 2 * 330);
}
