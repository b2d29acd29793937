#pragma once
// JSON views of domain objects for the REST API (docs/api.md shapes). Only what a
// client may see: the reporter's phone hash is never written.

#include <string>

#include "actors/domain/case_record.hpp"
#include "config/city_model.hpp"
#include "actors/domain/domain_error.hpp"
#include "gateway/http_types.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

// The case with its whole history, oldest event first.
// `city` (optional) names the categories of the classification's runners-up.
void write_case(json_writer& w, const domain::case_record& r, bool with_history = true,
                const config::city_model* city = nullptr);
void write_event(json_writer& w, const domain::case_event& e);
// Members of the case view that other views share: "classification" (with the runners-up's
// names when `city` is given), "risk" (omitted when the text holds no risk word) and the
// reporter's "history".
void write_classification(json_writer& w, const domain::classification_result& c,
                          const config::city_model* city);
void write_risk(json_writer& w, const domain::risk_mark& m);
void write_reporter_history(json_writer& w, const domain::reporter_summary& h);

// HTTP status for a domain error code: 400 for bad input, 404, 409, 503, 504, 500.
int http_status_for(domain::error_code code);
// The API's error body for a domain error (illegal_transition adds `status` and `allowed`).
http_response domain_error_response(const domain::domain_error& e);

}  // namespace cityops::gateway
