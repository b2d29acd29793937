#pragma once
// Collects one append's writes and hands them to a rocksdb::WriteBatch ordered by column
// family and key. Why: a memtable insert that lands next to the previous one reuses the skip
// list's splice, while one in another place searches from the top; a group-committed batch of
// sequential case ids whose keys are added case by case (events, snapshot, ~8 index keys,
// each in a different place) makes nearly every insert a full search. Sorted, the index keys
// of one status, one node, one reporter… follow each other. Keys within one batch are unique
// (each carries its case id), and the sort is stable, so the outcome equals the unsorted batch.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

namespace cityops::storage::detail {

class sorted_batch {
 public:
  void put(rocksdb::ColumnFamilyHandle* cf, std::string key, std::string value) {
    ops_.push_back({cf, std::move(key), std::move(value), kind::put});
  }
  void erase(rocksdb::ColumnFamilyHandle* cf, std::string key) {
    ops_.push_back({cf, std::move(key), {}, kind::erase});
  }
  // Operations on `cf` so far.
  std::size_t count(const rocksdb::ColumnFamilyHandle* cf) const {
    return static_cast<std::size_t>(
        std::count_if(ops_.begin(), ops_.end(), [cf](const op& o) { return o.cf == cf; }));
  }
  void build(rocksdb::WriteBatch& wb) {
    std::stable_sort(ops_.begin(), ops_.end(), [](const op& a, const op& b) {
      if (a.cf->GetID() != b.cf->GetID()) return a.cf->GetID() < b.cf->GetID();
      return a.key < b.key;
    });
    for (const auto& o : ops_) {
      switch (o.what) {
        case kind::put: wb.Put(o.cf, o.key, o.value); break;
        case kind::erase: wb.Delete(o.cf, o.key); break;
      }
    }
  }

 private:
  enum class kind : std::uint8_t { put, erase };
  struct op {
    rocksdb::ColumnFamilyHandle* cf;
    std::string key;
    std::string value;
    kind what;
  };
  std::vector<op> ops_;
};

}  // namespace cityops::storage::detail
