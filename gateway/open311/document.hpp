#pragma once
// An Open311 response as one tree that renders to both formats the spec defines. The JSON is
// the spec's "Spark convention" mapping of the XML:
//
//   list "services" of objects "service"  ->  <services><service>…</service>…</services>
//                                         ->  [{…}, …]
//   object "service_definition"           ->  <service_definition>…</service_definition>
//                                         ->  {…}
//   member text / number / boolean / null ->  <name>text</name>, <name/> for null
//                                         ->  "name": "text" | 1.5 | true | null
//
// A list member inside an object (service definition attributes, attribute values) renders
// as <attributes><attribute>…</attribute></attributes> and "attributes": [{…}].

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/http_types.hpp"

namespace cityops::gateway::open311 {

enum class format { xml, json };

// "xml" / "json" -> format; anything else -> false.
bool parse_format(std::string_view ext, format& out);

// Splits "0101.json" into ("0101", "json"); no '.' -> (whole, "").
std::pair<std::string, std::string> split_extension(std::string_view file);

struct element {
  enum class kind { text, integer, number, boolean, null, object, list };
  kind type = kind::null;
  std::string name;  // member name; for a list: its XML element, e.g. "services"
  std::string text;
  std::int64_t integer = 0;
  double number = 0;
  bool flag = false;
  std::string item_name;            // list: the XML element of each item, e.g. "service"
  std::vector<element> children;    // object members, or list items (objects)

  static element object(std::string name);
  static element list(std::string name, std::string item_name);

  // Appending members (objects) — chainable.
  element& add_text(std::string name, std::string value);
  element& add_text_or_null(std::string name, std::string value);  // "" -> null
  element& add_integer(std::string name, std::int64_t value);
  element& add_number(std::string name, double value);
  element& add_boolean(std::string name, bool value);
  element& add_null(std::string name);
  // Appends a child object or list and returns it.
  element& add(element child);
};

std::string to_json(const element& root);
std::string to_xml(const element& root);

// Content-Type of each format, with charset=utf-8 as the spec asks.
std::string_view content_type(format f);

// The rendered document as an HTTP response.
http_response render(int status, format f, const element& root);

// The spec's error list: <errors><error><code/><description/></error></errors>, JSON
// [{"code": 400, "description": "…"}]. `code` is the HTTP status of that error.
struct error_item {
  int code = 400;
  std::string description;
};
// HTTP status: 400 when any error is a 400, else the first error's code.
http_response error_list_response(format f, const std::vector<error_item>& errors);
http_response error_list_response(format f, int code, std::string description);

}  // namespace cityops::gateway::open311
