// event_store: open/close, schema check and the write path. Reads: event_store_reads.cpp.
#include "storage/event_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>

#include <rocksdb/write_batch.h>

#include "actors/domain/kpi_calculator.hpp"
#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/sorted_batch.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_codec.hpp"
#include "storage/index_keys.hpp"
#include "storage/kpi_store.hpp"

namespace cityops::storage {

using detail::to_status;

event_store::impl::~impl() {
  if (!db) return;
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  db->Close().PermitUncheckedError();
}

namespace {

// Reads a decimal counter from `meta`; `found` is false when the key is absent.
status read_meta_counter(const event_store::impl& p, std::string_view key, bool& found,
                         std::uint64_t& value) {
  std::string text;
  auto s = p.db->Get(rocksdb::ReadOptions(), p.meta, rocksdb::Slice(key.data(), key.size()),
                     &text);
  found = s.ok();
  value = 0;
  if (s.IsNotFound()) return status::ok();
  if (!s.ok()) return to_status(s, "read meta " + std::string(key));
  if (!detail::parse_counter(text, value))
    return status::corruption("meta " + std::string(key) + " holds '" + text +
                              "', not a decimal counter");
  return status::ok();
}

status check_schema(event_store::impl& p) {
  bool found = false;
  std::uint64_t version = 0;
  if (auto s = read_meta_counter(p, detail::meta_schema_version, found, version); !s.is_ok())
    return s;
  if (!found) {  // a new store
    rocksdb::WriteOptions wo;
    wo.sync = true;
    auto key = detail::meta_schema_version;
    return to_status(p.db->Put(wo, p.meta, rocksdb::Slice(key.data(), key.size()),
                               detail::encode_counter(event_store::schema_version)),
                     "write schema version");
  }
  if (version > event_store::schema_version)
    return status::unsupported("store schema version " + std::to_string(version) +
                               " is newer than this binary's " +
                               std::to_string(event_store::schema_version));
  if (version == 0) return status::corruption("store schema version 0 is invalid");
  return status::ok();
}

// Checks one case_write against the key rules and the seq order of its history.
status validate(const case_write& w) {
  if (!detail::valid_case_id(w.case_id))
    return status::invalid_argument("case id '" + w.case_id +
                                    "' is empty or contains '/' or NUL");
  if (w.snapshot.id != w.case_id)
    return status::invalid_argument("snapshot id '" + w.snapshot.id + "' != case id '" +
                                    w.case_id + "'");
  if (w.previous && w.previous->id != w.case_id)
    return status::invalid_argument("previous id '" + w.previous->id + "' != case id '" +
                                    w.case_id + "'");
  if (w.idempotency) {
    if (w.previous)
      return status::invalid_argument("case " + w.case_id +
                                      ": an idempotency key binds only a new case");
    if (w.idempotency->key.empty() || w.idempotency->case_id != w.case_id)
      return status::invalid_argument("case " + w.case_id + ": bad idempotency record");
  }
  std::uint32_t last = w.previous ? w.previous->version : 0;
  for (const auto& e : w.events) {
    if (e.seq <= last)
      return status::invalid_argument("case " + w.case_id + ": event seq " +
                                      std::to_string(e.seq) + " does not follow " +
                                      std::to_string(last));
    last = e.seq;
  }
  return status::ok();
}

bool contains(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

domain::case_status status_at(std::size_t i) { return static_cast<domain::case_status>(i); }

// Loads the per-status counters. They are persisted only when the store closes (with the
// marker); opening takes the marker away again, so after a crash the store has none and
// the counters are counted from the s/ index (a key-only scan; every case has exactly one
// s/ key, written in the same batch as the case).
status load_status_counts(event_store::impl& p) {
  bool marked = false;
  std::uint64_t ignored = 0;
  if (auto st = read_meta_counter(p, detail::meta_status_counts_marker, marked, ignored);
      !st.is_ok())
    return st;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < p.status_counts.size(); ++i) {
    std::uint64_t n = 0;
    if (marked) {
      bool found = false;
      const auto key = detail::meta_status_count(domain::to_string(status_at(i)));
      if (auto st = read_meta_counter(p, key, found, n); !st.is_ok()) return st;
    } else {
      const auto prefix = index_prefix_status(status_at(i));
      std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(rocksdb::ReadOptions(), p.idx));
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) ++n;
      if (!it->status().ok()) return to_status(it->status(), "count cases by status");
    }
    p.status_counts[i].store(n);
    total += n;
  }
  p.case_count.store(total);
  if (!marked) return status::ok();
  rocksdb::WriteOptions wo;
  wo.sync = true;
  const auto marker = detail::meta_status_counts_marker;
  return to_status(p.db->Delete(wo, p.meta, rocksdb::Slice(marker.data(), marker.size())),
                   "take the status counters");
}

