#include "storage/detail/family_pages.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

#include <rocksdb/snapshot.h>

#include "storage/detail/rocks_setup.hpp"
#include "storage/detail/store_keys.hpp"

namespace cityops::storage::detail {

status open_family(event_store::impl& events, std::string_view name,
                   rocksdb::ColumnFamilyHandle*& out) {
  out = nullptr;
  for (auto* h : events.handles)
    if (h->GetName() == name) out = h;
  if (out) return status::ok();
  const auto s = events.db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), std::string(name),
                                               &out);
  if (!s.ok()) return to_status(s, "create column family " + std::string(name));
  events.handles.push_back(out);
  return status::ok();
}

std::string newest_first(std::int64_t t) {
  const auto inverted = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) -
                        static_cast<std::uint64_t>(std::max<std::int64_t>(t, 0));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(inverted));
  return hex;
}

status scan_page(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, const std::string& prefix,
                 const std::string& cursor, std::size_t limit, const page_visitor& visit,
                 std::string& next_cursor) {
  next_cursor.clear();
  if (!cursor.empty() && cursor.compare(0, prefix.size(), prefix) != 0)
    return status::invalid_argument("cursor does not belong to this listing");
  rocksdb::ManagedSnapshot view(db);
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  const std::string upper = prefix_successor(prefix);
  const rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, family));
  const std::size_t max_examined = std::max<std::size_t>(20 * limit, 2000);
  std::size_t examined = 0;
  std::size_t taken = 0;
  std::string last;
  it->Seek(cursor.empty() ? prefix : cursor);
  if (!cursor.empty() && it->Valid() && it->key() == rocksdb::Slice(cursor)) it->Next();
  for (; it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (taken == limit || examined == max_examined) {
      next_cursor = last;  // more entries follow
      break;
    }
    ++examined;
    last = it->key().ToString();
    bool took = false;
    if (auto s = visit(ro, last, took); !s.is_ok()) return s;
    if (took) ++taken;
  }
  return to_status(it->status(), "list " + prefix);
}

}  // namespace cityops::storage::detail
