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
    if (auto s = load(db, cf, key); !s.is_ok()) return s;
    auto& row = rows_.at(key);
    row.add(add);
    wb.Put(cf, key, encode_kpi(row));
  }
  for (const auto& k : keys) wb.Delete(cf, k);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  const auto written = db.Write(wo, &wb);
  rows_.clear();  // what was loaded is only right once written
  if (!written.ok()) return to_status(written, "fold kpi journal");
  return status::ok();
}

status kpi_rows::load(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, const std::string& key) {
  if (rows_.count(key)) return status::ok();
  std::string stored;
  domain::kpi_counters row;
  const auto got = db.Get(rocksdb::ReadOptions(), cf, key, &stored);
  if (!got.ok() && !got.IsNotFound()) return to_status(got, "read kpi row");
  if (got.ok())
    if (auto s = decode_kpi_into(stored, row); !s.is_ok()) return s;
  // The stored value: keeping it changes nothing a reader sees, but readers look rows up
  // (newer_rows) while the writer stages, so the insertion itself is under their lock.
  std::lock_guard<std::mutex> lock(mutex_);
  rows_.emplace(key, std::move(row));
  return status::ok();
}

status kpi_rows::stage(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, additions add,
                       sorted_batch& ops, bool flush) {
  discard();
  for (auto it = add.begin(); it != add.end();) {
    if (it->second.empty()) {  // a gauge +1 and -1 in one batch
      it = add.erase(it);
      continue;
    }
    if (auto s = load(db, cf, it->first); !s.is_ok()) return s;
    ++it;
  }
  flush = flush || journal_.size() + 1 >= journal_limit ||
          dirty_.size() + add.size() >= dirty_limit || rows_.size() > cache_limit;
  staged_flush_ = flush;
  if (!flush) {
    if (!add.empty()) {
      staged_journal_ = journal_key(next_journal_);
      ops.put(cf, staged_journal_, encode_kpi_journal(add));
    }
    staged_ = std::move(add);
    return status::ok();
  }
  // Every dirty row whole, with this batch's additions where it has some, then the journal.
  for (const auto& [key, counters] : add) {
    auto row = rows_.at(key);
    row.add(counters);
    ops.put(cf, key, encode_kpi(row));
  }
  for (const auto& key : dirty_)
    if (!add.count(key)) ops.put(cf, key, encode_kpi(rows_.at(key)));
  for (const auto& key : journal_) ops.erase(cf, key);
  staged_ = std::move(add);
  return status::ok();
}

void kpi_rows::commit() {
  for (auto& [key, counters] : staged_) {
    rows_.at(key).add(counters);
    if (!staged_flush_) dirty_.insert(key);
  }
  if (staged_flush_) {
    dirty_.clear();
    journal_.clear();
    next_journal_ = 0;  // no journal key is left in the store
    if (rows_.size() > cache_limit) rows_.clear();
  } else if (!staged_journal_.empty()) {
    journal_.push_back(std::move(staged_journal_));
    ++next_journal_;
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