// Writes the counters and their marker (load_status_counts); a failure only means they are
// counted again at the next open.
void persist_status_counts(event_store::impl& p) {
  rocksdb::WriteBatch wb;
  for (std::size_t i = 0; i < p.status_counts.size(); ++i)
    wb.Put(p.meta, detail::meta_status_count(domain::to_string(status_at(i))),
           detail::encode_counter(p.status_counts[i].load()));
  const auto count = detail::meta_case_count;
  wb.Put(p.meta, rocksdb::Slice(count.data(), count.size()),
         detail::encode_counter(p.case_count.load()));
  const auto marker = detail::meta_status_counts_marker;
  wb.Put(p.meta, rocksdb::Slice(marker.data(), marker.size()), detail::encode_counter(1));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  p.db->Write(wo, &wb).PermitUncheckedError();
}

// Writes the KPI rows kept behind the journal (kpi_rows.hpp); a failure leaves the journal,
// which the next open folds in.
void flush_kpi_rows(event_store::impl& p) {
  if (!p.kpi_rows.has_dirty()) return;
  detail::sorted_batch ops;
  if (!p.kpi_rows.stage(*p.db, p.kpi, {}, ops, true).is_ok()) return;
  rocksdb::WriteBatch wb;
  ops.build(wb);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  std::lock_guard<std::mutex> readers_wait(p.kpi_rows.mutex());
  if (p.db->Write(wo, &wb).ok()) p.kpi_rows.commit();
  else p.kpi_rows.discard();
}

}  // namespace

event_store::event_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
event_store::~event_store() {
  if (!impl_ || !impl_->db) return;
  flush_kpi_rows(*impl_);
  persist_status_counts(*impl_);
}

status event_store::open(const std::string& dir, const store_options& options,
                         std::unique_ptr<event_store>& out) {
  out.reset();
  auto p = std::make_unique<impl>();
  p->options = options;
  p->block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  const rocksdb::DBOptions db_opts = detail::db_options();

  std::vector<std::string> existing;  // stays empty for a new directory
  rocksdb::DB::ListColumnFamilies(db_opts, dir, &existing).PermitUncheckedError();
  const auto descriptors = detail::column_families(existing, p->block_cache);

  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(db_opts, dir, descriptors, &p->handles, &raw);
  if (!s.ok()) return to_status(s, "open " + dir);
  p->db.reset(raw);
  for (auto* h : p->handles) {
    const auto& name = h->GetName();
    if (name == detail::cf_events) p->events = h;
    if (name == detail::cf_cases) p->cases = h;
    if (name == detail::cf_idx) p->idx = h;
    if (name == detail::cf_meta) p->meta = h;
    if (name == detail::cf_idem) p->idem = h;
    if (name == detail::cf_kpi) p->kpi = h;
  }

  if (auto st = check_schema(*p); !st.is_ok()) return st;
  if (auto st = load_status_counts(*p); !st.is_ok()) return st;
  if (auto st = p->kpi_rows.recover(*p->db, p->kpi); !st.is_ok()) return st;
  out.reset(new event_store(std::move(p)));
  return status::ok();
}

