#include "storage/quarantine_store.hpp"

#include <limits>

#include <rocksdb/db.h>

#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_store.hpp"
#include "storage/wire_format.hpp"

namespace cityops::storage {
namespace {

using detail::to_status;

constexpr std::string_view key_prefix = "q/";
enum tag : std::uint32_t { case_id = 1, reason, at_ms, failures };

std::string key_of(std::string_view case_id) {
  std::string k(key_prefix);
  k += case_id;
  return k;
}

}  // namespace

std::string encode_quarantine(const domain::quarantine_entry& q) {
  std::string out;
  wire::field_writer w(out);
  w.bytes(tag::case_id, q.case_id);
  w.bytes(tag::reason, q.reason);
  w.sint(tag::at_ms, q.at_ms);
  w.uint(tag::failures, q.failures);
  return out;
}

status decode_quarantine(std::string_view bytes, domain::quarantine_entry& out) {
  out = {};
  wire::field_reader r(bytes, 0, "quarantine entry");
  while (!r.done()) {
    wire::field f;
    if (auto s = r.next(f); !s.is_ok()) return s;
    switch (f.tag) {
      case tag::case_id: out.case_id.assign(f.value); break;
      case tag::reason: out.reason.assign(f.value); break;
      case tag::at_ms:
        if (auto s = r.as_sint(f, 0, std::numeric_limits<std::int64_t>::max(), out.at_ms);
            !s.is_ok())
          return s;
        break;
      case tag::failures: {
        std::uint64_t v = 0;
        if (auto s = r.as_uint(f, std::numeric_limits<std::uint32_t>::max(), v); !s.is_ok())
          return s;
        out.failures = static_cast<std::uint32_t>(v);
        break;
      }
      default: break;  // a field from a newer writer: skipped, like the event codec does
    }
  }
  if (out.case_id.empty()) return status::corruption("quarantine entry without a case id");
  return status::ok();
}

quarantine_store::quarantine_store(event_store& events) : events_(events) {}

status quarantine_store::put(const domain::quarantine_entry& q) {
  auto& p = *events_.impl_;
  rocksdb::WriteOptions wo;
  wo.sync = p.options.sync;
  return to_status(p.db->Put(wo, p.meta, key_of(q.case_id), encode_quarantine(q)),
                   "write quarantine of " + q.case_id);
}

status quarantine_store::remove(const std::string& case_id, bool& removed) {
  auto& p = *events_.impl_;
  std::string ignored;
  const auto key = key_of(case_id);
  const auto got = p.db->Get(rocksdb::ReadOptions(), p.meta, key, &ignored);
  if (got.IsNotFound()) {
    removed = false;
    return status::ok();
  }
  if (!got.ok()) return to_status(got, "read quarantine of " + case_id);
  rocksdb::WriteOptions wo;
  wo.sync = p.options.sync;
  removed = true;
  return to_status(p.db->Delete(wo, p.meta, key), "remove quarantine of " + case_id);
}

status quarantine_store::list(std::vector<domain::quarantine_entry>& out) const {
  out.clear();
  const auto& p = *events_.impl_;
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(rocksdb::ReadOptions(), p.meta));
  for (it->Seek(rocksdb::Slice(key_prefix.data(), key_prefix.size()));
       it->Valid() && it->key().starts_with(rocksdb::Slice(key_prefix.data(), key_prefix.size()));
       it->Next()) {
    domain::quarantine_entry q;
    const auto v = it->value();
    if (auto s = decode_quarantine(std::string_view(v.data(), v.size()), q); !s.is_ok())
      return status::corruption(it->key().ToString() + ": " + s.message());
    out.push_back(std::move(q));
  }
  return to_status(it->status(), "list quarantine");
}

}  // namespace cityops::storage
