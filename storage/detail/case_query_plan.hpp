#pragma once
// Internal to storage/: the pure half of event_store::query_cases — which index ranges a
// filter may drive from, choosing among them, and the cursor format. No RocksDB.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/case_query.hpp"
#include "storage/status.hpp"

namespace cityops::storage::detail {

// A contiguous range of `idx` keys: [lower, upper).
struct index_range {
  char family = 0;
  std::string lower;
  std::string upper;
  bool contains(std::string_view key) const { return key >= lower && key < upper; }
};

// The ranges `f` may drive from, in tie-break order r, o, d, p, t, s (case_query.hpp); never
// empty — with no filter, the whole day index. The t/ range covers the days of from_ms and
// to_ms - 1 in UTC+8 (unbounded on a side without a bound).
std::vector<index_range> driving_candidates(const case_filter& f);

// The candidate with the fewest estimated entries; the first one on a tie.
std::size_t choose_driving(const std::vector<std::uint64_t>& estimated_entries);

// "<family>:<key>".
std::string encode_cursor(char family, std::string_view key);
// Finds the candidate the cursor belongs to and the key it ends at; invalid_argument when the
// cursor is malformed, too long, or not inside a candidate's range.
status decode_cursor(std::string_view cursor, const std::vector<index_range>& candidates,
                     std::size_t& which, std::string& key);

}  // namespace cityops::storage::detail
