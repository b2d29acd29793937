// Fuzz target: the Open311 GeoReport v2 adapter, from bytes to the documents it answers.
// The input is one application/x-www-form-urlencoded body, used twice:
//   1. POST requests.{xml,json}: parse_form, parse_attributes, parse_service_request on the
//      embedded Yantai city; a request that passes goes through the intake
//      (domain::decide_report) and its record is rendered as the spec's created list and
//      request list, in XML and JSON.
//   2. GET requests.{xml,json}: the same pairs as a query string, parse_request_filter.
// Invariants: decoded names and values are valid UTF-8 without NUL, at most 256 pairs; an
// attribute code is non-empty without brackets; an accepted request has a known category, an
// open311 source, text within 4,000 characters of description (plus attributes), http(s)
// media, a hashed phone; errors are non-empty lists with a 4xx code and a description; every
// rendered document is well-formed (JSON reads back; XML is valid UTF-8, XML 1.0 characters
// only, balanced tags, no bare '<' or '&').
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_loader.hpp"
#include "gateway/open311/document.hpp"
#include "gateway/open311/form_parser.hpp"
#include "gateway/open311/open311_mapping.hpp"
#include "gateway/open311/open311_request.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/fuzz_json.hpp"
#include "tests/fuzz/fuzz_xml.hpp"

