#include "storage/detail/source_walk.hpp"

#include "storage/detail/store_keys.hpp"
#include "storage/event_codec.hpp"

namespace cityops::storage::detail {
namespace {

std::string_view view_of(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

std::string_view id_of_index_key(std::string_view key) {
  const auto slash = key.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(slash + 1);
}

}  // namespace

source_walk::source_walk(const event_store::impl& p, const rocksdb::ReadOptions& view,
                         const driving_source& source)
    : p_(p), view_(view), source_(source) {}

void source_walk::open_ids() {
  rocksdb::ReadOptions ro = view_;
  if (source_.ids.what == id_span::kind::prefix) {
    ids_upper_ = prefix_successor(source_.ids.prefix);
    ids_upper_slice_ = rocksdb::Slice(ids_upper_);
    ro.iterate_upper_bound = &ids_upper_slice_;
  }
  ids_.reset(p_.db->NewIterator(ro, p_.cases));
  at_ = part::ids;
}

void source_walk::seek_first() {
  status_ = rocksdb::Status::OK();
  if (source_.ids.what == id_span::kind::none) {
    start_index(source_.index.lower);
    return;
  }
  open_ids();
  ids_->Seek(source_.ids.what == id_span::kind::prefix ? source_.ids.prefix : std::string());
  settle();
}

void source_walk::seek_after(const cursor_position& pos) {
  status_ = rocksdb::Status::OK();
  const std::string after = pos.key + std::string(1, '\0');  // the smallest key after it
  if (!pos.in_ids || source_.ids.what == id_span::kind::none) {
    start_index(after);
    return;
  }
  open_ids();
  ids_->Seek(after);
  settle();
}

void source_walk::start_index(const std::string& from) {
  ids_.reset();
  if (!source_.has_index() || source_.index.upper <= from) {
    at_ = part::done;
    return;
  }
  rocksdb::ReadOptions ro = view_;
  index_upper_slice_ = rocksdb::Slice(source_.index.upper);
  ro.iterate_upper_bound = &index_upper_slice_;
  index_.reset(p_.db->NewIterator(ro, p_.idx));
  at_ = part::index;
  index_->Seek(from);
  settle();
}

void source_walk::settle() {
  while (at_ == part::ids) {
    if (!ids_->Valid()) {
      if (!ids_->status().ok()) {
        status_ = ids_->status();
        at_ = part::done;
        return;
      }
      start_index(source_.index.lower);
      return;
    }
    const auto step = span_position(source_.ids, view_of(ids_->key()));
    if (step.what == span_step::kind::inside) return;
    if (step.what == span_step::kind::seek) {
      ids_->Seek(step.target);
    } else {
      start_index(source_.index.lower);
      return;
    }
  }
  while (at_ == part::index) {
    if (!index_->Valid()) {
      status_ = index_->status();
      at_ = part::done;
      return;
    }
    const auto key = view_of(index_->key());
    const auto id = id_of_index_key(key);
    if (source_.ids.what == id_span::kind::none || !span_contains(source_.ids, id)) return;
    // Walked in the id part: skip the whole run of such ids under this component.
    std::string target(key.substr(0, key.size() - id.size()));
    target += span_run_end(source_.ids, id);
    index_->Seek(target);
  }
}

void source_walk::next() {
  if (at_ == part::ids)
    ids_->Next();
  else if (at_ == part::index)
    index_->Next();
  settle();
}

std::string_view source_walk::key() const {
  return view_of(at_ == part::ids ? ids_->key() : index_->key());
}

std::string_view source_walk::case_id() const {
  return at_ == part::ids ? key() : id_of_index_key(key());
}

std::string_view source_walk::snapshot() const { return view_of(ids_->value()); }

void take_entry(const source_walk& w, std::vector<walk_entry>& out) {
  walk_entry e;
  e.key.assign(w.key());
  e.case_id.assign(w.case_id());
  if (w.in_ids()) {
    e.snapshot.assign(w.snapshot());
    e.carried = true;
    e.in_ids = true;
  }
  out.push_back(std::move(e));
}

walk_entry index_entry(std::string key) {
  walk_entry e;
  e.case_id.assign(id_of_index_key(key));
  e.key = std::move(key);
  return e;
}

status fetch_missing(const event_store::impl& p, const rocksdb::ReadOptions& view,
                     std::vector<walk_entry>& entries) {
  std::vector<std::size_t> which;
  std::vector<rocksdb::Slice> ids;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].carried) continue;
    if (entries[i].case_id.empty())
      return status::corruption("index key '" + entries[i].key + "' names no case");
    which.push_back(i);
    ids.emplace_back(entries[i].case_id);
  }
  if (ids.empty()) return status::ok();
  std::vector<rocksdb::PinnableSlice> values(ids.size());
  std::vector<rocksdb::Status> statuses(ids.size());
  p.db->MultiGet(view, p.cases, ids.size(), ids.data(), values.data(), statuses.data());
  for (std::size_t j = 0; j < ids.size(); ++j) {
    auto& e = entries[which[j]];
    if (statuses[j].IsNotFound())
      return status::corruption("index key '" + e.key + "' has no case snapshot");
    if (!statuses[j].ok()) return to_status(statuses[j], "read case " + e.case_id);
    e.snapshot.assign(values[j].data(), values[j].size());
    e.carried = true;
  }
  return status::ok();
}

status decode_entry(const walk_entry& e, domain::case_record& out) {
  if (auto s = decode_snapshot(e.snapshot, out); !s.is_ok()) {
    std::string m = "case " + e.case_id + " snapshot: " + s.message();
    return s.error_code() == status::code::unsupported ? status::unsupported(std::move(m))
                                                        : status::corruption(std::move(m));
  }
  return status::ok();
}

}  // namespace cityops::storage::detail
