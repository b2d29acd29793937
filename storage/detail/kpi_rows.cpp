#include "storage/detail/kpi_rows.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "storage/detail/rocks_setup.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/kpi_codec.hpp"
#include "storage/kpi_store.hpp"

namespace cityops::storage::detail {
namespace {

constexpr std::string_view journal_prefix = "j/";
constexpr std::string_view newest_day_key = "m/newest_day";

std::string journal_key(std::uint64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "j/%016llx", static_cast<unsigned long long>(n));
  return buf;
}

std::int64_t day_of_row(kpi_rows::row_id id) {
  return static_cast<std::int64_t>(id & 0xffffffffu) - 1;
}

// The newest day of the stored day rows: the marker, or — in a store written before it —
// one pass over the day rows (the next flush writes the marker).
status read_newest_day(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, std::int64_t& out) {
  out = std::numeric_limits<std::int64_t>::min();
  std::string value;
  const auto got = db.Get(rocksdb::ReadOptions(), cf,
                          rocksdb::Slice(newest_day_key.data(), newest_day_key.size()), &value);
  if (got.ok()) {
    std::uint64_t day = 0;
    if (!parse_counter(value, day)) return status::corruption("kpi: bad m/newest_day");
    out = static_cast<std::int64_t>(day);
    return status::ok();
  }
  if (!got.IsNotFound()) return to_status(got, "read kpi newest day");
  const std::string upper = "d0";  // '0' follows '/'
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro, cf));
  for (it->Seek("d/"); it->Valid(); it->Next())
    out = std::max(out, kpi_day_of_key(std::string_view(it->key().data(), it->key().size())));
  if (!it->status().ok()) return to_status(it->status(), "scan kpi days");
  return status::ok();
}

}  // namespace

std::uint32_t kpi_rows::batch_sink::scope(domain::kpi_scope_kind kind, std::string_view id) {
  for (const auto& n : recent_)
    if (n.kind == kind && n.id == id && !n.id.empty()) return n.index;
  scope_.assign(kind == domain::kpi_scope_kind::node ? "node:" : "department:");
  scope_.append(id);
  auto& slot = recent_[next_recent_++ % recent_.size()];
  slot.kind = kind;
  slot.id.assign(id);
  slot.index = rows_.scope_index(scope_);
  return slot.index;
}

void kpi_rows::batch_sink::add(std::uint32_t scope, std::int64_t day, std::uint32_t field,
                               std::int64_t n) {
  const auto row = make_row(scope, day);
  const auto [it, fresh] = slot_.try_emplace(row, static_cast<std::uint32_t>(sums_.size()));
  if (fresh) sums_.emplace_back(row, domain::kpi_counters{});
  sums_[it->second].second.add(field, n);
}

std::uint32_t kpi_rows::scope_index(const std::string& scope) {
  if (auto it = scope_ids_.find(scope); it != scope_ids_.end()) return it->second;
  const auto index = static_cast<std::uint32_t>(scope_names_.size());
  std::lock_guard<std::mutex> lock(mutex_);  // readers look scopes up
  scope_names_.push_back(scope);
  scope_ids_.emplace(scope, index);
  return index;
}

status kpi_rows::recover(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf) {
  if (auto s = read_newest_day(db, cf, stored_newest_day_); !s.is_ok()) return s;
  std::map<std::string, domain::kpi_counters> pending;
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
  uncached_through_day_ = stored_newest_day_;
  if (keys.empty()) return status::ok();
  rocksdb::WriteBatch wb;
  std::int64_t newest = stored_newest_day_;
  for (auto& [key, add] : pending) {
    newest = std::max(newest, kpi_day_of_key(key));
    std::string stored;
    domain::kpi_counters row;
    const auto got = db.Get(rocksdb::ReadOptions(), cf, key, &stored);
    if (!got.ok() && !got.IsNotFound()) return to_status(got, "read kpi row");
    if (got.ok())
      if (auto s = decode_kpi_into(stored, row); !s.is_ok()) return s;
    row.add(add);
    wb.Put(cf, key, encode_kpi(row));
  }
  for (const auto& k : keys) wb.Delete(cf, k);
  if (newest > stored_newest_day_ && newest >= 0)
    wb.Put(cf, rocksdb::Slice(newest_day_key.data(), newest_day_key.size()),
           encode_counter(static_cast<std::uint64_t>(newest)));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  const auto written = db.Write(wo, &wb);
  if (!written.ok()) return to_status(written, "fold kpi journal");
  stored_newest_day_ = newest;
  uncached_through_day_ = newest;
  return status::ok();
}

status kpi_rows::load(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, row_id id, row*& out) {
  if (auto it = rows_.find(id); it != rows_.end()) {
    out = &it->second;
    return status::ok();
  }

  const auto& scope = scope_names_.at(static_cast<std::size_t>(id >> 32));
  const auto day = day_of_row(id);
  row r;
  r.key = day == domain::kpi_now_day ? kpi_now_key(scope) : kpi_day_key(scope, day);
  if (day == domain::kpi_now_day || day <= uncached_through_day_) {
    std::string stored;
    const auto got = db.Get(rocksdb::ReadOptions(), cf, r.key, &stored);
    if (!got.ok() && !got.IsNotFound()) return to_status(got, "read kpi row");
    if (got.ok())
      if (auto s = decode_kpi_into(stored, r.counters); !s.is_ok()) return s;
  }
  // The stored value: keeping it changes nothing a reader sees, but readers look rows up
  // (newer_rows) while the writer stages, so the insertion itself is under their lock.
  std::lock_guard<std::mutex> lock(mutex_);
  out = &rows_.emplace(id, std::move(r)).first->second;
  return status::ok();
}

