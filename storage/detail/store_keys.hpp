#pragma once
// Internal to storage/: the keys of the `events` and `meta` column families and the text
// encoding of meta counters. Pure; no RocksDB.

#include <cstdint>
#include <string>
#include <string_view>

namespace cityops::storage::detail {

// `events`: case id + '\0' + 4-byte big-endian seq, so one case's events are contiguous and
// ordered, and a case id that prefixes another never shares its range.
std::string event_key(std::string_view case_id, std::uint32_t seq);
std::string event_prefix(std::string_view case_id);  // case id + '\0'
// The seq of an event key under `prefix`; false when the key is malformed.
bool event_key_seq(std::string_view key, std::size_t prefix_size, std::uint32_t& seq);

// A case id usable in keys: non-empty, no '\0' (events) and no '/' (idx).
bool valid_case_id(std::string_view case_id);

// `meta` keys.
inline constexpr std::string_view meta_schema_version = "schema_version";
inline constexpr std::string_view meta_case_count = "case_count";
std::string meta_id_counter(std::string_view scope);  // "seq/<scope>"
// "status_count/<status name>"; the marker says the counters exist (stores written before
// them are counted once from the s/ index when opened).
std::string meta_status_count(std::string_view status_name);
inline constexpr std::string_view meta_status_counts_marker = "status_counts_v1";

// `idem` values: case id + '\0' + body hash (case ids never contain '\0').
std::string encode_idempotency_value(std::string_view case_id, std::string_view body_hash);
bool parse_idempotency_value(std::string_view value, std::string& case_id,
                             std::string& body_hash);

// Meta values are unsigned decimal text (readable with `ldb`).
std::string encode_counter(std::uint64_t v);
bool parse_counter(std::string_view text, std::uint64_t& v);

// The smallest string greater than every string starting with `prefix`; empty when none
// exists (prefix empty or all 0xff).
std::string prefix_successor(std::string_view prefix);

}  // namespace cityops::storage::detail
