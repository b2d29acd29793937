#include <catch2/catch.hpp>

#include "gateway/case_json.hpp"

using namespace cityops;
using domain::error_code;

TEST_CASE("domain errors map to the HTTP statuses docs/api.md lists", "[gateway][errors]") {
  using gateway::http_status_for;
  CHECK(http_status_for(error_code::invalid_field) == 400);
  CHECK(http_status_for(error_code::forbidden) == 403);
  CHECK(http_status_for(error_code::not_found) == 404);
  CHECK(http_status_for(error_code::conflict) == 409);
  CHECK(http_status_for(error_code::quarantined) == 423);
  CHECK(http_status_for(error_code::internal) == 500);
  CHECK(http_status_for(error_code::storage_failure) == 503);
  CHECK(http_status_for(error_code::overloaded) == 503);
  CHECK(http_status_for(error_code::timeout) == 504);
}

TEST_CASE("a failed write is 503 storage_failure with Retry-After", "[gateway][errors]") {
  const auto res = gateway::domain_error_response(
      domain::field_error(error_code::storage_failure, "", "the report was not stored: disk"));
  CHECK(res.status == 503);
  CHECK(res.body.find("\"code\":\"storage_failure\"") != std::string::npos);
  bool retry_after = false;
  for (const auto& [name, value] : res.headers) retry_after |= name == "Retry-After" && value == "1";
  CHECK(retry_after);
  CHECK(domain::to_string(error_code::internal) == "internal");
  CHECK(domain::parse_error_code("internal") == error_code::internal);
}
