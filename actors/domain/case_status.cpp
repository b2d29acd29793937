#include "actors/domain/case_status.hpp"

#include "actors/domain/enum_names.hpp"

namespace cityops::domain {
namespace {

using detail::enum_from_name;
using detail::enum_name;

constexpr std::array<std::string_view, 13> status_names{
    "reported", "verified", "rejected", "accepted", "dispatched", "returned", "escalated",
    "in_progress", "handled", "inspected", "closed", "followed_up", "merged"};

constexpr std::array<std::string_view, 25> event_names{
    "reported", "verified", "rejected", "accepted", "dispatched", "returned",
    "transferred", "escalated", "started", "handled", "inspected", "closed",
    "followed_up", "extended", "supervised", "reopened", "merged", "reminded",
    "overdue", "extension_requested", "extension_denied", "assistance_requested",
    "assistance_reported", "reclassified", "adjusted"};

constexpr std::array<std::string_view, 4> ring_names{"none", "small", "medium", "large"};

}  // namespace

std::string_view to_string(case_status s) { return enum_name(status_names, s); }
std::string_view to_string(event_type t) { return enum_name(event_names, t, 1); }
std::string_view to_string(ring r) { return enum_name(ring_names, r); }

std::optional<case_status> parse_case_status(std::string_view s) {
  return enum_from_name<case_status>(status_names, s);
}
std::optional<event_type> parse_event_type(std::string_view s) {
  return enum_from_name<event_type>(event_names, s, 1);
}
std::optional<ring> parse_ring(std::string_view s) { return enum_from_name<ring>(ring_names, s); }

bool is_open(case_status s) {
  switch (s) {
    case case_status::rejected:
    case case_status::closed:
    case case_status::followed_up:
    case case_status::merged:
      return false;
    default:
      return true;
  }
}

}  // namespace cityops::domain
