// event_store: the read side (snapshots, histories, index scans, stats). All calls are const
// and safe to run concurrently with the single writer.
#include <cstring>

#include <rocksdb/snapshot.h>

#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_codec.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

// A decode failure (corruption or unsupported) with the record it concerns in front.
status decode_failure(const status& s, const std::string& record) {
  std::string m = record + ": " + s.message();
  return s.error_code() == status::code::unsupported ? status::unsupported(std::move(m))
                                                      : status::corruption(std::move(m));
}

bool starts_with(const rocksdb::Slice& key, const std::string& prefix) {
  return key.size() >= prefix.size() && std::memcmp(key.data(), prefix.data(), prefix.size()) == 0;
}

// Events of one case as of `base` (which may pin a snapshot), ascending seq.
status read_events_at(const event_store::impl& p, const rocksdb::ReadOptions& base,
                      const std::string& case_id, std::vector<domain::case_event>& out) {
  out.clear();
  const std::string prefix = detail::event_prefix(case_id);
  const std::string upper = detail::prefix_successor(prefix);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro = base;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(ro, p.events));
  for (it->Seek(prefix); it->Valid() && starts_with(it->key(), prefix); it->Next()) {
    std::uint32_t key_seq = 0;
    if (!detail::event_key_seq(std::string_view(it->key().data(), it->key().size()),
                               prefix.size(), key_seq))
      return status::corruption("case " + case_id + ": malformed event key");
    domain::case_event e;
    const auto value = it->value();
    if (auto s = decode_event(std::string_view(value.data(), value.size()), e); !s.is_ok())
      return decode_failure(s, "case " + case_id + " event " + std::to_string(key_seq));
    if (e.seq != key_seq)
      return status::corruption("case " + case_id + ": event stored under seq " +
                                std::to_string(key_seq) + " says seq " + std::to_string(e.seq));
    out.push_back(std::move(e));
  }
  return to_status(it->status(), "read events of " + case_id);
}

}  // namespace

status event_store::read_events(const std::string& case_id,
                                std::vector<domain::case_event>& out) const {
  return read_events_at(*impl_, rocksdb::ReadOptions(), case_id, out);
}

status event_store::load_case(const std::string& case_id, domain::case_record& out) const {
  const impl& p = *impl_;
  // One consistent view of snapshot and history, even while append() runs.
  rocksdb::ManagedSnapshot view(p.db.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  std::string bytes;
  auto s = p.db->Get(ro, p.cases, case_id, &bytes);
  if (s.IsNotFound()) return status::not_found("case " + case_id + " not found");
  if (!s.ok()) return to_status(s, "load case " + case_id);
  if (auto st = decode_snapshot(bytes, out); !st.is_ok())
    return decode_failure(st, "case " + case_id + " snapshot");
  return read_events_at(p, ro, case_id, out.history);
}

status event_store::find_idempotency(const std::string& key, idempotency_record& out) const {
  const impl& p = *impl_;
  std::string value;
  auto s = p.db->Get(rocksdb::ReadOptions(), p.idem, key, &value);
  if (s.IsNotFound()) return status::not_found("idempotency key not bound");
  if (!s.ok()) return to_status(s, "read idempotency key");
  out.key = key;
  if (!detail::parse_idempotency_value(value, out.case_id, out.body_hash))
    return status::corruption("idempotency key holds a malformed value");
  return status::ok();
}

status event_store::scan_index(const std::string& prefix, const std::string& cursor,
                               std::size_t limit, index_page& out) const {
  out.case_ids.clear();
  out.next_cursor.clear();
  if (limit == 0) return status::invalid_argument("scan_index: limit must be positive");
  const impl& p = *impl_;
  const std::string upper = detail::prefix_successor(prefix);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  // prefix + cursor + '\0' is the smallest key after the cursor's own key.
  const std::string start = cursor.empty() ? prefix : prefix + cursor + std::string(1, '\0');
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(ro, p.idx));
  for (it->Seek(start); it->Valid() && starts_with(it->key(), prefix); it->Next()) {
    if (out.case_ids.size() == limit) {
      out.next_cursor = out.case_ids.back();
      break;
    }
    out.case_ids.emplace_back(it->key().data() + prefix.size(), it->key().size() - prefix.size());
  }
  if (!it->status().ok()) {
    out.case_ids.clear();
    out.next_cursor.clear();
    return to_status(it->status(), "scan index " + prefix);
  }
  return status::ok();
}

std::string event_store::stats() const {
  const impl& p = *impl_;
  std::string out;
  auto line = [&out](const std::string& name, std::uint64_t value) {
    out += name;
    out += ' ';
    out += std::to_string(value);
    out += '\n';
  };
  static constexpr const char* properties[][2] = {
      {"rocksdb.estimate-num-keys", "estimate_num_keys"},
      {"rocksdb.total-sst-files-size", "sst_files_bytes"},
      {"rocksdb.cur-size-all-mem-tables", "memtables_bytes"}};
  const auto families = p.families();
  for (std::size_t i = 0; i < families.size(); ++i) {
    auto* cf = families[i];
    const std::string label = "{cf=\"" + cf->GetName() + "\"}";
    for (const auto& prop : properties) {
      std::uint64_t v = 0;
      if (p.db->GetIntProperty(cf, prop[0], &v))
        line(std::string("cityops_storage_") + prop[1] + label, v);
    }
    line("cityops_storage_written_keys" + label, p.written[i].load());
  }
  line("cityops_storage_block_cache_bytes", p.block_cache->GetUsage());
  line("cityops_storage_cases", case_count());
  return out;
}

}  // namespace cityops::storage
