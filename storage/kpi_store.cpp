#include "storage/kpi_store.hpp"

#include <memory>
#include <set>

#include <rocksdb/snapshot.h>

#include "actors/domain/iso_time.hpp"
#include "config/civil_date.hpp"
#include "storage/detail/event_store_impl.hpp"
#include "storage/kpi_codec.hpp"

namespace cityops::storage {
namespace {

std::string day_stamp(std::int64_t day) {
  const auto d = config::civil_from_days(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", d.year, d.month, d.day);
  return buf;
}

// The day of a key's last 8 characters (yyyymmdd); -1 when they are not a date.
std::int64_t day_of_key(std::string_view key) {
  if (key.size() < 8) return -1;
  const auto tail = key.substr(key.size() - 8);
  std::string text = std::string(tail.substr(0, 4)) + "-" + std::string(tail.substr(4, 2)) + "-" +
                     std::string(tail.substr(6, 2));
  const auto d = config::parse_civil_date(text);
  return d ? config::days_from_civil(*d) : -1;
}

}  // namespace

std::string kpi_day_key(std::string_view scope, std::int64_t day) {
  std::string k("d/");
  k += scope;
  k += '/';
  k += day_stamp(day);
  return k;
}

std::string kpi_now_key(std::string_view scope) {
  std::string k("n/");
  k += scope;
  return k;
}

status kpi_reader::read(std::string_view scope, std::int64_t from_day, std::int64_t to_day,
                        kpi_rows& out) const {
  out = {};
  const auto& p = *events_.impl_;
  rocksdb::ManagedSnapshot view(p.db.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  std::string value;
  const auto got = p.db->Get(ro, p.kpi, kpi_now_key(scope), &value);
  if (got.ok()) {
    if (auto s = decode_kpi_into(value, out.now); !s.is_ok()) return s;
  } else if (!got.IsNotFound()) {
    return detail::to_status(got, "read kpi gauges");
  }
  if (from_day > to_day) return status::ok();
  const std::string first = kpi_day_key(scope, from_day);
  const std::string upper = kpi_day_key(scope, to_day + 1);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(ro, p.kpi));
  for (it->Seek(first); it->Valid(); it->Next()) {
    const auto key = it->key();
    const auto day = day_of_key(std::string_view(key.data(), key.size()));
    if (day < from_day || day > to_day) continue;
    domain::kpi_counters c;
    const auto v = it->value();
    if (auto s = decode_kpi_into(std::string_view(v.data(), v.size()), c); !s.is_ok()) return s;
    out.days.emplace_back(day, std::move(c));
  }
  if (!it->status().ok()) return detail::to_status(it->status(), "read kpi days");
  return status::ok();
}

status kpi_reader::scopes(std::vector<std::string>& out) const {
  out.clear();
  const auto& p = *events_.impl_;
  rocksdb::ManagedSnapshot view(p.db.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(ro, p.kpi));
  std::set<std::string> found;
  for (it->SeekToFirst(); it->Valid();) {
    const std::string_view key(it->key().data(), it->key().size());
    if (key.rfind("n/", 0) == 0) {
      found.emplace(key.substr(2));
      it->Next();
    } else if (key.rfind("d/", 0) == 0 && key.size() > 11) {
      // d/<scope>/<yyyymmdd>: the next scope's rows start after "d/<scope>0" ('0' follows '/').
      const std::string scope(key.substr(2, key.size() - 11));
      found.insert(scope);
      it->Seek("d/" + scope + "0");
    } else {
      it->Next();
    }
  }
  if (!it->status().ok()) return detail::to_status(it->status(), "list kpi scopes");
  out.assign(found.begin(), found.end());
  return status::ok();
}

}  // namespace cityops::storage
