#pragma once
// Internal to storage/: what the stores beside the event store (alerts, letters) share — their
// column family in the event store's database, newest-first index keys, and paged scans of one
// index prefix from a consistent view.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <rocksdb/db.h>

#include "storage/detail/event_store_impl.hpp"
#include "storage/status.hpp"

namespace cityops::storage::detail {

// The family `name` of the event store's database, created when the store has none yet (a
// store written before it existed). A created handle joins the event store's, which destroys
// it before closing the database. Call before the event store is shared between threads.
status open_family(event_store::impl& events, std::string_view name,
                   rocksdb::ColumnFamilyHandle*& out);

// 16 hex digits of INT64_MAX − t (t < 0 counts as 0): keys sort newest first.
std::string newest_first(std::int64_t t);

// One page of the entries under `prefix`, in key order, from one snapshot: `visit(read,
// key)` gets each entry's key (and the read options of the view, to read what it names) and
// answers whether it took the entry, or a failed status to stop. Stops after `limit` taken or
// max(20 × limit, 2,000) examined, then sets `next_cursor` to the last key examined.
// `cursor` is "" or such a key (invalid_argument when it lies outside `prefix`).
using page_visitor = std::function<status(const rocksdb::ReadOptions& read,
                                          const std::string& key, bool& taken)>;
status scan_page(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family, const std::string& prefix,
                 const std::string& cursor, std::size_t limit, const page_visitor& visit,
                 std::string& next_cursor);

}  // namespace cityops::storage::detail
