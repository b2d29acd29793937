#include "actors/domain/dispatch_planner.hpp"

#include <catch2/catch.hpp>

#include "tests/support/test_city.hpp"

using namespace cityops::domain;
using kind = dispatch_plan::kind;

namespace {

case_record waiting(case_status status, std::string node, std::string category) {
  case_record r;
  r.id = "9900-20261118-000001";
  r.version = 3;
  r.status = status;
  r.node = std::move(node);
  r.category = std::move(category);
  return r;
}

}  // namespace

TEST_CASE("an accepted case escalates by itself when its tier has no department",
          "[dispatch_planner]") {
  const auto city = cityops::testing::make_test_city();
  const auto plan = plan_dispatch(waiting(case_status::accepted, "990001001001", "0601"), city, {});
  CHECK(plan.what == kind::escalate);
  CHECK_THAT(plan.reason, Catch::Contains("0601"));
}

TEST_CASE("an accepted case with a department at its tier waits for the operator unless "
          "dispatch_on_accept",
          "[dispatch_planner]") {
  const auto city = cityops::testing::make_test_city();
  const auto r = waiting(case_status::accepted, "990001001", "0601");
  CHECK(plan_dispatch(r, city, {}).what == kind::wait);
  dispatch_policy eager;
  eager.dispatch_on_accept = true;
  const auto plan = plan_dispatch(r, city, eager);
  CHECK(plan.what == kind::dispatch);
  CHECK(plan.department == "990001001.squad");
}

TEST_CASE("escalated cases climb until a tier handles them, the city waits", "[dispatch_planner]") {
  const auto city = cityops::testing::make_test_city();
  CHECK(plan_dispatch(waiting(case_status::escalated, "990001001", "0101"), city, {}).what ==
        kind::escalate);
  CHECK(plan_dispatch(waiting(case_status::escalated, "990001", "0101"), city, {}).what ==
        kind::escalate);
  const auto at_city = plan_dispatch(waiting(case_status::escalated, "9900", "0101"), city, {});
  CHECK(at_city.what == kind::dispatch);
  CHECK(at_city.department == "city.municipal_maintenance");
  CHECK(plan_dispatch(waiting(case_status::escalated, "9900", "0601"), city, {}).what ==
        kind::wait);
}

TEST_CASE("returned cases go to the next candidate, then up, and escalate past the limit",
          "[dispatch_planner]") {
  const auto city = cityops::testing::make_test_city();
  auto r = waiting(case_status::returned, "990001001", "0601");
  r.return_count = 1;
  CHECK(plan_dispatch(r, city, {}).department == "990001001.squad");
  r.returned_by = {"990001001.squad"};
  CHECK(plan_dispatch(r, city, {}).what == kind::escalate);
  r.returned_by.clear();
  r.return_count = 4;
  const auto plan = plan_dispatch(r, city, {});
  CHECK(plan.what == kind::escalate);
  CHECK_THAT(plan.reason, Catch::Contains("4"));
}

TEST_CASE("unclassified or busy cases are left alone", "[dispatch_planner]") {
  const auto city = cityops::testing::make_test_city();
  CHECK(plan_dispatch(waiting(case_status::accepted, "990001001", ""), city, {}).what == kind::wait);
  CHECK(plan_dispatch(waiting(case_status::in_progress, "990001001", "0601"), city, {}).what ==
        kind::wait);
}
