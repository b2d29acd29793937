// The poison-message policy (domain/quarantine.hpp) and the alert of a quarantine.
#include <catch2/catch.hpp>

#include "actors/domain/alert_rules.hpp"
#include "actors/domain/quarantine.hpp"
#include "tests/support/test_city.hpp"

using namespace cityops::domain;

TEST_CASE("failure_tracker reaches its threshold per case and forgets on release",
          "[quarantine]") {
  failure_tracker t;
  CHECK(t.threshold() == 2);
  CHECK_FALSE(t.reached(t.record("a")));
  CHECK_FALSE(t.reached(t.record("b")));  // another case counts apart
  CHECK(t.reached(t.record("a")));
  t.forget("a");
  CHECK_FALSE(t.reached(t.record("a")));
  CHECK(failure_tracker(0).threshold() == 1);  // never zero: one failure at least
}

TEST_CASE("a quarantine alert is scoped by the stored case, or city-wide without it",
          "[quarantine][alert_rules]") {
  const auto city = cityops::testing::make_test_city();
  quarantine_entry q{"9900-20261118-000001", "decoder overflow", 1795000000000, 2};
  case_record r;
  r.id = q.case_id;
  r.node = "990001001";
  r.department = "990001001.squad";
  r.category = "0601";
  r.version = 4;
  r.location_path = {"9900", "990001", "990001001", "990001001001"};
  const auto a = quarantine_alert(q, &r, city);
  CHECK(a.kind == alert_kind::quarantined);
  CHECK(a.id == "9900-20261118-000001-q1795000000000");
  CHECK(a.seq == 4);
  CHECK(a.node == "990001001");
  CHECK(a.department == "990001001.squad");
  CHECK(a.message.find("decoder overflow") != std::string::npos);
  CHECK(in_scope(a, alert_scope{"990001001001", ""}));
  CHECK_FALSE(in_scope(a, alert_scope{"990002", ""}));
  const auto bare = quarantine_alert(q, nullptr, city);
  CHECK(bare.node == city.city_id);
  CHECK(in_scope(bare, alert_scope{city.city_id, ""}));
  CHECK(bare.id == a.id);  // the same quarantine is the same alert
  CHECK(to_string(alert_kind::quarantined) == "quarantined");
  CHECK(parse_alert_kind("quarantined") == alert_kind::quarantined);
}