namespace {

using namespace cityops;
using namespace cityops::gateway;
using namespace cityops::gateway::open311;
using cityops::fuzz::check_xml;
using cityops::fuzz::shown;

constexpr std::string_view salt = "fuzz-salt";
constexpr std::int64_t now_ms = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00

const config::city_model& city() { return config::default_city().city; }

simdjson::dom::parser& out_parser() {
  static simdjson::dom::parser p;
  return p;
}

void check_document(const element& doc) {
  check_xml(to_xml(doc));
  fuzz::parse_json_or_die(out_parser(), to_json(doc), "Open311 JSON");
}

void check_errors(const std::vector<error_item>& errors) {
  FUZZ_CHECK(!errors.empty(), "an empty error list");
  for (const auto& e : errors) {
    FUZZ_CHECK(e.code >= 400 && e.code < 500, "error code " + std::to_string(e.code));
    FUZZ_CHECK(!e.description.empty(), "an error without a description");
    FUZZ_CHECK(is_valid_utf8(e.description), "error description not UTF-8: " +
                                                 shown(e.description));
  }
  for (format f : {format::xml, format::json}) {
    const http_response res = error_list_response(f, errors);
    FUZZ_CHECK(res.status >= 400 && res.status < 500, "error list answers " +
                                                          std::to_string(res.status));
    if (f == format::xml)
      check_xml(res.body);
    else
      fuzz::parse_json_or_die(out_parser(), res.body, "Open311 JSON error list");
  }
}

bool url_ok(std::string_view u) {
  const std::string head = ascii_lower(u.substr(0, 8));
  return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

void check_new_case(const domain::new_case& n) {
  FUZZ_CHECK(n.source == domain::case_source::open311, "an Open311 case of another source");
  FUZZ_CHECK(city().find_category(n.category) != nullptr,
             "accepted an unknown service_code " + shown(n.category));
  FUZZ_CHECK(is_valid_utf8(n.text) && n.text.find('\0') == std::string::npos,
             "text not UTF-8: " + shown(n.text));
  FUZZ_CHECK(n.node.empty() || city().find_node(n.node) != nullptr, "unknown node " + n.node);
  FUZZ_CHECK(n.lat.has_value() == n.lon.has_value(), "lat without long");
  if (n.lat) {
    FUZZ_CHECK(std::isfinite(*n.lat) && *n.lat >= -90 && *n.lat <= 90, "lat out of range");
    FUZZ_CHECK(std::isfinite(*n.lon) && *n.lon >= -180 && *n.lon <= 180, "long out of range");
  }
  FUZZ_CHECK(!n.node.empty() || n.lat, "a request placed nowhere");
  for (const auto& m : n.media) FUZZ_CHECK(url_ok(m), "media_url not http(s): " + shown(m));
  FUZZ_CHECK(n.reporter_hash.empty() || n.reporter_hash.size() == 64, "raw phone kept?");
  FUZZ_CHECK(is_valid_utf8(n.reporter_name) && is_valid_utf8(n.address), "name/address UTF-8");
}

void intake_and_render(const domain::new_case& n) {
  static const domain::sla_calendar calendar(city().calendar());
  auto decided = domain::decide_report(n, now_ms, city(), calendar);
  if (!decided.ok()) {
    // The intake may still refuse (e.g. text over 8,000 bytes): the route answers it as a
    // one-item error list.
    FUZZ_CHECK(!decided.error().message.empty(), "an intake error without a message");
    check_errors({error_item{400, decided.error().message}});
    return;
  }
  domain::case_record record;
  record.id = "3706-20261118-000001";
  domain::apply(record, decided.value());
  check_document(created_list(record, city()));
  check_document(request_list({record}, city()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)is_form_content_type(body.substr(0, 80));

  auto parsed = parse_form(body);
  if (auto* err = std::get_if<form_error>(&parsed)) {
    FUZZ_CHECK(!err->message.empty(), "a form error without a message");
    FUZZ_CHECK(is_valid_utf8(err->message), "form error message not UTF-8: " +
                                                shown(err->message));
    check_errors({error_item{400, err->message}});
    return 0;
  }
  const auto& form = std::get<form_data>(parsed);
  FUZZ_CHECK(form.fields.size() <= form_max_fields, "more fields than the limit");
  std::multimap<std::string, std::string> query;
  for (const auto& f : form.fields) {
    FUZZ_CHECK(is_valid_utf8(f.name) && f.name.find('\0') == std::string::npos,
               "field name not UTF-8 or with NUL: " + shown(f.name));
    FUZZ_CHECK(is_valid_utf8(f.value) && f.value.find('\0') == std::string::npos,
               "field value not UTF-8 or with NUL: " + shown(f.value));
    FUZZ_CHECK(form.get(f.name).has_value() && form.count(f.name) >= 1, "get/count disagree");
    query.emplace(f.name, f.value);
  }

  auto attributes = parse_attributes(form);
  if (auto* err = std::get_if<form_error>(&attributes)) {
    FUZZ_CHECK(!err->field.empty(), "an attribute error that names no field");
  } else {
    for (const auto& a : std::get<std::vector<form_attribute>>(attributes)) {
      FUZZ_CHECK(!a.code.empty() && a.code.find_first_of("[]") == std::string::npos,
                 "bad attribute code " + shown(a.code));
      FUZZ_CHECK(!a.values.empty(), "an attribute without values");
    }
  }

  auto report = parse_service_request(form, city(), salt);
  if (auto* errors = std::get_if<std::vector<error_item>>(&report)) {
    check_errors(*errors);
  } else {
    const auto& n = std::get<domain::new_case>(report);
    check_new_case(n);
    intake_and_render(n);
  }

  auto filter = parse_request_filter(query, city(), now_ms);
  if (auto* errors = std::get_if<std::vector<error_item>>(&filter)) {
    check_errors(*errors);
  } else {
    const auto& f = std::get<request_filter>(filter);
    if (f.by_id) {
      FUZZ_CHECK(f.ids.size() <= max_request_ids, "more ids than the limit");
      for (const auto& id : f.ids)
        FUZZ_CHECK(domain::plausible_case_id(id), "an impossible id kept: " + shown(id));
    } else {
      FUZZ_CHECK(f.to_ms == 0 || f.to_ms >= f.from_ms, "a reversed window");
      FUZZ_CHECK(f.to_ms == 0 || f.to_ms - f.from_ms <= max_window_ms + 24LL * 3600 * 1000,
                 "a window over 90 days");
      for (const auto& c : f.service_codes)
        FUZZ_CHECK(city().find_category(c) != nullptr, "an unknown service_code kept: " + c);
    }
  }
  return 0;
}
