#pragma once
// The current state of one case: the fold of its events. Stored as the snapshot in the
// `cases` column family and kept in memory by its case actor.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_event.hpp"
#include "actors/domain/reporter_history.hpp"
#include "config/city_model.hpp"

namespace cityops::domain {

struct case_record {
  std::string id;          // "<city>-<yyyymmdd>-<seq>"
  report_details report;   // as reported (category may be corrected later by events)
  std::string category;    // current minor category code, "" until classified
  case_status status = case_status::reported;
  std::string node;        // tier node currently responsible
  std::string department;  // assigned department, "" when none
  std::vector<std::string> tier_path;  // nodes the case has been held at, oldest first
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::int64_t deadline_ms = 0;
  bool supervised = false;
  std::uint32_t return_count = 0;
  std::uint32_t rework_count = 0;
  std::int32_t satisfaction = 0;
  std::string merged_into;
  std::uint32_t version = 0;  // seq of the last applied event

  std::vector<std::string> location_path;  // city → … → report node
  std::vector<std::string> returned_by;    // departments that returned it at this tier
  std::vector<std::string> assistants;     // 协办 departments
  std::vector<std::string> assist_reports; // assistants that have reported back
  std::string supervisor_node;
  std::int64_t sla_start_ms = 0;           // start of the SLA window (report or reopen)
  std::int64_t dispatched_ms = 0;          // the last dispatch or transfer to a department
  std::int64_t pending_extension_ms = 0;   // requested deadline awaiting approval
  bool reminded = false;
  bool overdue = false;

  std::vector<case_event> history;  // full history; empty in stored snapshots
  // Not stored: the caller's other cases (一人多诉), filled in replies to the seat.
  reporter_summary reporter_history;
};

// Folds one event into the record. Events must arrive in seq order; the caller (case actor,
// storage recovery) guarantees that.
void apply(case_record& record, const case_event& event);

// When the SLA next needs attention: the reminder at 75% of the window, then the deadline;
// 0 when nothing is due (closed, no deadline, or both already marked).
std::int64_t next_sla_due(const case_record& record);
std::int64_t reminder_due(const case_record& record);

// Who the case waits on: its department while dispatched or in progress, otherwise (while
// open) the centre of its current tier node. Before dispatch `department` is only routing's
// proposal, so it does not count.
struct waiting_party {
  enum class kind { none, department, node } who = kind::none;
  std::string id;
};
waiting_party waiting_on(const case_record& record);

// Whether the case concerns tier node `node`'s subtree: it was reported at `node` or below
// (`node` is on its location_path), or it is held at `node` or below now. An operator of that
// node's centre may see and move it (gateway/auth.hpp).
bool in_node_subtree(const config::city_model& city, const case_record& record,
                     std::string_view node);

// Case ids are "<city>-<yyyymmdd>-<seq>": digits and exactly two dashes, at most 48 bytes.
// Anything else cannot exist, so callers answer "not found" without activating an actor.
bool plausible_case_id(std::string_view id);

// Rebuilds a record from its full history (the first event must be `reported`).
case_record replay(const std::string& id, const std::vector<case_event>& events);

}  // namespace cityops::domain
