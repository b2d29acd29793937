#pragma once
// JSON checks of the gateway's output for the fuzz targets (simdjson, the parser the gateway
// reads with).

#include <simdjson.h>

#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_check.hpp"

namespace cityops::fuzz {

// Parses `text` as JSON (simdjson, the same parser the gateway reads with); the document
// lives in `parser` until its next parse.
inline simdjson::dom::element parse_json_or_die(simdjson::dom::parser& parser,
                                                std::string_view text, const char* what) {
  simdjson::dom::element doc;
  const auto err = parser.parse(simdjson::padded_string(text)).get(doc);
  FUZZ_CHECK(!err, std::string(what) + " is not JSON (" + simdjson::error_message(err) +
                       "): " + shown(text));
  return doc;
}

// The api.md error body {"error": {"code", "message", "field"?}}: returns the field ("" when
// absent) after checking the shape.
inline std::string check_error_body(simdjson::dom::parser& parser, std::string_view body) {
  auto doc = parse_json_or_die(parser, body, "error body");
  simdjson::dom::object error;
  FUZZ_CHECK(!doc["error"].get(error), "error body without an error object: " + shown(body));
  std::string_view code, message, field;
  FUZZ_CHECK(!error["code"].get(code) && !code.empty(), "error without a code: " + shown(body));
  FUZZ_CHECK(!error["message"].get(message) && !message.empty(),
             "error without a message: " + shown(body));
  if (error["field"].get(field)) return {};
  FUZZ_CHECK(!field.empty(), "error with an empty field member: " + shown(body));
  return std::string(field);
}

}  // namespace cityops::fuzz
