#include "actors/domain/case_record.hpp"

#include <algorithm>

namespace cityops::domain {
namespace {

void add_unique(std::vector<std::string>& v, const std::string& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

}  // namespace

void apply(case_record& r, const case_event& e) {
  if (e.type == event_type::reported) {
    r.report = e.report;
    r.created_ms = e.at_ms;
    r.sla_start_ms = e.at_ms;
    r.location_path = e.location_path;
    r.tier_path.clear();
  }
  if (r.tier_path.empty() || r.tier_path.back() != e.node) r.tier_path.push_back(e.node);
  const std::string department_before = r.department;
  const bool moved = r.node != e.node;
  if (!e.category.empty()) r.category = e.category;
  r.status = e.status;
  r.node = e.node;
  r.department = e.department;
  r.updated_ms = e.at_ms;
  r.version = e.seq;
  if (e.deadline_ms != 0) r.deadline_ms = e.deadline_ms;
  const bool new_deadline = (e.type != event_type::reported && !e.category.empty()) ||
                            (e.type == event_type::adjusted && e.deadline_ms != 0);
  if (new_deadline) {
    // A (re)classification or the scenarios' rules moved the deadline: the SLA marks stand
    // only where the new points had already passed when it happened.
    r.reminded = r.reminded && reminder_due(r) <= e.at_ms;
    r.overdue = r.overdue && r.deadline_ms <= e.at_ms;
  }
  switch (e.type) {
    case event_type::dispatched:
    case event_type::transferred:
      r.dispatched_ms = e.at_ms;
      break;
    case event_type::returned:
      ++r.return_count;
      add_unique(r.returned_by, department_before);
      break;
    case event_type::escalated:
      r.returned_by.clear();  // a new tier: every candidate there is fresh
      break;
    case event_type::inspected:
      if (!e.passed) ++r.rework_count;
      break;
    case event_type::supervised:
      r.supervised = true;
      r.supervisor_node = e.supervisor_node;
      break;
    case event_type::followed_up:
      r.satisfaction = e.satisfaction;
      break;
    case event_type::merged:
      r.merged_into = e.into;
      break;
    case event_type::reopened:
      r.supervised = false;
      r.supervisor_node.clear();
      r.satisfaction = 0;
      r.sla_start_ms = e.at_ms;
      r.reminded = false;
      r.overdue = false;
      r.returned_by.clear();
      break;
    case event_type::reminded:
      r.reminded = true;
      break;
    case event_type::overdue:
      r.overdue = true;
      break;
    case event_type::extension_requested:
      r.pending_extension_ms = e.until_ms;
      break;
    case event_type::extension_denied:
      r.pending_extension_ms = 0;
      break;
    case event_type::extended:
      r.pending_extension_ms = 0;
      r.reminded = false;
      r.overdue = false;
      break;
    case event_type::assistance_requested:
      for (const auto& a : e.assistants) add_unique(r.assistants, a);
      break;
    case event_type::assistance_reported:
      for (const auto& a : e.assistants) add_unique(r.assist_reports, a);
      break;
    case event_type::adjusted:
      if (e.priority) r.report.priority = *e.priority;
      if (moved) r.returned_by.clear();  // another centre: its candidates are fresh
      break;
    default:
      break;
  }
}

std::int64_t reminder_due(const case_record& r) {
  if (r.deadline_ms <= r.sla_start_ms) return r.deadline_ms;
  return r.sla_start_ms + (r.deadline_ms - r.sla_start_ms) * 3 / 4;
}

std::int64_t next_sla_due(const case_record& r) {
  if (!is_open(r.status) || r.deadline_ms == 0) return 0;
  if (!r.reminded && !r.overdue) return reminder_due(r);
  if (!r.overdue) return r.deadline_ms;
  return 0;
}

waiting_party waiting_on(const case_record& r) {
  if (r.version == 0 || !is_open(r.status)) return {};
  const bool with_department =
      (r.status == case_status::dispatched || r.status == case_status::in_progress) &&
      !r.department.empty();
  if (with_department) return {waiting_party::kind::department, r.department};
  return {waiting_party::kind::node, r.node};
}

bool in_node_subtree(const config::city_model& city, const case_record& r,
                     std::string_view node) {
  if (node.empty()) return false;
  if (std::find(r.location_path.begin(), r.location_path.end(), node) != r.location_path.end())
    return true;
  return !r.node.empty() && city.in_subtree(r.node, node);
}

bool plausible_case_id(std::string_view id) {
  if (id.empty() || id.size() > 48) return false;
  int dashes = 0;
  for (char c : id) {
    if (c == '-')
      ++dashes;
    else if (c < '0' || c > '9')
      return false;
  }
  return dashes == 2;
}

case_record replay(const std::string& id, const std::vector<case_event>& events) {
  case_record r;
  r.id = id;
  for (const auto& e : events) apply(r, e);
  r.history = events;
  return r;
}

}  // namespace cityops::domain
