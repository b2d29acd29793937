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

// Receives what a write counts, one field of one scope and day at a time. A scope is named
// once per event (scope()), and its counts then go by the sink's own handle: the store sums
// them per row without building or hashing a scope string per count (kpi_changes below
// collects them instead).
enum class kpi_scope_kind : std::uint8_t { node, department };
class kpi_sink {
 public:
  virtual ~kpi_sink() = default;
  virtual std::uint32_t scope(kpi_scope_kind kind, std::string_view id) = 0;
  virtual void add(std::uint32_t scope, std::int64_t day, std::uint32_t field,
                   std::int64_t n) = 0;
};

// A 回访 score that counts as satisfied (满意 or 基本满意 of five grades).
inline constexpr std::int32_t satisfied_score = 4;

// The changes of one write: `events` (ascending seq) moved the case from `before` (nullptr for
// a new case) to `after`. One entry per (scope, day), in no particular order.
std::vector<kpi_change> kpi_changes(const case_record* before,
                                    const std::vector<case_event>& events,
                                    const case_record& after);
// The same counts, handed to `sink` field by field (a field may come several times).
void count_write(const case_record* before, const std::vector<case_event>& events,
                 const case_record& after, kpi_sink& sink);

// What counting an event needs of the case before it: a few fields, not a copy of the record.
struct kpi_prior {
  bool categorized = false;
  std::string assigned;  // the department the case was assigned to; "" when none
  std::int64_t created_ms = 0;
  std::int64_t dispatched_ms = 0;
  std::int64_t deadline_ms = 0;
};
// Fills `out` from `r` (reusing its storage).
void take_prior(const case_record& r, kpi_prior& out);

// What one event counts (the flows): `prev` is the case before it, `next` after it.
void count_event(const kpi_prior& prev, const case_event& e, const case_record& next,
                 kpi_sink& out);

// The gauges one state of a case holds: +1 open and +1 overdue in each scope it counts in.
void count_gauges(const case_record& r, std::int64_t sign, kpi_sink& out);

}  // namespace cityops::domain
