#pragma once
// The case state machine (docs/design.md "Statuses and moves"). decide() checks that an
// action is legal from the current status and that its fields are valid, and returns the one
// event it produces; apply() (case_record.hpp) folds that event in. Pure and thread-safe: it
// only reads the immutable city model.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "actors/domain/domain_error.hpp"
#include "actors/domain/scenario_rules.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

enum class case_action : std::uint8_t {
  verify = 0,
  reject,
  accept,
  dispatch,
  return_case,  // "return" on the wire
  transfer,
  escalate,
  start,
  handle,
  inspect,
  close,
  followup,
  extend,
  supervise,
  reopen,
  merge,
  approve_extension,
  deny_extension,
  assist,         // 协办: name assisting departments
  assist_report,  // an assisting department reports back
  remind,         // system (SLA clock) only
  mark_overdue,   // system (SLA clock) only
  reclassify,     // an operator corrects the category (an override of the classifier)
  confirm,        // the seat confirms a suggested case: verified + accepted in one action
                  // (intake_triage.hpp: decide_moves); decide() alone gives the `verified`
  adjust,         // system (scenarios) only: what the active rules ask of a case not yet
                  // worked on (scenario_rules.hpp: adjustment_for) as one `adjusted` event
};

// Actions only the service itself takes (the SLA clock, the scenarios); the gateway refuses
// them.
bool is_system_action(case_action a);

std::string_view to_string(case_action a);
std::optional<case_action> parse_case_action(std::string_view s);
const std::vector<case_action>& all_case_actions();

// The fields an action may carry; which are required depends on the action.
struct action_request {
  case_action action = case_action::verify;
  std::string by;          // required for every action
  std::string reason;      // reject, return, transfer, escalate, extend, supervise, reopen
  std::string department;  // transfer (required), dispatch (optional: routed when empty),
                           // assist_report (the reporting assistant)
  std::string category;    // verify, accept: optional reclassification; reclassify: required
  std::string result;      // handle, assist_report
  std::optional<bool> passed;  // inspect
  std::int32_t satisfaction = 0;  // followup: 1..5
  std::int64_t until_ms = 0;      // extend: the deadline asked for (approved separately)
  std::string into;               // merge: the surviving case id
  std::vector<std::string> departments;  // assist: the assisting departments
  std::string node;  // supervise: the supervising city or district centre
};

// Actions that are legal from `status`, in declaration order (independent of fields).
std::vector<case_action> allowed_actions(case_status status);

class case_machine {
 public:
  // Both referents must outlive the machine.
  case_machine(const config::city_model& city, const sla_calendar& calendar);

  // The event `request` produces on `record` at `now_ms` (seq = record.version + 1), or why
  // not: illegal_transition (with the current status and the actions a client may take
  // from it), or a
  // missing/invalid field, unknown department or category. `rules` is the active scenarios'
  // overlay (scenario_rules.hpp; null = none): SLA limits of a (re)classification or
  // reopen, the department of a dispatch that names none (the stationed ones at a war-room
  // node), and what `adjust` does (nothing to adjust: conflict).
  result<case_event> decide(const case_record& record, const action_request& request,
                            std::int64_t now_ms, const scenario_rules* rules = nullptr) const;

 private:
  const config::city_model& city_;
  const sla_calendar& calendar_;
};

}  // namespace cityops::domain
