#pragma once
// Internal to storage/: the `kpi` family's merge operator. A committed write adds its KPI
// changes as Merge operands (no read before the write); RocksDB folds them into the row by
// adding field by field (domain::kpi_counters::add) when it reads or compacts. A row that
// does not decode fails the merge (RocksDB reports corruption) rather than count wrong.

#include <memory>

#include <rocksdb/merge_operator.h>

namespace cityops::storage::detail {

std::shared_ptr<rocksdb::MergeOperator> kpi_merge_operator();

}  // namespace cityops::storage::detail
