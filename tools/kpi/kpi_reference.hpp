#pragma once
// The KPI counters recomputed from the event log, the reference the incremental path
// (domain::kpi_changes with every committed write, storage's `kpi` family) is checked against.
// Written again from docs/kpi.md, not from kpi_calculator: each case's whole history is walked
// once with its own running state (location, category, deadline, the department holding the
// case, the last dispatch, the overdue mark), every event adds what the doc says it counts on
// its local (UTC+8) day, and the case's final state gives the gauges. It shares only the
// storage layout of a row with the service: field ids and histogram buckets
// (domain/kpi_counters.hpp). Pure.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "actors/domain/case_event.hpp"
#include "actors/domain/kpi_counters.hpp"

namespace cityops::kpi_tools {

// The day of a scope's gauges in the rows below (domain::kpi_now_day).
inline constexpr std::int64_t gauges_day = -1;

// scope ("node:<id>", "department:<id>") → day (days since 1970-01-01, UTC+8, or gauges_day)
// → counters. Rows that sum to nothing are left out.
using kpi_table = std::map<std::string, std::map<std::int64_t, domain::kpi_counters>>;

class kpi_reference {
 public:
  // Adds one case: its whole history, ascending seq, starting with `reported`.
  void add_case(const std::vector<domain::case_event>& history);
  // The table, rows that summed to nothing removed.
  kpi_table table() const;
  std::uint64_t cases() const { return cases_; }
  std::uint64_t events() const { return events_; }

 private:
  kpi_table rows_;
  std::uint64_t cases_ = 0;
  std::uint64_t events_ = 0;
};

// The local (UTC+8) day of a unix time in ms.
std::int64_t local_day(std::int64_t unix_ms);

}  // namespace cityops::kpi_tools
