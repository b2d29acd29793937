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

// HTTP status for a domain error code: 400 for bad input, 404, 409, 503, 504, 500.
int http_status_for(domain::error_code code);
// The API's error body for a domain error (illegal_transition adds `status` and `allowed`).
http_response domain_error_response(const domain::domain_error& e);

}  // namespace cityops::gateway
