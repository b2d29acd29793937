#pragma once
// Internal to storage/: the pure half of event_store::query_cases — what a filter may drive
// from, choosing among them, the cursor format, and the id-range rules that stand in for the
// keys the store does not write (t/ of ids that carry their day, p/ of the node an id starts
// with; index_keys.hpp). No RocksDB.

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

// The case ids a source walks in the `cases` family, in id order.
struct id_span {
  enum class kind : std::uint8_t {
    none,    // no id part
    all,     // every case
    prefix,  // ids starting with `prefix` ("<node>-")
    days     // per city c (the id up to its first '-'): ids from "c-" + lo_rest up to (not
             // including) "c-" + hi_rest; "" = unbounded on that side. Ids without '-' are
             // outside.
  };
  kind what = kind::none;
  std::string prefix;
  std::string lo_rest;
  std::string hi_rest;
};

// Where an id lies for a span: inside it; before the next id that may be inside (`target`,
// always greater than the id: seek there); or after every id inside it.
struct span_step {
  enum class kind : std::uint8_t { inside, seek, end };
  kind what = kind::end;
  std::string target;
};
span_step span_position(const id_span& span, std::string_view case_id);
bool span_contains(const id_span& span, std::string_view case_id);
// For an id inside `span` (not kind all): the end of the run of ids around it that are all
// inside (the greatest lower bound of the ids after the run), so a scan over another index
// component can skip every entry the id part already walked.
std::string span_run_end(const id_span& span, std::string_view case_id);

// The family letter of the source that walks every case (no filter).
inline constexpr char every_case = 'c';

// What a listing walks, in this order: the ids of `ids` in the `cases` family (snapshots are
// the values), then the `index` range of `idx` (none when index.lower is empty), skipping its
// entries whose case id lies in `ids` (walked already).
struct driving_source {
  char family = 0;  // cursors and case_query_page::driving name the source by it
  id_span ids;
  index_range index;
  bool has_index() const { return !index.lower.empty(); }
};

// The sources `f` may drive from, in tie-break order r, o, d, p, t, s (case_query.hpp); never
// empty — with no filter, 'c': every case in id order. 'p' walks the ids under "<node>-" then
// p/<node>/; 't' walks, per city, the ids of the days of from_ms and to_ms - 1 in UTC+8, then
// the t/ keys of those days (unbounded on a side without a bound, or whose day has no eight
// digits).
std::vector<driving_source> driving_candidates(const case_filter& f);

// The candidate with the fewest estimated entries; the first one on a tie.
std::size_t choose_driving(const std::vector<std::uint64_t>& estimated_entries);

// "<family>:<idx key>" in the index part, "<family>@<case id>" in the id part (in_ids).
std::string encode_cursor(char family, std::string_view key, bool in_ids = false);

// A decoded cursor: the candidate, the part, and the last key (or case id) examined.
struct cursor_position {
  std::size_t which = 0;
  bool in_ids = false;
  std::string key;
};
// invalid_argument when the cursor is malformed, too long, or not inside a candidate's part.
status decode_cursor(std::string_view cursor, const std::vector<driving_source>& candidates,
                     cursor_position& out);

}  // namespace cityops::storage::detail
