#pragma once
// What Open311 clients send, checked against the city model and turned into our types:
// the form of POST requests (a new case) and the query of GET requests (a filter). Problems
// come back as the spec's error list — every one found, not just the first — with 400 for
// bad or missing input and 404 for a service_code that does not exist. Pure; thread-safe.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_record.hpp"
#include "config/city_model.hpp"
#include "gateway/open311/document.hpp"
#include "gateway/open311/form_parser.hpp"

namespace cityops::gateway::open311 {

// POST requests. Reads service_code (required, a minor category code), lat + long (the case is
// placed at the nearest community) or else address_string (the case is placed at the city node
// for the city centre to route), address_id (refused: we keep no address repository unless
// lat/long or address_string come with it), description (≤ 4,000 characters), attribute[code]
// (`priority`: normal | urgent sets the priority; any other attribute is appended to the text
// as "code: value" lines, and without a description the text is made of the attributes
// alone), media_url (http or https), first_name, last_name, email (kept as the reporter's
// name), phone (salted hash, as POST /api/v1/cases). api_key, jurisdiction_id, device_id,
// account_id and unknown fields are not read here. The case's source is open311.
std::variant<domain::new_case, std::vector<error_item>> parse_service_request(
    const form_data& form, const config::city_model& city, std::string_view salt);

// The spec's response volume: at most 1,000 requests, over at most 90 days.
inline constexpr std::size_t max_listed_requests = 1000;
inline constexpr std::int64_t max_window_ms = 90LL * 24 * 3600 * 1000;
// At most this many ids in one service_request_id list.
inline constexpr std::size_t max_request_ids = 200;

// GET requests.
struct request_filter {
  // service_request_id given: exactly these (in order, duplicates and impossible ids dropped);
  // every other parameter is then ignored, as the spec says.
  bool by_id = false;
  std::vector<std::string> ids;
  std::vector<std::string> service_codes;  // empty: every service
  bool want_open = true;
  bool want_closed = true;
  std::int64_t from_ms = 0;  // requested_datetime >= from_ms
  std::int64_t to_ms = 0;    // requested_datetime <  to_ms; 0 = no upper bound

  // The service_code, status and date filters (not the ids).
  bool matches(const domain::case_record& r) const;
};

// `query` as http_request::query holds it (decoded). service_request_id, service_code and status
// are comma-separated lists and may also be repeated; status is open and/or closed;
// start_date / end_date are ISO 8601 with an offset or Z (a bare date YYYY-MM-DD is midnight
// in UTC+8; as end_date it includes that day), both inclusive, at most 90 days apart: only
// start_date → the 90 days from it; only end_date → the 90 days up to it; neither → the 90 days
// up to `now_ms`. jurisdiction_id and unknown parameters are ignored.
std::variant<request_filter, std::vector<error_item>> parse_request_filter(
    const std::multimap<std::string, std::string>& query, const config::city_model& city,
    std::int64_t now_ms);

}  // namespace cityops::gateway::open311
