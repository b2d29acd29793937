#pragma once
// Internal to storage/ (RocksDB): walking one driving source of a listing (case_query_plan.hpp)
// from one view, and reading the snapshots of the entries walked.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/detail/case_query_plan.hpp"
#include "storage/detail/event_store_impl.hpp"

namespace cityops::storage::detail {

// The id part over `cases` (its values are the snapshots), then the index part over `idx`,
// skipping index entries whose case id the id part walks. `view` (and `source`) must outlive
// the walk.
class source_walk {
 public:
  source_walk(const event_store::impl& p, const rocksdb::ReadOptions& view,
              const driving_source& source);
  void seek_first();
  // Continues after the entry a decoded cursor names.
  void seek_after(const cursor_position& pos);
  // False at the end or after an error (see status()).
  bool valid() const { return at_ != part::done; }
  bool in_ids() const { return at_ == part::ids; }
  // The id part: the case id; the index part: the idx key.
  std::string_view key() const;
  std::string_view case_id() const;
  std::string_view snapshot() const;  // in_ids() only
  void next();
  const rocksdb::Status& status() const { return status_; }

 private:
  enum class part { ids, index, done };
  void open_ids();
  void start_index(const std::string& from);
  void settle();  // forward to the next entry to yield, the next part, or the end

  const event_store::impl& p_;
  const rocksdb::ReadOptions& view_;
  const driving_source& source_;
  std::string ids_upper_;
  rocksdb::Slice ids_upper_slice_;
  rocksdb::Slice index_upper_slice_;
  std::unique_ptr<rocksdb::Iterator> ids_;
  std::unique_ptr<rocksdb::Iterator> index_;
  part at_ = part::done;
  rocksdb::Status status_;
};

// One entry of a walk (or an index scan) whose snapshot is wanted.
struct walk_entry {
  std::string key;       // the case id, or the index key it was found under
  std::string case_id;
  std::string snapshot;  // the encoded snapshot when the walk carried it
  bool carried = false;
  bool in_ids = false;   // found in the id part of a walk (key is the case id)
};

// Appends the walk's current entry to `out`.
void take_entry(const source_walk& w, std::vector<walk_entry>& out);
// An index key's entry (the case id is its last component).
walk_entry index_entry(std::string key);

// Decodes the snapshots of `entries` in order; those not carried are read with one MultiGet.
// `decoded(i, record)` returns false to stop early. An entry without a snapshot is corruption:
// index keys and snapshots are written in one batch and read from one view.
template <class OnRecord>
status read_entries(const event_store::impl& p, const rocksdb::ReadOptions& view,
                    std::vector<walk_entry>& entries, OnRecord decoded);

// Non-template half of read_entries.
status fetch_missing(const event_store::impl& p, const rocksdb::ReadOptions& view,
                     std::vector<walk_entry>& entries);
status decode_entry(const walk_entry& e, domain::case_record& out);

template <class OnRecord>
status read_entries(const event_store::impl& p, const rocksdb::ReadOptions& view,
                    std::vector<walk_entry>& entries, OnRecord decoded) {
  if (auto s = fetch_missing(p, view, entries); !s.is_ok()) return s;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    domain::case_record r;
    if (auto s = decode_entry(entries[i], r); !s.is_ok()) return s;
    if (!decoded(i, std::move(r))) break;
  }
  return status::ok();
}

}  // namespace cityops::storage::detail
