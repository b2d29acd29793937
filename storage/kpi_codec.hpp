#pragma once
// The bytes of one KPI row (domain::kpi_counters) in the `kpi` family: format version 1, then
// per non-zero field in id order the varint gap to the previous id and the zig-zag varint
// value. Decoding never reads past its input (fuzzed with the other codecs' rules: any bytes
// give ok or corruption).

#include <map>
#include <string>
#include <string_view>

#include "actors/domain/kpi_counters.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

std::string encode_kpi(const domain::kpi_counters& c);
// Adds the decoded fields to `out` (so a caller can sum rows as it reads them).
status decode_kpi_into(std::string_view bytes, domain::kpi_counters& out);

// One journal entry of the row keeper (storage/detail/kpi_rows.hpp): a batch's additions per
// row key. Version byte 1, then per row: varint key length, key, varint row length, the row
// as encode_kpi writes it. Decoding adds to `out` and never reads past its input.
std::string encode_kpi_journal(const std::map<std::string, domain::kpi_counters>& rows);
// The same, row by row: an empty journal, then each row appended.
std::string begin_kpi_journal();
void append_kpi_journal_row(std::string& journal, std::string_view key,
                            const domain::kpi_counters& additions);
status decode_kpi_journal_into(std::string_view bytes,
                               std::map<std::string, domain::kpi_counters>& out);

}  // namespace cityops::storage
