// letter_store: 预警函 / 提醒函 in the `letters` column family (see letter_store.hpp).
#include "storage/letter_store.hpp"

#include <rocksdb/write_batch.h>

#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/family_pages.hpp"
#include "storage/detail/rocks_setup.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_store.hpp"
#include "storage/letter_codec.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

constexpr std::string_view cf_letters = "letters";
constexpr std::string_view all_prefix = "i/";

std::string letter_key(std::string_view id) { return "l/" + std::string(id); }

std::string counter_key(std::int32_t year, domain::letter_kind kind) {
  return "n/" + std::to_string(year) + "/" + std::string(domain::to_string(kind));
}

std::string status_prefix(domain::letter_status s) {
  return "s/" + std::string(domain::to_string(s)) + "/";
}

std::string time_part(const domain::risk_letter& l) {
  return detail::newest_first(l.issued_ms) + "/" + l.id;
}

bool valid_letter_id(std::string_view id) {
  return !id.empty() && id.find('/') == std::string_view::npos &&
         id.find('\0') == std::string_view::npos;
}

}  // namespace

struct letter_store::impl {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* family = nullptr;
  bool sync = true;

  status read(const rocksdb::ReadOptions& ro, std::string_view id,
              domain::risk_letter& out) const {
    std::string bytes;
    const auto s = db->Get(ro, family, letter_key(id), &bytes);
    if (s.IsNotFound()) return status::not_found("no letter '" + std::string(id) + "'");
    if (!s.ok()) return to_status(s, "read letter " + std::string(id));
    auto d = decode_letter(bytes, out);
    if (d.is_ok() || d.error_code() == status::code::unsupported) return d;
    return status::corruption("letter " + std::string(id) + ": " + d.message());
  }

  status write(rocksdb::WriteBatch& wb, const std::string& what) const {
    rocksdb::WriteOptions wo;
    wo.sync = sync;
    return to_status(db->Write(wo, &wb), what);
  }
};

letter_store::letter_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
letter_store::~letter_store() = default;

status letter_store::open(event_store& events, std::unique_ptr<letter_store>& out) {
  out.reset();
  auto& e = *events.impl_;
  auto p = std::make_unique<impl>();
  p->db = e.db.get();
  p->sync = e.options.sync;
  if (auto s = detail::open_family(e, cf_letters, p->family); !s.is_ok()) return s;
  out.reset(new letter_store(std::move(p)));
  return status::ok();
}

status letter_store::last_number(std::int32_t year, domain::letter_kind kind,
                                 std::uint32_t& out) const {
  out = 0;
  std::string text;
  const auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->family, counter_key(year, kind),
                                &text);
  if (s.IsNotFound()) return status::ok();
  if (!s.ok()) return to_status(s, "read letter counter");
  std::uint64_t v = 0;
  if (!detail::parse_counter(text, v) || v > UINT32_MAX)
    return status::corruption("letter counter " + counter_key(year, kind) + " is '" + text + "'");
  out = static_cast<std::uint32_t>(v);
  return status::ok();
}

status letter_store::issue(domain::risk_letter& l) {
  std::uint32_t last = 0;
  if (auto s = last_number(l.year, l.kind, last); !s.is_ok()) return s;
  domain::number_letter(l, last + 1);
  rocksdb::WriteBatch wb;
  wb.Put(impl_->family, counter_key(l.year, l.kind), detail::encode_counter(l.number));
  wb.Put(impl_->family, letter_key(l.id), encode_letter(l));
  wb.Put(impl_->family, std::string(all_prefix) + time_part(l), rocksdb::Slice());
  wb.Put(impl_->family, status_prefix(l.status) + time_part(l), rocksdb::Slice());
  return impl_->write(wb, "issue letter " + l.id);
}

status letter_store::put(const domain::risk_letter& l) {
  if (!valid_letter_id(l.id)) return status::invalid_argument("letter id '" + l.id + "'");
  domain::risk_letter previous;
  if (auto s = impl_->read(rocksdb::ReadOptions(), l.id, previous); !s.is_ok()) return s;
  rocksdb::WriteBatch wb;
  if (previous.status != l.status) wb.Delete(impl_->family, status_prefix(previous.status) + time_part(previous));
  wb.Put(impl_->family, letter_key(l.id), encode_letter(l));
  wb.Put(impl_->family, status_prefix(l.status) + time_part(l), rocksdb::Slice());
  return impl_->write(wb, "write letter " + l.id);
}

status letter_store::get(const std::string& id, domain::risk_letter& out) const {
  if (!valid_letter_id(id)) return status::not_found("no letter '" + id + "'");
  return impl_->read(rocksdb::ReadOptions(), id, out);
}

status letter_store::list(const letter_filter& f, const std::string& cursor, std::size_t limit,
                          letter_page& out) const {
  out = letter_page{};
  if (limit == 0 || limit > letter_list_max_limit)
    return status::invalid_argument("limit must be 1.." + std::to_string(letter_list_max_limit));
  const std::string prefix = f.status ? status_prefix(*f.status) : std::string(all_prefix);
  const impl& p = *impl_;
  auto visit = [&](const rocksdb::ReadOptions& ro, const std::string& key, bool& taken) {
    domain::risk_letter l;
    auto s = p.read(ro, key.substr(key.rfind('/') + 1), l);
    if (s.is_not_found()) return status::corruption("letter index entry " + key + " has no letter");
    if (!s.is_ok()) return s;
    taken = domain::in_scope(l, f.scope);
    if (taken) out.items.push_back(std::move(l));
    return status::ok();
  };
  return detail::scan_page(p.db, p.family, prefix, cursor, limit, visit, out.next_cursor);
}

}  // namespace cityops::storage
