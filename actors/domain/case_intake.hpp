#pragma once
// Intake of a new report: validates what the reporter sent against the city model and
// produces the case's first event (`reported`), with the responsible node, the department
// routing proposes, and the SLA deadline. Pure; the caller allocates the id and the time.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/case_event.hpp"
#include "actors/domain/domain_error.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

// A report as parsed by the gateway. The phone number is already a salted hash here: raw
// numbers never enter the actor system.
struct new_case {
  case_source source = case_source::hotline;
  std::string text;
  std::string category;  // optional: "" leaves the case for an operator to classify
  std::string node;      // optional when lat/lon are given
  std::optional<double> lat;
  std::optional<double> lon;
  std::string address;
  std::string reporter_hash;
  std::string reporter_name;
  std::vector<std::string> media;
  case_priority priority = case_priority::normal;
  std::string reported_by;  // the authenticated principal filing it (a citizen app reads
                            // back only the cases it filed)
};

constexpr std::size_t max_text_bytes = 8000;

// The `reported` event (seq 1) for `report`, or the first field at fault.
result<case_event> decide_report(const new_case& report, std::int64_t now_ms,
                                 const config::city_model& city, const sla_calendar& calendar);

}  // namespace cityops::domain
