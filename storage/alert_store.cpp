// alert_store: oversight alerts in the `alerts` column family (see alert_store.hpp).
#include "storage/alert_store.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <rocksdb/write_batch.h>

#include "storage/alert_codec.hpp"
#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/family_pages.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_store.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

constexpr std::string_view cf_alerts = "alerts";

std::string alert_key(std::string_view id) {
  std::string k("a/");
  k += id;
  return k;
}

std::string status_prefix(domain::alert_status s) {
  std::string k("s/");
  k += domain::to_string(s);
  k += '/';
  return k;
}

// Newest first: the time is when the alert entered its status: raised (open), acknowledged
// (acked), closed (closed).
std::string status_key(const domain::alert& a) {
  const std::int64_t t = a.status == domain::alert_status::open    ? a.at_ms
                         : a.status == domain::alert_status::acked ? a.acked_at_ms
                                                                   : a.closed_at_ms;
  return status_prefix(a.status) + detail::newest_first(t) + "/" + a.id;
}

// The alert id at the end of a status key ("s/<status>/<hex>/<id>").
std::string_view id_of_status_key(std::string_view key) {
  const auto slash = key.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(slash + 1);
}

bool valid_alert_id(std::string_view id) {
  return !id.empty() && id.find('/') == std::string_view::npos &&
         id.find('\0') == std::string_view::npos;
}

status decode_stored(const std::string& bytes, std::string_view id, domain::alert& out) {
  auto s = decode_alert(bytes, out);
  if (s.is_ok()) return s;
  std::string m = "alert " + std::string(id) + ": " + s.message();
  return s.error_code() == status::code::unsupported ? status::unsupported(std::move(m))
                                                      : status::corruption(std::move(m));
}

}  // namespace

struct alert_store::impl {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* family = nullptr;
  bool sync = true;

  status read(const rocksdb::ReadOptions& ro, std::string_view id, domain::alert& out) const {
    std::string bytes;
    const auto s = db->Get(ro, family, alert_key(id), &bytes);
    if (s.IsNotFound()) return status::not_found("no alert '" + std::string(id) + "'");
    if (!s.ok()) return to_status(s, "read alert " + std::string(id));
    return decode_stored(bytes, id, out);
  }
};

alert_store::alert_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
alert_store::~alert_store() = default;

status alert_store::open(event_store& events, std::unique_ptr<alert_store>& out) {
  out.reset();
  auto& e = *events.impl_;
  auto p = std::make_unique<impl>();
  p->db = e.db.get();
  p->sync = e.options.sync;
  if (auto s = detail::open_family(e, cf_alerts, p->family); !s.is_ok()) return s;
  out.reset(new alert_store(std::move(p)));
  return status::ok();
}

status alert_store::raise(const std::vector<domain::alert>& batch,
                          std::vector<domain::alert>& stored) {
  stored.clear();
  if (batch.empty()) return status::ok();
  const impl& p = *impl_;
  rocksdb::WriteBatch wb;
  // id -> index in `stored` of its latest version in this batch; written once at the end.
  std::unordered_map<std::string, std::size_t> latest;
  std::unordered_set<std::string> changed;  // ids written at the end
  stored.reserve(batch.size());
  for (const auto& a : batch) {
    if (!valid_alert_id(a.id))
      return status::invalid_argument("alert id '" + a.id + "' is empty or contains '/'");
    domain::alert current;
    bool known = false;
    if (auto it = latest.find(a.id); it != latest.end()) {
      current = stored[it->second];
      known = true;
    } else {
      const auto s = p.read(rocksdb::ReadOptions(), a.id, current);
      if (s.is_ok()) {
        known = true;
      } else if (!s.is_not_found()) {
        return s;
      }
    }
    if (!known) {
      current = a;
      changed.insert(a.id);
    } else if (domain::grow(current, a)) {
      changed.insert(a.id);
    }
    latest[a.id] = stored.size();
    stored.push_back(std::move(current));
  }
  for (const auto& [id, index] : latest) {
    if (!changed.count(id)) continue;
    const auto& a = stored[index];
    wb.Put(p.family, alert_key(a.id), encode_alert(a));
    wb.Put(p.family, status_key(a), rocksdb::Slice());  // growing keeps status and time
  }
  if (changed.empty()) return status::ok();
  rocksdb::WriteOptions wo;
  wo.sync = p.sync;
  if (auto s = p.db->Write(wo, &wb); !s.ok()) return to_status(s, "raise alerts");
  return status::ok();
}

status alert_store::put(const domain::alert& a) {
  if (!valid_alert_id(a.id))
    return status::invalid_argument("alert id '" + a.id + "' is empty or contains '/'");
  const impl& p = *impl_;
  rocksdb::WriteBatch wb;
  domain::alert previous;
  const auto s = p.read(rocksdb::ReadOptions(), a.id, previous);
  if (s.is_ok()) {
    const auto old_key = status_key(previous);
    if (old_key != status_key(a)) wb.Delete(p.family, old_key);
  } else if (!s.is_not_found()) {
    return s;
  }
  wb.Put(p.family, alert_key(a.id), encode_alert(a));
  wb.Put(p.family, status_key(a), rocksdb::Slice());
  rocksdb::WriteOptions wo;
  wo.sync = p.sync;
  if (auto w = p.db->Write(wo, &wb); !w.ok()) return to_status(w, "write alert " + a.id);
  return status::ok();
}

status alert_store::get(const std::string& id, domain::alert& out) const {
  if (!valid_alert_id(id)) return status::not_found("no alert '" + id + "'");
  return impl_->read(rocksdb::ReadOptions(), id, out);
}

status alert_store::list(const alert_filter& f, const std::string& cursor, std::size_t limit,
                         alert_page& out) const {
  out = alert_page{};
  if (limit == 0 || limit > alert_list_max_limit)
    return status::invalid_argument("limit must be 1.." + std::to_string(alert_list_max_limit));
  const std::string prefix = status_prefix(f.status);
  if (!cursor.empty() && cursor.compare(0, prefix.size(), prefix) != 0)
    return status::invalid_argument("cursor does not belong to status " +
                                    std::string(domain::to_string(f.status)));
  const impl& p = *impl_;
  auto visit = [&](const rocksdb::ReadOptions& ro, const std::string& key, bool& taken) {
    domain::alert a;
    auto s = p.read(ro, id_of_status_key(key), a);
    if (s.is_not_found()) return status::corruption("alert index entry " + key + " has no alert");
    if (!s.is_ok()) return s;
    taken = domain::in_scope(a, f.scope);
    if (taken) out.items.push_back(std::move(a));
    return status::ok();
  };
  return detail::scan_page(p.db, p.family, prefix, cursor, limit, visit, out.next_cursor);
}

}  // namespace cityops::storage
