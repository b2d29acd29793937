#pragma once
// Internal to storage/: the KPI rows between event_store::append and the `kpi` family.
//
// Writing every touched row whole in every batch made the rows most of the batch's keys (a
// case at a community counts in four node rows and its department's, plus their gauges), and
// memtable inserts are what an append costs. So rows are written behind, with a journal:
//   - each batch puts ONE journal key `j/<16 hex>` holding its additions (row key → counter
//     additions), in the events' own WriteBatch: a committed event always has its counts;
//   - the newest value of each row lives here (rows_), flagged dirty while newer than stored;
//   - every journal_limit batches (or dirty_limit rows, or at close) the batch that is due
//     also puts every dirty row whole and deletes the journal keys they absorbed — once per
//     row per interval instead of once per row per batch;
//   - at open, journal keys left by a crash are added to their rows and deleted, in one
//     synced batch, before the first append or read.
// The key `m/newest_day` holds the newest day of any day row in the store (decimal days since
// 1970-01-01, written with the rows). Every row stored after the open (or the last time the
// cache was emptied) went through rows_ and is still there, so a row missing from rows_ whose
// day is later than the newest stored day of that moment is new: loading it needs no read —
// most rows a batch first touches are today's new ones.
// In memory a row is an integer (scope index × day): a batch's counts arrive field by field
// (batch_sink, a domain::kpi_sink) and are summed per row at once, so counting builds no key
// string; a row's key string is built once, when it is first loaded.
// Readers (kpi_reader) take a RocksDB snapshot and copy the dirty rows they need under
// mutex(); the writer holds it from Write() to commit(), so the two always agree, and while
// it adds a scope or a row to its tables.
//
// One writer (event_store::append); stage → Write → commit, or discard when either fails.

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <rocksdb/db.h>

#include "actors/domain/kpi_calculator.hpp"
#include "actors/domain/kpi_counters.hpp"
#include "storage/detail/sorted_batch.hpp"
#include "storage/status.hpp"

namespace cityops::storage::detail {

class kpi_rows {
 public:
  using row_id = std::uint64_t;  // scope index << 32 | (day + 1); day -1 is the gauges' row
  using row_sums = std::vector<std::pair<row_id, domain::kpi_counters>>;
  static constexpr std::size_t journal_limit = 256;
  static constexpr std::size_t dirty_limit = 32768;
  static constexpr std::size_t cache_limit = 100000;

  // One batch's counts (domain::count_write), summed per row as they arrive.
  class batch_sink final : public domain::kpi_sink {
   public:
    explicit batch_sink(kpi_rows& rows) : rows_(rows) {}
    std::uint32_t scope(domain::kpi_scope_kind kind, std::string_view id) override;
    void add(std::uint32_t scope, std::int64_t day, std::uint32_t field,
             std::int64_t n) override;
    // Per row its sums, in no particular order.
    row_sums& sums() { return sums_; }

   private:
    kpi_rows& rows_;
    std::string scope_;  // reused: the scope's name while it is looked up
    std::unordered_map<row_id, std::uint32_t> slot_;  // row → its index in sums_
    row_sums sums_;
    // The scopes named last: every event of a write names its location path again.
    struct named {
      domain::kpi_scope_kind kind;
      std::string id;
      std::uint32_t index;
    };
    std::array<named, 8> recent_{};
    std::size_t next_recent_ = 0;
  };

  // Adds the journal a crash left to its rows (one synced write). Before any other call.
  status recover(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf);
  // Puts one batch's additions (summed per row and field; a row whose sums are all zero is
  // skipped) into `ops`: its journal entry, or — when a flush is due or `flush` — every dirty
  // row and the deletion of the journal. Keeps them for commit().
  status stage(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, row_sums add,
               sorted_batch& ops, bool flush = false);
  // The staged batch was written (call with mutex() held) / was not.
  void commit();
  void discard();
  bool has_dirty() const { return !dirty_.empty() || !journal_.empty(); }

  std::mutex& mutex() const { return mutex_; }
  // The rows of `scope` newer than the store (call with mutex() held): its gauges (into
  // `now`, returning whether they are newer) and its days in [from_day, to_day] into `days`.
  bool newer_rows(std::string_view scope, std::int64_t from_day, std::int64_t to_day,
                  domain::kpi_counters& now,
                  std::map<std::int64_t, domain::kpi_counters>& days) const;
  // The scopes with a row newer than the store (call with mutex() held).
  std::vector<std::string> newer_scopes() const;

 private:
  struct row {
    std::string key;  // d/<scope>/<yyyymmdd> or n/<scope>
    domain::kpi_counters counters;
    bool dirty = false;
  };
  static row_id make_row(std::uint32_t scope, std::int64_t day) {
    return (static_cast<row_id>(scope) << 32) | static_cast<std::uint32_t>(day + 1);
  }
  std::uint32_t scope_index(const std::string& scope);
  // rows_'s entry for `id`, loaded from the store when it is not there yet.
  status load(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, row_id id, row*& out);

  std::unordered_map<std::string, std::uint32_t> scope_ids_;
  std::vector<std::string> scope_names_;     // by index
  std::unordered_map<row_id, row> rows_;     // newest known value of each row in use
  std::vector<row_id> dirty_;                // rows newer than the store
  std::vector<std::string> journal_;         // journal keys written and not yet absorbed
  // The newest day with a stored day row (recover() reads it); none yet: below every day.
  std::int64_t stored_newest_day_ = std::numeric_limits<std::int64_t>::min();
  // Rows of later days are in the store only if they are in rows_ (see above).
  std::int64_t uncached_through_day_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t staged_newest_day_ = std::numeric_limits<std::int64_t>::min();
  std::uint64_t next_journal_ = 0;
  // The staged batch: per row (ascending id) its summed additions.
  struct staged_row {
    row_id id;
    row* r;  // in rows_ (its nodes stay put while the map grows)
    domain::kpi_counters sums;
  };
  std::vector<staged_row> staged_;
  std::string staged_journal_;               // its journal key, if it has one
  bool staged_flush_ = false;
  mutable std::mutex mutex_;
};

}  // namespace cityops::storage::detail
