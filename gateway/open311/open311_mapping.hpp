#pragma once
// Our city model and cases as Open311 GeoReport v2 documents (document.hpp renders them as XML
// or JSON). Pure functions of their arguments; thread-safe.
//
// Services — one per minor category of the catalogue:
//   service_code = category code ("0101"), service_name = its name, description = major name,
//   name and SLA limit, metadata = true, type = realtime, keywords = the category's keywords
//   joined with ", " (null when none), group = the major category's name.
// Service definition — every service has the same single optional attribute `priority`
//   (singlevaluelist normal | urgent), which becomes the case's priority.
// Requests — one per case:
//   service_request_id = id, status = open | closed (closed: closed, followed_up, rejected,
//   merged; every other status is open), status_notes = the latest reason or result in the
//   history (null without one; "duplicate of <id>" for a merged case that gave none),
//   service_name / service_code = the case's current category (code "" and name null while
//   unclassified), description = text (cut to the spec's 4,000 characters),
//   agency_responsible = the department's name (null when none), service_notice = who handles
//   it and by when (null once closed), requested_datetime = reported at, updated_datetime =
//   last event, expected_datetime = deadline (null without one), address = the reported
//   address, else the names of the report location from most specific to most general,
//   address_id / zipcode = null, lat / long = the reporter's coordinates (null when the report
//   gave none), media_url = the first media URL (null when none).

#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "config/city_model.hpp"
#include "gateway/open311/document.hpp"

namespace cityops::gateway::open311 {

// The spec's limit on a request description, in characters.
inline constexpr std::size_t max_description_chars = 4000;

// The one attribute every service defines.
inline constexpr std::string_view priority_attribute = "priority";

// "open" or "closed".
std::string_view open311_status(domain::case_status s);
bool is_closed(domain::case_status s);

// GET services: <services><service>… / [{…}].
element service_list(const config::city_model& city);
// GET services/{code}: <service_definition> / {…}.
element service_definition(const config::category& c);

// One <request> of GET requests / requests/{id}.
element request_element(const domain::case_record& r, const config::city_model& city);
// <service_requests><request>… / [{…}], in the given order.
element request_list(const std::vector<domain::case_record>& cases,
                     const config::city_model& city);
// POST requests: [{service_request_id, service_notice, account_id: null}].
element created_list(const domain::case_record& r, const config::city_model& city);
// GET tokens/{token}: [{service_request_id, token}].
element token_list(const std::string& service_request_id, const std::string& token);

std::string status_notes(const domain::case_record& r);
std::string service_notice(const domain::case_record& r, const config::city_model& city);
std::string address_of(const domain::case_record& r, const config::city_model& city);


}  // namespace cityops::gateway::open311
