#include "gateway/case_request.hpp"

#include "actors/domain/iso_time.hpp"
#include "gateway/reporter_hash.hpp"

namespace cityops::gateway {
namespace {

constexpr std::size_t short_text = 200;
constexpr std::size_t reason_text = 2000;

}  // namespace

std::variant<domain::new_case, input_error> parse_new_case(std::string_view body,
                                                           std::string_view salt) {
  json_object_reader in;
  if (auto err = json_object_reader::parse(body, in)) return *err;
  domain::new_case n;
  const auto source = in.string("source", true, 16);
  n.text = in.string("text", true, domain::max_text_bytes).value_or("");
  n.category = in.string("category", false, 16).value_or("");
  n.node = in.string("node", false, 24).value_or("");
  n.lat = in.number("lat");
  n.lon = in.number("lon");
  n.address = in.string("address", false, 500).value_or("");
  auto reporter = in.object("reporter");
  const auto phone = reporter.string("phone", false, 40);
  n.reporter_name = reporter.string("name", false, 100).value_or("");
  reporter.reject_unknown({"phone", "name"});
  n.media = in.string_array("media", 20, 2000);
  const auto priority = in.string("priority", false, 16);
  in.reject_unknown({"source", "text", "category", "node", "lat", "lon", "address", "reporter",
                     "media", "priority"});
  if (in.error()) return *in.error();

  if (auto s = domain::parse_case_source(source.value_or("")))
    n.source = *s;
  else
    return input_error{"invalid_field", "source",
                       "'source' must be one of hotline, grid, video, iot, app, open311"};
  if (priority) {
    if (auto p = domain::parse_case_priority(*priority))
      n.priority = *p;
    else
      return input_error{"invalid_field", "priority", "'priority' must be normal or urgent"};
  }
  if (phone && !phone->empty()) {
    const auto digits = normalize_phone(*phone);
    if (!digits)
      return input_error{"invalid_field", "reporter.phone",
                         "'reporter.phone' must be a phone number of 5 to 20 digits"};
    n.reporter_hash = hash_phone(salt, *digits);
  }
  return n;
}

std::variant<domain::action_request, input_error> parse_action(domain::case_action action,
                                                               std::string_view body) {
  json_object_reader in;
  if (auto err = json_object_reader::parse(body.empty() ? std::string_view("{}") : body, in))
    return *err;
  domain::action_request q;
  q.action = action;
  q.by = in.string("by", false, short_text).value_or("");
  q.reason = in.string("reason", false, reason_text).value_or("");
  q.department = in.string("department", false, short_text).value_or("");
  q.category = in.string("category", false, 16).value_or("");
  q.result = in.string("result", false, reason_text).value_or("");
  q.passed = in.boolean("passed");
  q.into = in.string("into", false, 48).value_or("");
  q.departments = in.string_array("departments", 16, short_text);
  q.node = in.string("node", false, 24).value_or("");
  const auto satisfaction = in.integer("satisfaction");
  const auto until = in.string("until", false, 40);
  in.reject_unknown({"by", "reason", "department", "category", "result", "passed",
                     "satisfaction", "until", "into", "departments", "node"});
  if (in.error()) return *in.error();
  if (satisfaction) {
    if (*satisfaction < 1 || *satisfaction > 5)
      return input_error{"invalid_field", "satisfaction",
                         "'satisfaction' must be an integer from 1 to 5"};
    q.satisfaction = static_cast<std::int32_t>(*satisfaction);
  }
  if (until) {
    const auto ms = domain::parse_iso8601(*until);
    if (!ms)
      return input_error{"invalid_field", "until",
                         "'until' must be an ISO 8601 time with offset, e.g. "
                         "2026-12-01T18:00:00+08:00"};
    q.until_ms = *ms;
  }
  return q;
}

}  // namespace cityops::gateway