status event_store::append(const std::vector<case_write>& batch,
                           const std::vector<id_mark>& marks) {
  if (batch.empty() && marks.empty()) return status::ok();
  impl& p = *impl_;
  detail::sorted_batch ops;
  std::map<std::string, std::uint64_t> highest;  // per scope: one put however many marks
  for (const auto& m : marks) {
    if (m.scope.empty()) return status::invalid_argument("append: id mark with an empty scope");
    auto& h = highest[m.scope];
    h = std::max(h, m.used);
  }
  for (const auto& [scope, used] : highest) {
    const std::string key = detail::meta_id_counter(scope);
    bool found = false;
    std::uint64_t current = 0;
    if (auto s = read_meta_counter(p, key, found, current); !s.is_ok()) return s;
    if (used > current) ops.put(p.meta, key, detail::encode_counter(used));
  }
  std::uint64_t new_cases = 0;
  std::vector<std::string> keys_bound;  // idempotency keys of this batch
  std::array<std::int64_t, case_status_count> status_delta{};
  detail::kpi_rows::batch_sink kpi(p.kpi_rows);  // the batch's counts
  for (const auto& w : batch) {
    if (auto s = validate(w); !s.is_ok()) return s;
    if (w.idempotency) {
      // The directory serializes requests per key, so a clash is a bug upstream: refuse it
      // rather than bind one key to two cases.
      const auto& key = w.idempotency->key;
      std::string existing;
      const auto got = p.db->Get(rocksdb::ReadOptions(), p.idem, key, &existing);
      if (got.ok() || contains(keys_bound, key))
        return status::invalid_argument("idempotency key of case " + w.case_id +
                                        " is already bound");
      if (!got.IsNotFound()) return to_status(got, "append: read idempotency key");
      keys_bound.push_back(key);
      ops.put(p.idem, key, detail::encode_idempotency_value(w.case_id, w.idempotency->body_hash));
    }
    for (const auto& e : w.events)
      ops.put(p.events, detail::event_key(w.case_id, e.seq), encode_event(e));
    ops.put(p.cases, w.case_id, encode_snapshot(w.snapshot));

    const auto new_keys = index_keys(w.snapshot);
    std::vector<std::string> old_keys;
    if (w.previous) old_keys = index_keys(*w.previous);
    for (const auto& k : old_keys)
      if (!contains(new_keys, k)) ops.erase(p.idx, k);
    for (const auto& k : new_keys)
      if (!contains(old_keys, k)) ops.put(p.idx, k, {});
    if (p.options.kpi_counters)
      domain::count_write(w.previous ? &*w.previous : nullptr, w.events, w.snapshot, kpi);
    if (!w.previous) ++new_cases;
    if (w.previous) --status_delta[static_cast<std::size_t>(w.previous->status)];
    ++status_delta[static_cast<std::size_t>(w.snapshot.status)];
  }
  if (p.options.kpi_counters)
    if (auto s = p.kpi_rows.stage(*p.db, p.kpi, std::move(kpi.sums()), ops); !s.is_ok())
      return s;
  // The counters live in memory (persisted at close): no meta write per batch.
  std::array<std::uint64_t, case_status_count> statuses{};
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    const auto now = static_cast<std::int64_t>(p.status_counts[i].load()) + status_delta[i];
    statuses[i] = now > 0 ? static_cast<std::uint64_t>(now) : 0;
  }
  const std::uint64_t count = p.case_count.load() + new_cases;
  rocksdb::WriteBatch wb;
  ops.build(wb);
  rocksdb::WriteOptions wo;
  wo.sync = p.options.sync;
  if (p.options.before_write)
    if (auto s = p.options.before_write(); !s.is_ok()) {
      p.kpi_rows.discard();
      return s;
    }
  std::lock_guard<std::mutex> readers_wait(p.kpi_rows.mutex());
  if (auto s = p.db->Write(wo, &wb); !s.ok()) {
    p.kpi_rows.discard();
    return to_status(s, "append");
  }
  p.kpi_rows.commit();
  const auto families = p.families();
  for (std::size_t i = 0; i < families.size(); ++i) p.written[i] += ops.count(families[i]);
  p.case_count.store(count);  // only after the batch is durable
  for (std::size_t i = 0; i < statuses.size(); ++i) p.status_counts[i].store(statuses[i]);
  return status::ok();
}

status event_store::reserve_ids(const std::string& scope, std::uint64_t count,
                                std::uint64_t& first) {
  if (scope.empty()) return status::invalid_argument("reserve_ids: empty scope");
  if (count == 0) return status::invalid_argument("reserve_ids: count must be positive");
  impl& p = *impl_;
  const std::string key = detail::meta_id_counter(scope);
  bool found = false;
  std::uint64_t current = 0;
  if (auto s = read_meta_counter(p, key, found, current); !s.is_ok()) return s;
  if (current > std::numeric_limits<std::uint64_t>::max() - count)
    return status::invalid_argument("reserve_ids: counter " + key + " would overflow");
  rocksdb::WriteOptions wo;
  wo.sync = true;  // always: a number handed out must never come back after a crash
  if (auto s = p.db->Put(wo, p.meta, key, detail::encode_counter(current + count)); !s.ok())
    return to_status(s, "reserve_ids " + key);
  first = current + 1;
  return status::ok();
}

status event_store::id_counter(const std::string& scope, std::uint64_t& value) const {
  if (scope.empty()) return status::invalid_argument("id_counter: empty scope");
  bool found = false;
  return read_meta_counter(*impl_, detail::meta_id_counter(scope), found, value);
}

std::uint64_t event_store::case_count() const { return impl_->case_count.load(); }

std::array<std::uint64_t, event_store::case_status_count> event_store::status_counts() const {
  std::array<std::uint64_t, case_status_count> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = impl_->status_counts[i].load();
  return out;
}

}  // namespace cityops::storage
