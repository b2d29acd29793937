#pragma once
// Request bodies of the case API, parsed and checked field by field. Failures are
// input_errors naming the field (json_input.hpp); the domain checks what needs the city model.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "gateway/json_input.hpp"

namespace cityops::gateway {

// POST /api/v1/cases. `salt` hashes the reporter's phone (reporter_hash.hpp).
std::variant<domain::new_case, input_error> parse_new_case(std::string_view body,
                                                           std::string_view salt);

// POST /api/v1/cases/{id}/actions/{action}; an empty body counts as {}. `by` is optional
// here (the routes default it to the caller's name); the state machine requires it.
std::variant<domain::action_request, input_error> parse_action(domain::case_action action,
                                                               std::string_view body);

}  // namespace cityops::gateway
