#include "storage/detail/rocks_setup.hpp"

#include <algorithm>

#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

namespace cityops::storage::detail {
namespace {

constexpr std::uint64_t mib = 1u << 20;

// Memtable insert hints (memtable_insert_with_hint_prefix_extractor): RocksDB remembers where
// the last key of each prefix went and starts the next insert of that prefix there. Our
// writes are mostly appends within a group: the next case id of the day, the next id under
// one index value (s/reported/…, t/20261128/…). Reads are unaffected.
class hint_prefix : public rocksdb::SliceTransform {
 public:
  // kind 'idx': everything before the case id ("s/reported/"); kind 'case': the case id up
  // to its day ("3706-20261128-").
  explicit hint_prefix(bool index_keys) : index_keys_(index_keys) {}
  const char* Name() const override {
    return index_keys_ ? "cityops.hint.index" : "cityops.hint.case";
  }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const char* d = key.data();
    std::size_t n = key.size();
    if (index_keys_) {
      while (n > 0 && d[n - 1] != '/') --n;
      return rocksdb::Slice(d, n);
    }
    int dashes = 0;
    for (std::size_t i = 0; i < key.size(); ++i)
      if (d[i] == '-' && ++dashes == 2) return rocksdb::Slice(d, i + 1);
    return key;
  }
  bool InDomain(const rocksdb::Slice&) const override { return true; }

 private:
  bool index_keys_;
};

rocksdb::ColumnFamilyOptions tuned(std::uint64_t memtable_budget,
                                   const std::shared_ptr<rocksdb::Cache>& block_cache,
                                   bool point_lookups) {
  rocksdb::ColumnFamilyOptions cf;
  // Sizes memtables, L0 triggers and level targets from one budget; LZ4/Snappy below L1.
  cf.OptimizeLevelStyleCompaction(memtable_budget);
  cf.level_compaction_dynamic_level_bytes = true;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = block_cache;
  // `cases` is read by key (Get); the other families by prefix scans, where a whole-key bloom
  // filter does not help.
  if (point_lookups) table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

}  // namespace

rocksdb::DBOptions db_options() {
  rocksdb::DBOptions db;
  db.create_if_missing = true;
  db.create_missing_column_families = true;
  db.max_background_jobs = 2;
  db.bytes_per_sync = 1 * mib;
  // One cap on all memtables together, and a WAL limit that forces a flush of the small,
  // rarely-full families (meta) so old WAL files do not pile up behind them.
  db.db_write_buffer_size = 256 * mib;
  db.max_total_wal_size = 256 * mib;
  // Open stays fast on a big store: no per-file stats or size checks at open.
  db.skip_stats_update_on_db_open = true;
  db.skip_checking_sst_file_sizes_on_db_open = true;
  return db;
}

std::vector<rocksdb::ColumnFamilyDescriptor> column_families(
    const std::vector<std::string>& existing, const std::shared_ptr<rocksdb::Cache>& block_cache) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  const auto case_hint = std::make_shared<const hint_prefix>(false);
  auto events = tuned(128 * mib, block_cache, false);
  events.memtable_insert_with_hint_prefix_extractor = case_hint;
  cfs.emplace_back(std::string(cf_events), events);
  auto cases = tuned(64 * mib, block_cache, true);
  cases.memtable_insert_with_hint_prefix_extractor = case_hint;
  cfs.emplace_back(std::string(cf_cases), cases);
  auto idx = tuned(64 * mib, block_cache, false);
  idx.memtable_insert_with_hint_prefix_extractor = std::make_shared<const hint_prefix>(true);
  cfs.emplace_back(std::string(cf_idx), idx);
  rocksdb::ColumnFamilyOptions meta;
  meta.write_buffer_size = 4 * mib;
  cfs.emplace_back(std::string(cf_meta), meta);
  // Point lookups only (one Get per keyed report); small values.
  rocksdb::ColumnFamilyOptions idem = tuned(16 * mib, block_cache, true);
  cfs.emplace_back(std::string(cf_idem), idem);
  // Rewritten with every append (today's rows: hot), read by day ranges of one scope.
  cfs.emplace_back(std::string(cf_kpi), tuned(32 * mib, block_cache, false));
  for (const auto& name : existing) {
    const bool known = std::any_of(cfs.begin(), cfs.end(),
                                   [&](const auto& d) { return d.name == name; });
    if (!known) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  return cfs;
}

status to_status(const rocksdb::Status& s, std::string_view context) {
  std::string m(context);
  m += ": ";
  m += s.ToString();
  if (s.ok()) return status::ok();
  if (s.IsNotFound()) return status::not_found(std::move(m));
  if (s.IsCorruption()) return status::corruption(std::move(m));
  if (s.IsInvalidArgument()) return status::invalid_argument(std::move(m));
  if (s.IsNotSupported()) return status::unsupported(std::move(m));
  return status::io_error(std::move(m));
}

}  // namespace cityops::storage::detail
