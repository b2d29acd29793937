#pragma once
// Internal to storage/ (includes RocksDB; never include it from a public header): the column
// families, their tuning, and the translation of rocksdb::Status into storage::status.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "storage/event_store.hpp"

namespace cityops::storage::detail {

inline constexpr std::string_view cf_events = "events";
inline constexpr std::string_view cf_cases = "cases";
inline constexpr std::string_view cf_idx = "idx";
inline constexpr std::string_view cf_meta = "meta";
// Idempotency keys of reports: scoped key -> "<case id> <body hash>" (event_store.hpp).
inline constexpr std::string_view cf_idem = "idem";
// KPI counters per scope and day, rewritten by append() (kpi_store.hpp).
inline constexpr std::string_view cf_kpi = "kpi";

rocksdb::DBOptions db_options();

// Descriptors for the default family, the six store families, and any other family already
// in the directory (`existing`, e.g. added by a newer binary: opened with default options so
// the schema version check can answer). All share `block_cache`.
std::vector<rocksdb::ColumnFamilyDescriptor> column_families(
    const std::vector<std::string>& existing, const std::shared_ptr<rocksdb::Cache>& block_cache);

// `context` prefixes the message, e.g. "append".
status to_status(const rocksdb::Status& s, std::string_view context);

}  // namespace cityops::storage::detail
