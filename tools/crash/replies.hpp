#pragma once
// Reading the service's JSON replies into the verifier's terms: a case (GET, POST, action
// replies), an error, a listing page. Pure functions; nullopt when the body is not the
// expected shape.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/crash/verifier.hpp"

namespace cityops::crash {

struct case_reply {
  observed_case c;          // id, key (from text), status, history
  std::string department;   // "" when null
  bool pending_extension = false;  // "extension_requested" present
};

struct error_reply {
  std::string code;
  std::string status;  // illegal_transition: the current status
  std::string field;
};

struct listing_page {
  std::vector<listed_case> items;
  std::string next_cursor;  // "" when null: the listing is complete
};

std::optional<case_reply> parse_case_reply(std::string_view body);
std::optional<error_reply> parse_error_reply(std::string_view body);
std::optional<listing_page> parse_listing_page(std::string_view body);

// The entry of `history` written by `by`, searching from the newest; null when none.
const observed_event* find_event_by(const std::vector<observed_event>& history,
                                    const std::string& by);

}  // namespace cityops::crash
