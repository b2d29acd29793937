#pragma once
// Filtered, paged listings of cases (event_store::query_cases; GET /api/v1/cases). Plain
// data, no RocksDB, no CAF.
//
// A query walks ONE driving source in order from its cursor, reads the snapshot of every
// entry and keeps those that pass all the other filters. A source is a secondary index range,
// or a range of case ids in the `cases` family (whose values are the snapshots) followed by
// an index range for the cases the ids do not place (index_keys.hpp: t/ and p/ are written
// only for those):
//
//   filter           driving source (walked in this order)
//   reporter_hash    r/<hash>/<id>
//   overdue_only     o/<id>
//   department       d/<department>/<id>
//   node             the ids "<node>-…" (the city of service ids), then p/<node>/<id>
//   from_ms / to_ms  per city, the ids "<city>-<yyyymmdd>-…" of the days from the day of
//                    from_ms to the day of to_ms - 1 (UTC+8), then t/<yyyymmdd>/<id> of them
//   status           s/<status>/<id>
//   (none)           every case id ('c')
//
// Index entries whose case the id part walked already (an index written by an earlier layout
// holds such keys) are skipped, a run of them with one seek, so every case is examined once.
//
// Planning (first page): of the sources the filter allows, the one with the fewest entries
// in its range drives; on a tie the earlier one in the table above. The sources are walked in
// lockstep, so when the smallest holds at most 1,024 entries it is found exactly, at a cost
// of (number of filters) × (its size) steps; when every source is larger, RocksDB's size
// estimates of the ranges decide. A cursor names its source, so every later page of a listing
// walks the source its first page chose, whatever the sizes are by then.
//
// Order: key order, which for every index is ascending case id within a component and for
// the id part ascending case id — ids are "<city>-<yyyymmdd>-<seq>", so oldest first. The
// index part of a node or day listing (ids that do not start with the node, or do not carry
// their creation day) comes after its id part.
//
// Paging: one call examines at most case_query_budget(limit) entries. It stops at `limit`
// matches or at that bound, and returns a cursor to continue after the last entry it
// examined whenever entries remain — so a page may hold fewer than `limit` items (even none)
// and still have a next_cursor; only an empty next_cursor means the listing is complete.
// Cursors are "<family>:<last index key examined>" or "<family>@<last case id examined>" and
// are checked on input: one that does not lie in a part of a source this filter may drive
// from is `invalid_argument`. A listing is not a snapshot: a case whose indexed fields change
// while a client pages may be missed or listed twice.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/domain/case_record.hpp"

namespace cityops::storage {

// Every set member must hold; an empty filter lists every case.
struct case_filter {
  std::optional<domain::case_status> status;
  std::string department;               // "" = any; else record.department equals it
  std::string node;                     // "" = any; else location_path contains it
  bool overdue_only = false;            // open cases marked overdue
  std::optional<std::int64_t> from_ms;  // created_ms >= from_ms
  std::optional<std::int64_t> to_ms;    // created_ms <  to_ms
  std::string reporter_hash;            // "" = any; else the reporter's salted phone hash
  bool unclassified_only = false;       // waiting for a category (domain::needs_classification)
  std::optional<domain::case_priority> priority;  // the case's priority now
};

struct case_query_page {
  std::vector<domain::case_record> items;  // snapshots (history empty), index key order
  std::string next_cursor;                 // "" when the driving index is exhausted
  // Diagnostics: the driving source's family letter ('c': every case) and the entries
  // examined.
  char driving = 0;
  std::size_t examined = 0;
};

inline constexpr std::size_t case_query_default_limit = 50;
inline constexpr std::size_t case_query_max_limit = 200;
inline constexpr std::size_t case_query_max_cursor = 512;  // bytes

// The most entries one call examines: 20 × limit, at least 2,000.
inline std::size_t case_query_budget(std::size_t limit) {
  return std::max<std::size_t>(20 * limit, 2000);
}

// True when `record` passes every filter in `f` (the in-memory check of the non-driving ones).
bool case_matches(const case_filter& f, const domain::case_record& record);

}  // namespace cityops::storage