status kpi_rows::stage(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf,
                       row_sums add, sorted_batch& ops, bool flush) {
  discard();
  std::sort(add.begin(), add.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [id, sums] : add) {
    if (sums.empty()) continue;  // e.g. a gauge +1 and -1 in one batch
    row* r = nullptr;
    if (auto s = load(db, cf, id, r); !s.is_ok()) {
      discard();
      return s;
    }
    staged_.push_back({id, r, std::move(sums)});
  }
  flush = flush || journal_.size() + 1 >= journal_limit ||
          dirty_.size() + staged_.size() >= dirty_limit || rows_.size() > cache_limit;
  staged_flush_ = flush;
  if (!flush) {
    if (!staged_.empty()) {
      staged_journal_ = journal_key(next_journal_);
      std::string journal = begin_kpi_journal();
      for (const auto& s : staged_) append_kpi_journal_row(journal, s.r->key, s.sums);
      ops.put(cf, staged_journal_, std::move(journal));
    }
    return status::ok();
  }
  // Every dirty row whole, with this batch's additions where it has some, then the journal.
  for (const auto& s : staged_) {
    auto whole = s.r->counters;
    whole.add(s.sums);
    ops.put(cf, s.r->key, encode_kpi(whole));
  }
  const auto staged = [this](row_id id) {  // staged_ is in ascending id order
    const auto it = std::lower_bound(staged_.begin(), staged_.end(), id,
                                     [](const staged_row& s, row_id x) { return s.id < x; });
    return it != staged_.end() && it->id == id;
  };
  for (const auto id : dirty_) {
    if (staged(id)) continue;
    const auto& r = rows_.at(id);
    ops.put(cf, r.key, encode_kpi(r.counters));
  }
  for (const auto& key : journal_) ops.erase(cf, key);
  staged_newest_day_ = stored_newest_day_;
  for (const auto& st : staged_) staged_newest_day_ = std::max(staged_newest_day_, day_of_row(st.id));
  for (const auto id : dirty_) staged_newest_day_ = std::max(staged_newest_day_, day_of_row(id));
  if (staged_newest_day_ > stored_newest_day_ && staged_newest_day_ >= 0)
    ops.put(cf, std::string(newest_day_key),
            encode_counter(static_cast<std::uint64_t>(staged_newest_day_)));
  return status::ok();
}

void kpi_rows::commit() {
  for (auto& s : staged_) {
    s.r->counters.add(s.sums);
    if (!staged_flush_ && !s.r->dirty) {
      s.r->dirty = true;
      dirty_.push_back(s.id);
    }
  }
  if (staged_flush_) {
    stored_newest_day_ = std::max(stored_newest_day_, staged_newest_day_);
    for (const auto id : dirty_) rows_.at(id).dirty = false;
    dirty_.clear();
    journal_.clear();
    next_journal_ = 0;  // no journal key is left in the store
    if (rows_.size() > cache_limit) {
      rows_.clear();
      uncached_through_day_ = stored_newest_day_;
    }
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

bool kpi_rows::newer_rows(std::string_view scope, std::int64_t from_day, std::int64_t to_day,
                          domain::kpi_counters& now,
                          std::map<std::int64_t, domain::kpi_counters>& days) const {
  const auto found = scope_ids_.find(std::string(scope));
  if (found == scope_ids_.end()) return false;
  const auto newer = [this](row_id id) -> const row* {
    const auto it = rows_.find(id);
    return it != rows_.end() && it->second.dirty ? &it->second : nullptr;
  };
  bool gauges = false;
  if (const auto* r = newer(make_row(found->second, domain::kpi_now_day))) {
    now = r->counters;
    gauges = true;
  }
  from_day = std::max<std::int64_t>(from_day, 0);  // day -1 is the gauges' row
  if (from_day > to_day) return gauges;
  // Whichever is shorter: the days of the range, or the dirty rows.
  if (static_cast<std::uint64_t>(to_day - from_day) < dirty_.size()) {
    for (auto day = from_day; day <= to_day; ++day)
      if (const auto* r = newer(make_row(found->second, day))) days[day] = r->counters;
  } else {
    for (const auto id : dirty_) {
      const auto day = day_of_row(id);
      if (id >> 32 == found->second && day >= from_day && day <= to_day)
        days[day] = rows_.at(id).counters;
    }
  }
  return gauges;
}

std::vector<std::string> kpi_rows::newer_scopes() const {
  std::vector<std::string> out;
  for (const auto id : dirty_) out.push_back(scope_names_.at(static_cast<std::size_t>(id >> 32)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace cityops::storage::detail
