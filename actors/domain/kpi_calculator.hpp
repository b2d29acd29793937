#pragma once
// What one committed write of a case adds to the KPI counters (kpi_counters.hpp): for each
// event, the moves it counts on the local (UTC+8) day it happened, in every scope it concerns,
// and for the write as a whole the change of the gauges (open, overdue now). The store adds
// these in the same WriteBatch as the events (storage/README.md, family `kpi`), so the
// counters never miss an event nor count one twice, also across a crash. Pure; docs/kpi.md
// defines every field.
//
// Scopes: "node:<id>" for every node of the case's location path (the city, its district,
// street and community: a node's numbers are those of its whole subtree), and
// "department:<id>" for the department an event concerns (the one dispatched to, returning,
// handling, closing…).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_record.hpp"
#include "actors/domain/kpi_counters.hpp"

namespace cityops::domain {

// The day of the gauges' row: not a date.
inline constexpr std::int64_t kpi_now_day = -1;

struct kpi_change {
  std::string scope;
  std::int64_t day = 0;  // days since 1970-01-01 (UTC+8), or kpi_now_day
  kpi_counters counters;
};

std::string kpi_node_scope(std::string_view node);
std::string kpi_department_scope(std::string_view department);

// A 回访 score that counts as satisfied (满意 or 基本满意 of five grades).
inline constexpr std::int32_t satisfied_score = 4;

// The changes of one write: `events` (ascending seq) moved the case from `before` (nullptr for
// a new case) to `after`. One entry per (scope, day), in no particular order.
std::vector<kpi_change> kpi_changes(const case_record* before,
                                    const std::vector<case_event>& events,
                                    const case_record& after);

// What one event counts (the flows): `prev` is the case before it, `next` after it. Used by
// kpi_changes and by the reference recomputation from the event log (tools/).
void count_event(const case_record& prev, const case_event& e, const case_record& next,
                 std::vector<kpi_change>& out);

// The gauges one state of a case holds: +1 open and +1 overdue in each scope it counts in.
void count_gauges(const case_record& r, std::int64_t sign, std::vector<kpi_change>& out);

}  // namespace cityops::domain
