#pragma once
// Internal to storage/: the KPI rows between event_store::append and the `kpi` family.
//
// Writing every touched row whole in every batch made the rows most of the batch's keys (a
// case at a community counts in four node rows and its department's, plus their gauges), and
// memtable inserts are what an append costs. So rows are written behind, with a journal:
//   - each batch puts ONE journal key `j/<16 hex>` holding its additions (row key → counter
//     additions), in the events' own WriteBatch: a committed event always has its counts;
//   - the newest value of each row lives here (rows_), the rows newer than stored in dirty_;
//   - every journal_limit batches (or dirty_limit rows, or at close) the batch that is due
//     also puts every dirty row whole and deletes the journal keys they absorbed — once per
//     row per interval instead of once per row per batch;
//   - at open, journal keys left by a crash are added to their rows and deleted, in one
//     synced batch, before the first append or read.
// Readers (kpi_reader) take a RocksDB snapshot and copy the dirty rows they need under
// mutex(); the writer holds it from Write() to commit(), so the two always agree, and while
// it adds a row to rows_.
//
// One writer (event_store::append); stage → Write → commit, or discard when either fails.

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <rocksdb/db.h>

#include "actors/domain/kpi_counters.hpp"
#include "storage/detail/sorted_batch.hpp"
#include "storage/status.hpp"

namespace cityops::storage::detail {

class kpi_rows {
 public:
  using additions = std::map<std::string, domain::kpi_counters>;
  static constexpr std::size_t journal_limit = 256;
  static constexpr std::size_t dirty_limit = 32768;
  static constexpr std::size_t cache_limit = 100000;

  // Adds the journal a crash left to its rows (one synced write). Before any other call.
  status recover(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf);
  // Puts one batch's additions (a key whose additions cancel out is skipped) into `ops`:
  // its journal entry, or — when a flush is due or `flush` — every dirty row and the
  // deletion of the journal. Keeps `add` for commit().
  status stage(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, additions add,
               sorted_batch& ops, bool flush = false);
  // The staged batch was written (call with mutex() held) / was not.
  void commit();
  void discard();
  bool has_dirty() const { return !dirty_.empty() || !journal_.empty(); }

  std::mutex& mutex() const { return mutex_; }
  // Rows newer than the store with keys in [first, upper) (call with mutex() held).
  void newer_rows(std::string_view first, std::string_view upper, additions& out) const;
  // Keys of every row newer than the store (call with mutex() held).
  std::vector<std::string> newer_keys() const { return {dirty_.begin(), dirty_.end()}; }

 private:
  // Makes sure rows_ holds `key` (its stored value, or empty when it has none).
  status load(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, const std::string& key);

  std::unordered_map<std::string, domain::kpi_counters> rows_;  // newest known value
  std::set<std::string> dirty_;        // keys of rows_ newer than the store
  std::vector<std::string> journal_;   // journal keys written and not yet absorbed
  std::uint64_t next_journal_ = 0;
  additions staged_;                   // the staged batch's additions
  std::string staged_journal_;         // the staged batch's journal key, if it has one
  bool staged_flush_ = false;
  mutable std::mutex mutex_;
};

}  // namespace cityops::storage::detail
