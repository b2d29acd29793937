#pragma once
// Case statuses and the kinds of stored events. Names are the wire names used in JSON and
// in the storage indexes, so they never change once released.

#include <cstdint>
#include <optional>
#include <string_view>

namespace cityops::domain {

enum class case_status : std::uint8_t {
  reported = 0,
  verified,
  rejected,     // 不予受理
  accepted,
  dispatched,
  returned,     // 退单, waiting for the dispatcher
  escalated,    // waiting at a parent tier node
  in_progress,
  handled,
  inspected,
  closed,
  followed_up,  // 回访 done
  merged,       // duplicate of another case
};

enum class event_type : std::uint8_t {
  reported = 1,
  verified,
  rejected,
  accepted,
  dispatched,
  returned,
  transferred,  // 转派 to another department
  escalated,
  started,
  handled,
  inspected,    // passed or failed (返工 → in_progress)
  closed,
  followed_up,
  extended,     // 延期
  supervised,   // 督办
  reopened,
  merged,
  reminded,              // 提醒: 75% of the SLA window has passed
  overdue,               // 超期
  extension_requested,   // a department asks for a later deadline
  extension_denied,
  assistance_requested,  // 协办: assisting departments named
  assistance_reported,   // an assisting department reports back
  reclassified,          // the category changed without a status move (an override)
  adjusted,              // the active scenarios' rules moved it (node, deadline, priority;
                         // a dispatched case recalled to its centre)
};

// Escalation rings: community→street, street→district, district→city.
enum class ring : std::uint8_t { none = 0, small, medium, large };

std::string_view to_string(case_status s);
std::string_view to_string(event_type t);
std::string_view to_string(ring r);
std::optional<case_status> parse_case_status(std::string_view s);
std::optional<event_type> parse_event_type(std::string_view s);
std::optional<ring> parse_ring(std::string_view s);

// Open cases still need work: everything except rejected, closed, followed_up and merged.
bool is_open(case_status s);

}  // namespace cityops::domain
