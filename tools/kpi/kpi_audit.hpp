#pragma once
// Checks a store's KPI rows (storage::kpi_reader) against the reference recomputed from its
// event log (kpi_reference.hpp): every case is listed (event_store::query_cases), its whole
// history read from the `events` family (read_events) and recounted; then every scope either
// side knows is read back over all days and compared field by field, gauges included.
// The store must not be written meanwhile (a stopped service, or a copy of its data).

#include <cstdint>
#include <string>
#include <vector>

#include "storage/event_store.hpp"
#include "tools/kpi/kpi_reference.hpp"

namespace cityops::kpi_tools {

struct kpi_difference {
  std::string scope;
  std::int64_t day = 0;  // gauges_day for the gauges
  std::uint32_t field = 0;
  std::int64_t recomputed = 0;
  std::int64_t stored = 0;
};

struct kpi_audit_result {
  std::uint64_t cases = 0;
  std::uint64_t events = 0;
  std::uint64_t scopes = 0;  // scopes compared (either side)
  std::uint64_t rows = 0;    // (scope, day) rows compared, gauges included
  std::uint64_t different_rows = 0;
  std::uint64_t differences = 0;         // fields that differ
  std::vector<kpi_difference> examples;  // the first max_examples of them
};

// Compares the rows of `stored` and `recomputed` (scopes as given by both).
void compare_tables(const kpi_table& recomputed, const kpi_table& stored,
                    std::size_t max_examples, kpi_audit_result& out);

// Recomputes every KPI row of `store` from its event log and compares.
storage::status audit_kpi(const storage::event_store& store, std::size_t max_examples,
                          kpi_audit_result& out);

// Every KPI row the store holds, for the scopes it lists (kpi_reader::scopes).
storage::status read_stored(const storage::event_store& store, kpi_table& out);

// "2026-11-30" for a day, "now" for the gauges.
std::string day_name(std::int64_t day);
// "reported", "source:hotline", "category:0601", "report_hist:68", … for a field id.
std::string field_name(std::uint32_t field);

}  // namespace cityops::kpi_tools
