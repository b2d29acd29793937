#include "storage/kpi_store.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include <rocksdb/snapshot.h>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/kpi_calculator.hpp"
#include "config/civil_date.hpp"
#include "storage/detail/event_store_impl.hpp"
#include "storage/kpi_codec.hpp"

namespace cityops::storage {
namespace {

// The scope of a row key (n/<scope> or d/<scope>/<yyyymmdd>); empty for other keys.
std::string_view scope_of_key(std::string_view key) {
  if (key.rfind("n/", 0) == 0) return key.substr(2);
  if (key.rfind("d/", 0) == 0 && key.size() > 11) return key.substr(2, key.size() - 11);
  return {};
}

}  // namespace

std::string kpi_day_key(std::string_view scope, std::int64_t day) {
  std::string k("d/");
  k += scope;
  k += '/';
  k += config::compact_date(day);
  return k;
}

std::int64_t kpi_day_of_key(std::string_view key) {
  if (key.rfind("d/", 0) != 0 || key.size() < 11) return domain::kpi_now_day;
  std::int64_t yyyymmdd = 0;
  for (const char c : key.substr(key.size() - 8)) {
    if (c < '0' || c > '9') return domain::kpi_now_day;
    yyyymmdd = yyyymmdd * 10 + (c - '0');
  }
  const config::civil_date d{static_cast<int>(yyyymmdd / 10000),
                             static_cast<unsigned>(yyyymmdd / 100 % 100),
                             static_cast<unsigned>(yyyymmdd % 100)};
  return config::days_from_civil(d);
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
  const std::string now_key = kpi_now_key(scope);
  const std::string first = kpi_day_key(scope, from_day);
  const std::string upper = kpi_day_key(scope, to_day + 1);
  // The rows still behind the journal, from the same moment as the snapshot.
  std::map<std::int64_t, domain::kpi_counters> days;
  bool newer_gauges = false;
  std::unique_ptr<rocksdb::ManagedSnapshot> view;
  {
    std::lock_guard<std::mutex> lock(p.kpi_rows.mutex());
    view = std::make_unique<rocksdb::ManagedSnapshot>(p.db.get());
    newer_gauges = p.kpi_rows.newer_rows(scope, from_day, to_day, out.now, days);
  }
  rocksdb::ReadOptions ro;
  ro.snapshot = view->snapshot();
  if (!newer_gauges) {
    std::string value;
    const auto got = p.db->Get(ro, p.kpi, now_key, &value);
    if (got.ok()) {
      if (auto s = decode_kpi_into(value, out.now); !s.is_ok()) return s;
    } else if (!got.IsNotFound()) {
      return detail::to_status(got, "read kpi gauges");
    }
  }
  if (from_day > to_day) return status::ok();
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(ro, p.kpi));
  for (it->Seek(first); it->Valid(); it->Next()) {
    const auto key = it->key();
    const auto day = kpi_day_of_key(std::string_view(key.data(), key.size()));
    if (day < from_day || day > to_day || days.count(day)) continue;
    domain::kpi_counters c;
    const auto v = it->value();
    if (auto s = decode_kpi_into(std::string_view(v.data(), v.size()), c); !s.is_ok()) return s;
    days.emplace(day, std::move(c));
  }
  if (!it->status().ok()) return detail::to_status(it->status(), "read kpi days");
  out.days.assign(std::make_move_iterator(days.begin()), std::make_move_iterator(days.end()));
  return status::ok();
}

status kpi_reader::read_gauges(std::string_view scope, domain::kpi_counters& out) const {
  kpi_rows rows;
  auto s = read(scope, 1, 0, rows);  // an empty day range
  out = std::move(rows.now);
  return s;
}

status kpi_reader::scopes(std::vector<std::string>& out) const {
  out.clear();
  const auto& p = *events_.impl_;
  std::set<std::string> found;
  std::unique_ptr<rocksdb::ManagedSnapshot> view;
  {
    std::lock_guard<std::mutex> lock(p.kpi_rows.mutex());
    view = std::make_unique<rocksdb::ManagedSnapshot>(p.db.get());
    for (auto& scope : p.kpi_rows.newer_scopes()) found.insert(std::move(scope));
  }
  rocksdb::ReadOptions ro;
  ro.snapshot = view->snapshot();
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(ro, p.kpi));
  for (it->SeekToFirst(); it->Valid();) {
    const std::string_view key(it->key().data(), it->key().size());
    const std::string scope(scope_of_key(key));
    if (!scope.empty()) found.insert(scope);
    if (key.rfind("d/", 0) == 0 && !scope.empty()) {
      it->Seek("d/" + scope + "0");  // the next scope's day rows ('0' follows '/')
    } else {
      it->Next();
    }
  }
  found.erase(std::string());
  if (!it->status().ok()) return detail::to_status(it->status(), "list kpi scopes");
  out.assign(found.begin(), found.end());
  return status::ok();
}

}  // namespace cityops::storage
