#pragma once
// How a new report becomes its case's first commit, in two steps around the duplicate check
// (which needs the case insight actor): what the report says, classified; then, with the
// insight actor's assessment, the `reported` event and the system's own first moves. No actor
// and no I/O: the intake shards call these, tests call them directly.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/case_context.hpp"
#include "actors/domain/case_intake.hpp"
#include "actors/insight_protocol.hpp"
#include "actors/protocol.hpp"

namespace cityops {

// The `reported` event for `report` at `now_ms` (node from `node` or the nearest community,
// routing proposes a department, the SLA calendar sets the deadline), classified and
// triaged by the context's classifier and intake settings when it has them, and marked by
// its sensitive-word matcher (a hit sets report.risk and makes the case urgent), then shaped
// by the active scenarios' rules (domain/scenario_rules.hpp: node, deadline, priority); an
// error names the field at fault.
domain::result<domain::case_event> decide_reported(const case_context& ctx,
                                                   const domain::new_case& report,
                                                   std::int64_t now_ms);

// The first commit of case `case_id`: the `reported` event with the duplicate verdict of
// `assessment`, then the automatic moves intake settings allow (verify/accept by `auto`),
// the snapshot after them, and the report's Idempotency-Key when it has one.
case_commit first_commit(const case_context& ctx, const std::string& case_id,
                         domain::case_event reported, const intake_assessment& assessment,
                         idempotency_key key);

// The case as a client sees it right after `commit`: the snapshot with its events as history.
domain::case_record record_of(const case_commit& commit);

}  // namespace cityops
