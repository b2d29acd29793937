#include "storage/detail/kpi_rows.hpp"

#include <cstdio>
#include <memory>

#include "storage/detail/rocks_setup.hpp"
#include "storage/kpi_codec.hpp"

namespace cityops::storage::detail {
namespace {

constexpr std::string_view journal_prefix = "j/";

std::string journal_key(std::uint64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "j/%016llx", static_cast<unsigned long long>(n));
  return buf;
}

}  // namespace

status kpi_rows::recover(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf) {
  additions pending;
  std::vector<std::string> keys;
  {
    const std::string upper = "j0";  // '0' follows '/'
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro;
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro, cf));
    for (it->Seek(rocksdb::Slice(journal_prefix.data(), journal_prefix.size())); it->Valid();
         it->Next()) {
      const auto v = it->value();
      if (auto s = decode_kpi_journal_into(std::string_view(v.data(), v.size()), pending);
          !s.is_ok())
        return s;
      keys.push_back(it->key().ToString());
    }
    if (!it->status().ok()) return to_status(it->status(), "read kpi journal");
  }
  if (keys.empty()) return status::ok();
  rocksdb::WriteBatch wb;
  for (auto& [key, add] : pending) {
    domain::kpi_counters row;
    if (auto s = current(db, cf, key, row); !s.is_ok()) return s;
    row.add(add);
    wb.Put(cf, key, encode_kpi(row));
  }
  for (const auto& k : keys) wb.Delete(cf, k);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (auto s = db.Write(wo, &wb); !s.ok()) return to_status(s, "fold kpi journal");
  return status::ok();
}

status kpi_rows::current(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf,
                         const std::string& key, domain::kpi_counters& out) const {
  out = {};
  if (auto cached = rows_.find(key); cached != rows_.end()) {
    out = cached->second;
    return status::ok();
  }
  std::string stored;
  const auto got = db.Get(rocksdb::ReadOptions(), cf, key, &stored);
  if (got.IsNotFound()) return status::ok();
  if (!got.ok()) return to_status(got, "read kpi row");
  return decode_kpi_into(stored, out);
}

status kpi_rows::stage(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, const additions& add,
                       sorted_batch& ops, bool flush) {
  discard();
  additions effective;
  for (const auto& [key, counters] : add) {
    if (counters.empty()) continue;  // a gauge +1 and -1 in one batch
    domain::kpi_counters row;
    if (auto s = current(db, cf, key, row); !s.is_ok()) return s;
    row.add(counters);
    staged_.emplace_back(key, std::move(row));
    effective.emplace(key, counters);
  }
  flush = flush || journal_.size() + 1 >= journal_limit ||
          dirty_.size() + staged_.size() >= dirty_limit ||
          rows_.size() + staged_.size() > cache_limit;
  staged_flush_ = flush;
  if (!flush) {
    if (effective.empty()) return status::ok();
    staged_journal_ = journal_key(next_journal_);
    ops.put(cf, staged_journal_, encode_kpi_journal(effective));
    return status::ok();
  }
  // Every dirty row whole (with this batch's additions where it has some), then the journal.
  std::set<std::string> written;
  for (const auto& [key, row] : staged_) {
    ops.put(cf, key, encode_kpi(row));
    written.insert(key);
  }
  for (const auto& key : dirty_)
    if (!written.count(key)) ops.put(cf, key, encode_kpi(rows_.at(key)));
  for (const auto& key : journal_) ops.erase(cf, key);
  return status::ok();
}

void kpi_rows::commit() {
  const bool flushed = staged_flush_;
  if (flushed) {
    dirty_.clear();
    journal_.clear();
    next_journal_ = 0;  // no journal key is left in the store
    if (rows_.size() + staged_.size() > cache_limit) rows_.clear();
  } else if (!staged_journal_.empty()) {
    journal_.push_back(std::move(staged_journal_));
    ++next_journal_;
  }
  for (auto& [key, row] : staged_) {
    if (!flushed) dirty_.insert(key);
    rows_.insert_or_assign(std::move(key), std::move(row));
  }
  discard();
}

void kpi_rows::discard() {
  staged_.clear();
  staged_journal_.clear();
  staged_flush_ = false;
}

void kpi_rows::newer_rows(std::string_view first, std::string_view upper, additions& out) const {
  for (auto it = dirty_.lower_bound(std::string(first));
       it != dirty_.end() && std::string_view(*it) < upper; ++it)
    out.insert_or_assign(*it, rows_.at(*it));
}

}  // namespace cityops::storage::detail
