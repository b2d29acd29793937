#pragma once
// One stored event of a case's history. Every move of the state machine produces exactly one
// event; the case record is the fold of its events (case_record.hpp). Fields that do not apply
// to an event type stay at their defaults and are not encoded (storage/event_codec).

#include <cstdint>
#include <string>
#include <vector>

#include "actors/domain/case_status.hpp"

namespace cityops::domain {

enum class case_source : std::uint8_t { hotline = 0, grid, video, iot, app, open311 };
enum class case_priority : std::uint8_t { normal = 0, urgent };

std::string_view to_string(case_source s);
std::string_view to_string(case_priority p);
std::optional<case_source> parse_case_source(std::string_view s);
std::optional<case_priority> parse_case_priority(std::string_view s);

// What a reporter submitted; carried by the `reported` event only.
struct report_details {
  case_source source = case_source::hotline;
  std::string text;
  std::string category;       // minor category code
  double lat = 0;
  double lon = 0;
  bool has_location = false;  // lat/lon given by the reporter
  std::string address;
  std::string reporter_hash;  // salted hash of the phone number, never the number itself
  std::string reporter_name;
  std::vector<std::string> media;
  case_priority priority = case_priority::normal;
  std::string reported_by;    // the API principal (token owner) that filed it; "" before auth
};

struct case_event {
  std::uint32_t seq = 0;   // 1-based position in the case's history
  event_type type = event_type::reported;
  std::int64_t at_ms = 0;  // unix time, milliseconds
  std::string by;          // who moved it: operator, department id, or "system"
  case_status status = case_status::reported;  // status after the event
  std::string node;        // responsible tier node after the event
  std::string department;  // assigned department after the event ("" = none)
  std::string reason;
  std::string category;    // set when the event (re)classifies the case

  // escalated
  domain::ring ring = domain::ring::none;
  std::string from_node;
  std::string to_node;
  // handled
  std::string result;
  // inspected
  bool passed = false;
  // followed_up: 1..5
  std::int32_t satisfaction = 0;
  // reported (initial deadline), dispatched / extended / reopened (new deadline)
  std::int64_t deadline_ms = 0;
  // merged
  std::string into;
  // reported: the report node and its ancestors, city first (for subtree queries)
  std::vector<std::string> location_path;
  // assistance_requested: the assisting departments; assistance_reported: the reporter
  std::vector<std::string> assistants;
  // extension_requested: the deadline asked for
  std::int64_t until_ms = 0;
  // supervised: the city or district centre that supervises
  std::string supervisor_node;
  // reported
  report_details report;
};

}  // namespace cityops::domain
