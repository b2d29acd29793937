#include "actors/domain/alert_rules.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "actors/domain/enum_names.hpp"
#include "actors/domain/iso_time.hpp"

namespace cityops::domain {
namespace {

constexpr std::array<std::string_view, 13> kind_names{
    "overdue",          "supervised",      "quarantined",   "sensitive_words",
    "repeat_caller",    "repeat_address",  "new_issue",     "high_frequency",
    "cluster",          "letter_overdue",  "indicator_breach", "indicator_silent",
    "urgent"};
constexpr std::array<std::string_view, 3> status_names{"open", "acked", "closed"};
constexpr std::array<std::string_view, 4> level_names{"blue", "yellow", "orange", "red"};

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Where the alert belongs: the case's node and department as `node`/`department`, and who may
// see it (the nodes whose subtree holds the case, the assisting departments).
void place(alert& a, const case_record& c, const std::string& node, const std::string& department,
           const config::city_model& city) {
  a.node = node;
  a.department = department;
  a.category = c.category;
  a.deadline_ms = c.deadline_ms;
  a.scope_nodes = scope_nodes_of(c, node, city);
  a.assistants = c.assistants;
}

std::string department_text(const std::string& department) {
  return department.empty() ? std::string("no department") : "department " + department;
}

std::string deadline_text(const case_record& c) {
  return c.deadline_ms != 0 ? format_iso8601(c.deadline_ms) : std::string("(none)");
}

// Whether `event` makes the case urgent (a report or an adjustment) or dispatches it while
// urgent. Escalations raise none: the centres above see the first alert already (its scope
// is the case's whole path), and the automatic climb of the rings would repeat it per ring.
bool hands_urgent(const case_record& after, const case_event& event) {
  switch (event.type) {
    case event_type::reported:  // a risk-lexicon hit has its own alert (sensitive_alert.hpp)
      return event.report.priority == case_priority::urgent && event.report.risk.empty();
    case event_type::adjusted:
      return event.priority == case_priority::urgent;
    case event_type::dispatched:
      return after.report.priority == case_priority::urgent;
    default:
      return false;
  }
}

}  // namespace

std::vector<std::string> scope_nodes_of(const case_record& after, const std::string& node,
                                        const config::city_model& city) {
  std::vector<std::string> out = after.location_path;
  std::string at = node;
  while (!at.empty()) {
    if (!contains(out, at)) out.push_back(at);
    const auto* parent = city.parent(at);
    if (!parent) break;
    at = parent->id;
  }
  return out;
}

std::string_view to_string(alert_kind k) { return detail::enum_name(kind_names, k, 1); }
std::string_view to_string(alert_status s) { return detail::enum_name(status_names, s); }
std::optional<alert_kind> parse_alert_kind(std::string_view s) {
  return detail::enum_from_name<alert_kind>(kind_names, s, 1);
}
std::optional<alert_status> parse_alert_status(std::string_view s) {
  return detail::enum_from_name<alert_status>(status_names, s);
}
std::string_view to_string(alert_level l) { return detail::enum_name(level_names, l, 1); }
std::string_view level_name(alert_level l) {
  switch (l) {
    case alert_level::blue: return "蓝色预警";
    case alert_level::yellow: return "黄色预警";
    case alert_level::orange: return "橙色预警";
    case alert_level::red: return "红色预警";
  }
  return "预警";
}
std::optional<alert_level> parse_alert_level(std::string_view s) {
  return detail::enum_from_name<alert_level>(level_names, s, 1);
}

std::string alert_id(std::string_view case_id, std::uint32_t seq) {
  std::string id(case_id);
  id += "-e";
  id += std::to_string(seq);
  return id;
}

std::optional<alert> alert_for(const case_record& after, const case_event& event,
                               const config::city_model& city) {
  alert a;
  switch (event.type) {
    case event_type::overdue:
      a.kind = alert_kind::overdue;
      a.level = alert_level::orange;
      a.message = "case " + after.id + " is overdue: its deadline " + deadline_text(after) +
                  " passed; held at node " + event.node + ", " +
                  department_text(event.department);
      break;
    case event_type::supervised:
      a.kind = alert_kind::supervised;
      a.level = alert_level::yellow;
      a.message = "case " + after.id + " is under supervision (督办) by node " +
                  event.supervisor_node + (event.reason.empty() ? "" : ": " + event.reason);
      break;
    default:  // reminded and every other move: no alert (see the header)
      if (!hands_urgent(after, event)) return std::nullopt;
      a.kind = alert_kind::urgent;
      a.level = alert_level::orange;
      a.message = "urgent case " + after.id + " (category " +
                  (after.category.empty() ? std::string("not yet classified") : after.category) +
                  ", deadline " + deadline_text(after) + ") " +
                  (event.type == event_type::dispatched
                       ? "dispatched by node " + event.node + " to " +
                             department_text(event.department)
                       : "held at node " + event.node);
      break;
  }
  a.id = alert_id(after.id, event.seq);
  a.case_id = after.id;
  a.seq = event.seq;
  a.at_ms = event.at_ms;
  place(a, after, event.node, event.department, city);
  return a;
}

alert quarantine_alert(const quarantine_entry& q, const case_record* snapshot,
                       const config::city_model& city) {
  alert a;
  a.kind = alert_kind::quarantined;
  a.level = alert_level::red;
  a.id = q.case_id + "-q" + std::to_string(q.at_ms);
  a.case_id = q.case_id;
  a.at_ms = q.at_ms;
  a.message = "case " + q.case_id + " is quarantined after " + std::to_string(q.failures) +
              " failures of its actor (" + q.reason +
              "); it stays readable, writes are refused until an admin releases it";
  if (snapshot) {
    a.seq = snapshot->version;
    place(a, *snapshot, snapshot->node, snapshot->department, city);
  } else {
    a.node = city.city_id;
    a.scope_nodes = {city.city_id};
  }
  return a;
}

std::vector<alert> alerts_for(const case_record& after, const std::vector<case_event>& events,
                              const config::city_model& city) {
  std::vector<alert> out;
  for (const auto& e : events)
    if (auto a = alert_for(after, e, city)) out.push_back(std::move(*a));
  return out;
}

bool in_scope(const alert& a, const alert_scope& scope) {
  if (!scope.node.empty() && !contains(a.scope_nodes, scope.node)) return false;
  if (!scope.department.empty() && a.department != scope.department &&
      !contains(a.assistants, scope.department))
    return false;
  return true;
}

bool acknowledge(alert& a, const std::string& by, std::int64_t at_ms) {
  if (a.status != alert_status::open) return false;
  a.status = alert_status::acked;
  a.acked_by = by;
  a.acked_at_ms = at_ms;
  return true;
}

bool close_alert(alert& a, const std::string& by, std::int64_t at_ms, std::string note) {
  if (a.status == alert_status::closed) return false;
  if (a.status == alert_status::open) acknowledge(a, by, at_ms);
  a.status = alert_status::closed;
  a.closed_by = by;
  a.closed_at_ms = at_ms;
  a.close_note = std::move(note);
  return true;
}

bool grow(alert& stored, const alert& update) {
  if (stored.status == alert_status::closed) return false;
  bool changed = update.evidence.count != stored.evidence.count ||
                 update.evidence.case_ids != stored.evidence.case_ids ||
                 update.level > stored.level;
  if (!changed) return false;
  if (update.level > stored.level) stored.level = update.level;
  stored.evidence = update.evidence;
  stored.message = update.message;
  stored.updated_ms = update.updated_ms != 0 ? update.updated_ms : update.at_ms;
  return true;
}

}  // namespace cityops::domain
