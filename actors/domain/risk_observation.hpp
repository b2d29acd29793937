#pragma once
// What the risk watch's detectors (一人多诉, 新发高发, 集中爆发) see of a case: when it was
// reported, its category, the district and street it was reported in, who called, where
// (normalised address, position) and the tier nodes whose operators may see alerts about it.
// Built from a committed case state by observe(); the detectors themselves never touch a
// case_record or the city model. Pure: no CAF, no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "actors/domain/simplified_chinese.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

struct risk_observation {
  std::string case_id;
  std::int64_t at_ms = 0;        // when the case was reported (created_ms)
  std::string category;          // current category, else the reported one; "" unclassified
  std::string district;          // district node of the report location, "" if none
  std::string street;            // street node of the report location, "" if none
  std::string reporter_hash;     // salted phone hash, "" when anonymous
  std::string address_key;       // address_key(report.address), "" when no address
  double lat = 0;
  double lon = 0;
  bool has_location = false;     // lat/lon given by the reporter
  // The report node and its ancestors, city first (the case's location path; when it has
  // none, the node it is held at and that node's ancestors).
  std::vector<std::string> scope_nodes;
};

// The form of an address two callers of the same building share: traditional → simplified,
// full-width → half-width, lower case, whitespace and punctuation dropped
// (normalize_for_matching, as the text matchers use). "" for an address with nothing left.
std::string address_key(std::string_view address, const simplified_chinese& simplifier);

// The observation of `record` (its current category, its reported location path), with the
// district and street picked from the path by their tier in `city`.
risk_observation observe(const case_record& record, const config::city_model& city,
                         const simplified_chinese& simplifier);

// The same with a converter built once per process on first use (loading OpenCC's table
// takes a moment; callers that already own a simplified_chinese pass it instead).
risk_observation observe(const case_record& record, const config::city_model& city);

}  // namespace cityops::domain
