#include "actors/domain/case_machine.hpp"

#include <algorithm>
#include <array>

#include "actors/domain/case_deadline.hpp"
#include "actors/domain/enum_names.hpp"

namespace cityops::domain {
namespace {

using cs = case_status;

struct move_rule {
  case_action action;
  std::vector<case_status> from;
};

// The legal moves, one row per action. `open` below stands for every open status.
const std::vector<case_status>& open_statuses() {
  static const std::vector<case_status> open = [] {
    std::vector<case_status> v;
    for (int i = 0; i <= static_cast<int>(cs::merged); ++i)
      if (is_open(static_cast<cs>(i))) v.push_back(static_cast<cs>(i));
    return v;
  }();
  return open;
}

const std::vector<move_rule>& move_table() {
  static const std::vector<move_rule> table{
      {case_action::verify, {cs::reported}},
      {case_action::reject, {cs::reported, cs::verified}},
      {case_action::accept, {cs::verified}},
      {case_action::dispatch, {cs::accepted, cs::returned, cs::escalated}},
      {case_action::return_case, {cs::dispatched}},
      {case_action::transfer, {cs::dispatched}},
      {case_action::escalate,
       {cs::accepted, cs::dispatched, cs::in_progress, cs::returned, cs::escalated}},
      {case_action::start, {cs::dispatched}},
      {case_action::handle, {cs::in_progress}},
      {case_action::inspect, {cs::handled}},
      {case_action::close, {cs::inspected}},
      {case_action::followup, {cs::closed}},
      {case_action::extend, {cs::in_progress}},
      {case_action::supervise, open_statuses()},
      {case_action::reopen, {cs::closed, cs::followed_up}},
      {case_action::merge, open_statuses()},
      {case_action::approve_extension, {cs::in_progress}},
      {case_action::deny_extension, {cs::in_progress}},
      {case_action::assist, {cs::dispatched, cs::in_progress}},
      {case_action::assist_report, {cs::dispatched, cs::in_progress, cs::handled}},
      {case_action::remind, open_statuses()},
      {case_action::mark_overdue, open_statuses()},
      {case_action::reclassify,
       {cs::reported, cs::verified, cs::accepted, cs::dispatched, cs::returned, cs::escalated,
        cs::in_progress}},
      {case_action::confirm, {cs::reported}},
      {case_action::adjust,
       {cs::reported, cs::verified, cs::accepted, cs::dispatched, cs::returned, cs::escalated}},
  };
  return table;
}

constexpr std::array<std::string_view, 25> action_names{
    "verify",   "reject",  "accept",    "dispatch",          "return",         "transfer",
    "escalate", "start",   "handle",    "inspect",           "close",          "followup",
    "extend",   "supervise", "reopen",  "merge",             "approve_extension",
    "deny_extension", "assist", "assist_report", "remind",   "mark_overdue", "reclassify", "confirm",
    "adjust"};

bool legal(case_action a, case_status s) {
  const auto& from = move_table()[static_cast<std::size_t>(a)].from;
  return std::find(from.begin(), from.end(), s) != from.end();
}

domain_error missing(std::string field, case_action a) {
  return field_error(error_code::missing_field, field,
                     "'" + field + "' is required for " + std::string(to_string(a)));
}

ring ring_for(config::tier from) {
  switch (from) {
    case config::tier::community:
      return ring::small;
    case config::tier::street:
      return ring::medium;
    case config::tier::district:
      return ring::large;
    default:
      return ring::none;
  }
}

}  // namespace

std::string_view to_string(case_action a) { return action_names[static_cast<std::size_t>(a)]; }

std::optional<case_action> parse_case_action(std::string_view s) {
  return detail::enum_from_name<case_action>(action_names, s);
}

const std::vector<case_action>& all_case_actions() {
  static const std::vector<case_action> all = [] {
    std::vector<case_action> v;
    for (std::size_t i = 0; i < action_names.size(); ++i) v.push_back(static_cast<case_action>(i));
    return v;
  }();
  return all;
}

bool is_system_action(case_action a) {
  return a == case_action::remind || a == case_action::mark_overdue ||
         a == case_action::adjust;
}

std::vector<case_action> allowed_actions(case_status status) {
  std::vector<case_action> out;
  for (auto a : all_case_actions())
    if (legal(a, status)) out.push_back(a);
  return out;
}

case_machine::case_machine(const config::city_model& city, const sla_calendar& calendar)
    : city_(city), calendar_(calendar) {}

result<case_event> case_machine::decide(const case_record& r, const action_request& q,
                                        std::int64_t now_ms, const scenario_rules* rules) const {
  const auto a = q.action;
  if (!legal(a, r.status)) {
    domain_error e;
    e.code = error_code::illegal_transition;
    e.status = r.status;
    std::string allowed;
    for (auto x : allowed_actions(r.status)) {
      if (is_system_action(x)) continue;  // clients cannot take these
      e.allowed.emplace_back(to_string(x));
      allowed += (allowed.empty() ? "" : ", ") + std::string(to_string(x));
    }
    e.message = "cannot " + std::string(to_string(a)) + " a case in status '" +
                std::string(to_string(r.status)) + "'; allowed: " +
                (allowed.empty() ? std::string("none") : allowed);
    return e;
  }
  if (q.by.empty()) return missing("by", a);

  case_event ev;
  ev.seq = r.version + 1;
  ev.at_ms = now_ms;
  ev.by = q.by;
  ev.status = r.status;
  ev.node = r.node;
  ev.department = r.department;
  ev.reason = q.reason;

  auto needs_reason = [&]() -> std::optional<domain_error> {
    if (q.reason.empty()) return missing("reason", a);
    return std::nullopt;
  };
  // A (re)classification: the new category's SLA limit (its shortest for an urgent case,
  // case_deadline.hpp) sets the deadline, counted from the start of the case's SLA window
  // (the report, or the last reopen).
  auto reclassify = [&]() -> std::optional<domain_error> {
    if (q.category.empty()) return std::nullopt;
    const auto* cat = city_.find_category(q.category);
    if (!cat)
      return field_error(error_code::unknown_category, "category",
                         "unknown category '" + q.category + "'");
    if (q.category == r.category) return std::nullopt;
    ev.category = q.category;
    ev.previous_category = r.category;
    ev.deadline_ms = case_deadline(rules, city_, calendar_, cat->code, place_of(r),
                                   r.report.priority, r.sla_start_ms);
    return std::nullopt;
  };

  switch (a) {
    case case_action::verify:
    case case_action::confirm:
      if (auto e = reclassify()) return *e;
      ev.type = event_type::verified;
      ev.status = cs::verified;
      break;
    case case_action::reclassify:
      if (q.category.empty()) return missing("category", a);
      if (auto e = reclassify()) return *e;
      if (ev.category.empty())
        return field_error(error_code::invalid_field, "category",
                           "the case is already in category '" + q.category + "'");
      ev.type = event_type::reclassified;
      break;
    case case_action::reject:
      if (auto e = needs_reason()) return *e;
      ev.type = event_type::rejected;
      ev.status = cs::rejected;
      break;
    case case_action::accept:
      if (auto e = reclassify()) return *e;
      ev.type = event_type::accepted;
      ev.status = cs::accepted;
      break;
    case case_action::dispatch: {
      const config::department* dept = nullptr;
      if (!q.department.empty()) {
        dept = city_.find_department(q.department);
        if (!dept)
          return field_error(error_code::unknown_department, "department",
                             "unknown department '" + q.department + "'");
      } else {
        if (r.category.empty())
          return field_error(error_code::missing_field, "department",
                             "the case has no category: name a department or classify it first");
        dept = station_department(r, rules, city_);
        if (!dept) dept = city_.route(r.category, r.node);
        if (!dept)
          return field_error(error_code::missing_field, "department",
                             "no department handles category '" + r.category + "' at node '" +
                                 r.node + "' or above; name one");
      }
      ev.type = event_type::dispatched;
      ev.status = cs::dispatched;
      ev.department = dept->id;
      break;
    }
    case case_action::return_case:
      if (auto e = needs_reason()) return *e;
      ev.type = event_type::returned;
      ev.status = cs::returned;
      ev.department.clear();
      break;
    case case_action::transfer: {
      if (q.department.empty()) return missing("department", a);
      if (auto e = needs_reason()) return *e;
      if (!city_.find_department(q.department))
        return field_error(error_code::unknown_department, "department",
                           "unknown department '" + q.department + "'");
      if (q.department == r.department)
        return field_error(error_code::invalid_field, "department",
                           "the case is already assigned to '" + q.department + "'");
      ev.type = event_type::transferred;
      ev.department = q.department;
      break;
    }
    case case_action::escalate: {
      if (auto e = needs_reason()) return *e;
      const auto* here = city_.find_node(r.node);
      const auto* up = here ? city_.parent(here->id) : nullptr;
      if (!here || !up) {
        domain_error e = field_error(error_code::illegal_transition, "",
                                     "node '" + r.node + "' has no parent to escalate to");
        e.status = r.status;
        return e;
      }
      ev.type = event_type::escalated;
      ev.status = cs::escalated;
      ev.ring = ring_for(here->tier);
      ev.from_node = here->id;
      ev.to_node = up->id;
      ev.node = up->id;
      ev.department.clear();
      break;
    }
    case case_action::start:
      ev.type = event_type::started;
      ev.status = cs::in_progress;
      break;
    case case_action::handle:
      if (q.result.empty()) return missing("result", a);
      ev.type = event_type::handled;
      ev.status = cs::handled;
      ev.result = q.result;
      break;
    case case_action::inspect:
      if (!q.passed) return missing("passed", a);
      if (!*q.passed && q.reason.empty())
        return field_error(error_code::missing_field, "reason",
                           "a failed inspection needs a 'reason' for the rework");
      ev.type = event_type::inspected;
      ev.passed = *q.passed;
      ev.status = *q.passed ? cs::inspected : cs::in_progress;
      break;
    case case_action::close:
      ev.type = event_type::closed;
      ev.status = cs::closed;
      break;
    case case_action::followup:
      if (q.satisfaction < 1 || q.satisfaction > 5)
        return field_error(q.satisfaction == 0 ? error_code::missing_field
                                               : error_code::invalid_field,
                           "satisfaction", "'satisfaction' must be an integer from 1 to 5");
      ev.type = event_type::followed_up;
      ev.status = cs::followed_up;
      ev.satisfaction = q.satisfaction;
      break;
    case case_action::extend:
      if (q.until_ms == 0) return missing("until", a);
      if (auto e = needs_reason()) return *e;
      if (r.pending_extension_ms != 0)
        return field_error(error_code::conflict, "until",
                           "an extension is already waiting for approval");
      if (q.until_ms <= std::max(r.deadline_ms, now_ms))
        return field_error(error_code::invalid_field, "until",
                           "'until' must be later than the current deadline and now");
      ev.type = event_type::extension_requested;
      ev.until_ms = q.until_ms;
      break;
    case case_action::approve_extension:
      if (r.pending_extension_ms == 0)
        return field_error(error_code::conflict, "", "no extension is waiting for approval");
      ev.type = event_type::extended;
      ev.deadline_ms = r.pending_extension_ms;
      break;
    case case_action::deny_extension:
      if (auto e = needs_reason()) return *e;
      if (r.pending_extension_ms == 0)
        return field_error(error_code::conflict, "", "no extension is waiting for approval");
      ev.type = event_type::extension_denied;
      break;
    case case_action::assist: {
      if (q.departments.empty()) return missing("departments", a);
      for (const auto& d : q.departments) {
        if (!city_.find_department(d))
          return field_error(error_code::unknown_department, "departments",
                             "unknown department '" + d + "'");
        if (d == r.department)
          return field_error(error_code::invalid_field, "departments",
                             "'" + d + "' already leads the case");
      }
      ev.type = event_type::assistance_requested;
      ev.assistants = q.departments;
      break;
    }
    case case_action::assist_report:
      if (q.department.empty()) return missing("department", a);
      if (q.result.empty()) return missing("result", a);
      if (std::find(r.assistants.begin(), r.assistants.end(), q.department) ==
          r.assistants.end())
        return field_error(error_code::invalid_field, "department",
                           "'" + q.department + "' is not assisting this case");
      ev.type = event_type::assistance_reported;
      ev.assistants = {q.department};
      ev.result = q.result;
      break;
    case case_action::remind:
      if (r.reminded || r.deadline_ms == 0 || now_ms < reminder_due(r))
        return field_error(error_code::conflict, "", "no reminder is due");
      ev.type = event_type::reminded;
      break;
    case case_action::mark_overdue:
      if (r.overdue || r.deadline_ms == 0 || now_ms < r.deadline_ms)
        return field_error(error_code::conflict, "", "the case is not past its deadline");
      ev.type = event_type::overdue;
      break;
    case case_action::supervise: {
      if (auto e = needs_reason()) return *e;
      if (q.node.empty()) return missing("node", a);
      const auto* centre = city_.find_node(q.node);
      if (!centre)
        return field_error(error_code::unknown_node, "node", "unknown node '" + q.node + "'");
      if (centre->tier != config::tier::city && centre->tier != config::tier::district)
        return field_error(error_code::invalid_field, "node",
                           "supervision (督办) comes from a city or district centre");
      if (r.supervised)
        return field_error(error_code::conflict, "", "the case is already under supervision");
      ev.type = event_type::supervised;
      ev.supervisor_node = centre->id;
      break;
    }
    case case_action::reopen: {
      if (auto e = needs_reason()) return *e;
      ev.type = event_type::reopened;
      ev.status = cs::accepted;
      ev.department.clear();
      ev.deadline_ms = case_deadline(rules, city_, calendar_, r.category, place_of(r),
                                     r.report.priority, now_ms);
      break;
    }
    case case_action::adjust: {
      const auto a = adjustment_for(r, rules, city_, calendar_, now_ms);
      if (!a)
        return field_error(error_code::conflict, "",
                           "the active scenarios' rules ask nothing of case " + r.id);
      ev.type = event_type::adjusted;
      ev.node = a->node;
      ev.department = a->department;
      if (a->node != r.node) {
        ev.from_node = r.node;
        ev.to_node = a->node;
      }
      if (a->recall) ev.status = cs::accepted;
      ev.deadline_ms = a->deadline_ms;
      ev.priority = a->priority;
      if (ev.reason.empty()) {
        std::string names;
        for (const auto& n : a->scenarios) names += (names.empty() ? "" : "、") + n;
        ev.reason = names.empty() ? "场景规则撤销，恢复常规路由" : "按场景规则调整(" + names + ")";
      }
      break;
    }
    case case_action::merge:
      if (q.into.empty()) return missing("into", a);
      if (q.into == r.id)
        return field_error(error_code::invalid_field, "into", "a case cannot merge into itself");
      ev.type = event_type::merged;
      ev.status = cs::merged;
      ev.into = q.into;
      break;
  }
  return ev;
}

}  // namespace cityops::domain
