#pragma once
// Observations for the risk detectors' tests, in the miniature test city
// (tests/support/test_city.hpp): district 990001, streets 990001001 (communities
// 990001001001, 990001001002) and 990001002 (community 990001002001).

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "actors/domain/alert.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/domain/risk_observation.hpp"

namespace cityops::testing {

// Monday 2026-01-05 00:00 in UTC+8: the streams start on a week's first hour.
inline constexpr std::int64_t risk_t0 = 1'767'542'400'000;
inline constexpr std::int64_t minute_ms = 60'000;
inline constexpr std::int64_t hour = domain::ms_per_hour;
inline constexpr std::int64_t day = domain::ms_per_day;

inline std::string risk_case_id(int n) {
  std::string digits = std::to_string(n);
  return "9900-20260105-" + std::string(digits.size() < 6 ? 6 - digits.size() : 0, '0') + digits;
}

// A case of `category` reported at community `community` (one of the three) at `at_ms`.
inline domain::risk_observation risk_obs(int n, std::int64_t at_ms, std::string category,
                                         const std::string& community = "990001001001") {
  domain::risk_observation o;
  o.case_id = risk_case_id(n);
  o.at_ms = at_ms;
  o.category = std::move(category);
  o.district = "990001";
  o.street = community.substr(0, 9);
  o.scope_nodes = {"9900", "990001", o.street, community};
  return o;
}

inline domain::risk_observation located(domain::risk_observation o, double lat, double lon) {
  o.lat = lat;
  o.lon = lon;
  o.has_location = true;
  return o;
}

inline domain::risk_observation called(domain::risk_observation o, std::string hash,
                                       std::string address = "") {
  o.reporter_hash = std::move(hash);
  o.address_key = std::move(address);
  return o;
}

inline std::set<std::string> alert_ids(const std::vector<domain::alert>& alerts,
                                       domain::alert_kind kind) {
  std::set<std::string> ids;
  for (const auto& a : alerts)
    if (a.kind == kind) ids.insert(a.id);
  return ids;
}

}  // namespace cityops::testing
