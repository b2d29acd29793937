#include "gateway/case_query_request.hpp"

#include <optional>
#include <string_view>

#include "actors/domain/case_event.hpp"
#include "actors/domain/case_status.hpp"
#include "actors/domain/iso_time.hpp"
#include "gateway/reporter_hash.hpp"

namespace cityops::gateway {
namespace {

constexpr std::string_view known_params[] = {
    "status", "department", "node",  "overdue",        "from",
    "to",     "limit",      "cursor", "reporter_phone", "needs_classification",
    "priority"};

input_error invalid(std::string field, std::string message) {
  return input_error{"invalid_field", std::move(field), std::move(message)};
}

std::string status_names() {
  std::string names;
  for (int s = 0; s <= static_cast<int>(domain::case_status::merged); ++s) {
    if (!names.empty()) names += ", ";
    names += domain::to_string(static_cast<domain::case_status>(s));
  }
  return names;
}

bool is_bare_date(std::string_view text) { return text.size() == 10; }

// A time bound: ISO 8601 or YYYY-MM-DD, after 1970-01-01T00:00:00Z.
std::optional<std::int64_t> parse_time(const std::string& name, const std::string& text,
                                       std::optional<input_error>& error) {
  const auto ms = domain::parse_iso8601(text);
  if (!ms) {
    error = invalid(name, "'" + name +
                              "' must be an ISO 8601 time (2026-11-28T09:30:00+08:00) or a "
                              "date (2026-11-28)");
    return std::nullopt;
  }
  if (*ms <= 0) {
    error = invalid(name, "'" + name + "' must be after 1970-01-01T00:00:00Z");
    return std::nullopt;
  }
  return ms;
}

}  // namespace

std::variant<case_query, input_error> parse_case_query(
    const std::multimap<std::string, std::string>& query, const config::city_model& city,
    std::string_view salt) {
  // Unknown and repeated parameters are refused rather than ignored: a misspelt filter must
  // not silently list everything.
  for (auto it = query.begin(); it != query.end(); it = query.upper_bound(it->first)) {
    bool known = false;
    for (auto k : known_params) known = known || it->first == k;
    if (!known)
      return invalid(it->first,
                     "unknown parameter '" + it->first +
                         "'; parameters: status, department, node, overdue, from, to, limit, "
                         "cursor, reporter_phone, needs_classification, priority");
    if (query.count(it->first) > 1)
      return invalid(it->first, "'" + it->first + "' is given more than once");
  }
  auto param = [&query](const char* name) -> std::optional<std::string> {
    const auto it = query.find(name);
    if (it == query.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };

  case_query q;
  q.limit = case_list_default_limit;
  if (const auto status = param("status")) {
    if (!domain::parse_case_status(*status))
      return invalid("status", "unknown case status '" + *status + "'; statuses: " +
                                   status_names());
    q.status = *status;
  }
  if (const auto department = param("department")) {
    if (!city.find_department(*department))
      return input_error{"unknown_department", "department",
                         "unknown department '" + *department + "'"};
    q.department = *department;
  }
  if (const auto node = param("node")) {
    if (!city.find_node(*node))
      return input_error{"unknown_node", "node", "unknown node '" + *node + "'"};
    q.node = *node;
  }
  if (const auto overdue = param("overdue")) {
    if (*overdue == "true")
      q.overdue_only = true;
    else if (*overdue != "false")
      return invalid("overdue", "'overdue' must be true or false");
  }
  if (const auto unclassified = param("needs_classification")) {
    if (*unclassified == "true")
      q.needs_classification = true;
    else if (*unclassified != "false")
      return invalid("needs_classification", "'needs_classification' must be true or false");
  }
  if (const auto priority = param("priority")) {
    if (!domain::parse_case_priority(*priority))
      return invalid("priority", "'priority' must be normal or urgent");
    q.priority = *priority;
  }
  if (const auto phone = param("reporter_phone")) {
    // Hashed here with the installation salt, like a report's phone; the number itself goes
    // no further (and the access log records paths without query strings).
    const auto digits = normalize_phone(*phone);
    if (!digits)
      return invalid("reporter_phone", "'reporter_phone' must hold 5 to 20 digits");
    q.reporter_hash = hash_phone(salt, *digits);
  }
  std::optional<input_error> error;
  std::optional<std::int64_t> to_last;  // the last millisecond `to` admits
  if (const auto from = param("from")) {
    const auto ms = parse_time("from", *from, error);
    if (!ms) return *error;
    q.from_ms = *ms;
  }
  if (const auto to = param("to")) {
    const auto ms = parse_time("to", *to, error);
    if (!ms) return *error;
    // A bare date means the whole day: up to the next midnight in UTC+8.
    q.to_ms = is_bare_date(*to) ? *ms + domain::ms_per_day : *ms;
    to_last = is_bare_date(*to) ? q.to_ms - 1 : q.to_ms;
  }
  if (q.from_ms != 0 && to_last && q.from_ms > *to_last)
    return invalid("to", "'to' is earlier than 'from'");
  if (const auto limit = param("limit")) {
    std::uint32_t n = 0;
    bool digits = limit->size() <= 4;
    for (char c : *limit) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (!digits || n < 1 || n > case_list_max_limit)
      return invalid("limit",
                     "'limit' must be an integer 1.." + std::to_string(case_list_max_limit));
    q.limit = n;
  }
  if (const auto cursor = param("cursor")) {
    if (cursor->size() > case_list_max_cursor)
      return invalid("cursor", "'cursor' is not one this service returned");
    q.cursor = *cursor;
  }
  return q;
}

}  // namespace cityops::gateway
