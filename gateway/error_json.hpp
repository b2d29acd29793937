#pragma once
// api.md's error shape: {"error": {"code": "...", "message": "...", "field": "..."}}.

#include <functional>
#include <string>
#include <string_view>

#include "gateway/http_types.hpp"
#include "gateway/json_input.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

// `field` is written only when non-empty; `extra` may add members inside the "error" object
// (e.g. illegal_transition's "status" and "allowed").
http_response error_response(int status, std::string_view code, std::string_view message,
                             std::string_view field = {},
                             const std::function<void(json_writer&)>& extra = {});

// 400 with the reader's error (invalid_json / missing_field / invalid_field + field).
http_response error_response(const input_error& e);

// 503 `overloaded` with Retry-After.
http_response overloaded_response(std::string_view message, int retry_after_seconds = 1);

// A JSON body as is.
http_response json_response(int status, std::string body);

}  // namespace cityops::gateway
