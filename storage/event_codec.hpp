#pragma once
// The versioned binary encoding of stored events (`events` column family) and case snapshots
// (`cases`; a case_record without its history). Layout, version rule: storage/README.md.
//
// Encoding is deterministic. Decoding is total: any input either decodes or yields
// `corruption` (truncated, trailing or malformed bytes, out-of-range values) or `unsupported`
// (a format version newer than this binary); it never reads outside the given bytes.
// Unknown field tags are skipped, so records written by a newer binary that only added
// fields still decode. All functions are pure and thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "actors/domain/case_record.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

// The format version written as the first byte of every record.
inline constexpr std::uint8_t codec_format_version = 1;

std::string encode_event(const domain::case_event& event);
// On failure `out` is left in an unspecified but valid state.
status decode_event(std::string_view bytes, domain::case_event& out);

// Encodes every field of `record` except `history`.
std::string encode_snapshot(const domain::case_record& record);
// `out.history` is cleared.
status decode_snapshot(std::string_view bytes, domain::case_record& out);

}  // namespace cityops::storage
