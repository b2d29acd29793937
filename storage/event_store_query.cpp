// event_store::query_cases: the RocksDB half of a filtered listing (the planning, cursor and
// filter rules are pure: detail/case_query_plan, case_query.cpp); event_store::load_waiting.
#include <algorithm>

#include <rocksdb/snapshot.h>

#include "storage/detail/case_query_plan.hpp"
#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_codec.hpp"
#include "storage/index_keys.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

// Snapshots are fetched with one MultiGet per chunk of index entries. The first chunk is
// what the page still needs (enough when the driving index is the only filter); chunks then
// double up to this size while the other filters reject candidates.
constexpr std::size_t max_chunk = 1024;

// Up to this many entries per range are counted exactly when choosing the driving index.
constexpr std::size_t exact_count_cap = 1024;

// Approximate number of index entries in each range, from RocksDB's size estimate of the
// range (SST files by their index blocks, memtables by sampling) over a typical entry size.
// Rough for small ranges; used only among ranges known to hold more than exact_count_cap.
std::vector<std::uint64_t> estimate_entries(const event_store::impl& p,
                                            const std::vector<detail::index_range>& ranges) {
  std::vector<std::uint64_t> entries(ranges.size(), 0);
  std::vector<rocksdb::Range> rr;
  rr.reserve(ranges.size());
  for (const auto& r : ranges) rr.emplace_back(r.lower, r.upper);
  std::vector<std::uint64_t> bytes(ranges.size(), 0);
  rocksdb::SizeApproximationOptions options;
  options.include_memtables = true;
  options.include_files = true;
  const auto s = p.db->GetApproximateSizes(options, p.idx, rr.data(), static_cast<int>(rr.size()),
                                           bytes.data());
  if (!s.ok()) return entries;  // an estimate only: fall back to the tie-break order
  for (std::size_t i = 0; i < ranges.size(); ++i)
    entries[i] = bytes[i] / (ranges[i].lower.size() + 24);  // key ≈ prefix + case id + overhead
  return entries;
}

// The candidate with the fewest entries. All ranges are walked in lockstep, one entry each
// in turn, so the first to run out is exactly the smallest (the earliest candidate on a tie)
// at a cost of (number of ranges) × (its size). When every range holds more than
// exact_count_cap entries, RocksDB's size estimates decide.
std::size_t choose_index(const event_store::impl& p, const rocksdb::ReadOptions& ro,
                         const std::vector<detail::index_range>& ranges) {
  if (ranges.size() < 2) return 0;
  std::vector<rocksdb::Slice> uppers;
  uppers.reserve(ranges.size());
  std::vector<std::unique_ptr<rocksdb::Iterator>> its;
  for (const auto& r : ranges) {
    uppers.emplace_back(r.upper);
    rocksdb::ReadOptions iro = ro;
    iro.iterate_upper_bound = &uppers.back();
    its.emplace_back(p.db->NewIterator(iro, p.idx));
    its.back()->Seek(r.lower);
  }
  for (std::size_t step = 0; step <= exact_count_cap; ++step) {
    for (std::size_t i = 0; i < its.size(); ++i) {
      if (!its[i]->Valid()) return i;  // exhausted (or failed: the walk reports the error)
      its[i]->Next();
    }
  }
  return detail::choose_driving(estimate_entries(p, ranges));
}

std::string_view case_id_of(std::string_view key) {
  const auto slash = key.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(slash + 1);
}

// Reads the snapshots of the cases of index `keys` with one MultiGet; `decoded(i, record)`
// is called in key order and returns false to stop early. An index entry without a snapshot
// is corruption: both are written in one batch and read from one view.
template <class OnRecord>
status read_snapshots(const event_store::impl& p, const rocksdb::ReadOptions& ro,
                      const std::vector<std::string>& keys, OnRecord decoded) {
  std::vector<rocksdb::Slice> ids;
  ids.reserve(keys.size());
  for (const auto& k : keys) {
    const auto id = case_id_of(k);
    if (id.empty()) return status::corruption("index key '" + k + "' names no case");
    ids.emplace_back(id.data(), id.size());
  }
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  p.db->MultiGet(ro, p.cases, ids.size(), ids.data(), values.data(), statuses.data());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound())
      return status::corruption("index key '" + keys[i] + "' has no case snapshot");
    if (!statuses[i].ok()) return to_status(statuses[i], "read case " + ids[i].ToString());
    domain::case_record r;
    if (auto s = decode_snapshot(std::string_view(values[i].data(), values[i].size()), r);
        !s.is_ok()) {
      std::string m = "case " + ids[i].ToString() + " snapshot: " + s.message();
      return s.error_code() == status::code::unsupported ? status::unsupported(std::move(m))
                                                          : status::corruption(std::move(m));
    }
    if (!decoded(i, std::move(r))) break;
  }
  return status::ok();
}

}  // namespace

status event_store::query_cases(const case_filter& f, const std::string& cursor,
                                std::size_t limit, case_query_page& out) const {
  out = case_query_page{};
  if (limit == 0 || limit > case_query_max_limit)
    return status::invalid_argument("query_cases: limit must be 1.." +
                                    std::to_string(case_query_max_limit));
  const impl& p = *impl_;
  const auto candidates = detail::driving_candidates(f);
  std::size_t which = 0;
  std::string start;
  if (!cursor.empty()) {
    std::string last;
    if (auto s = detail::decode_cursor(cursor, candidates, which, last); !s.is_ok()) return s;
    start = last + std::string(1, '\0');  // the smallest key after the last one examined
  }

  // Index and snapshots from one view, so every entry finds the snapshot that wrote it.
  rocksdb::ManagedSnapshot view(p.db.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  if (cursor.empty()) {
    which = choose_index(p, ro, candidates);
    start = candidates[which].lower;
  }
  const auto& range = candidates[which];
  out.driving = range.family;
  if (range.upper <= start) return status::ok();  // an empty range, or the cursor at its end
  const rocksdb::Slice upper(range.upper);
  rocksdb::ReadOptions iro = ro;
  iro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(iro, p.idx));
  it->Seek(start);

  const std::size_t budget = case_query_budget(limit);
  std::size_t chunk_size = limit;
  std::string last_key;     // the last entry examined
  bool unexamined = false;  // entries fetched into a chunk but not examined
  std::vector<std::string> keys;
  while (it->Valid() && out.items.size() < limit && out.examined < budget) {
    const std::size_t want = std::min({chunk_size, budget - out.examined, max_chunk});
    keys.clear();
    for (; it->Valid() && keys.size() < want; it->Next())
      keys.emplace_back(it->key().data(), it->key().size());
    if (keys.empty()) break;
    const auto s = read_snapshots(p, ro, keys, [&](std::size_t i, domain::case_record&& r) {
      if (out.items.size() == limit) {
        unexamined = true;
        return false;
      }
      ++out.examined;
      last_key = keys[i];
      if (case_matches(f, r)) out.items.push_back(std::move(r));
      return true;
    });
    if (!s.is_ok()) {
      out.items.clear();
      return s;
    }
    chunk_size = std::min(chunk_size * 2, max_chunk);
  }
  if (!it->status().ok()) {
    out.items.clear();
    return to_status(it->status(), "query cases: scan " + range.lower);
  }
  // Stopped at the limit or the examination bound with entries left: continue after the
  // last one examined.
  if (!last_key.empty() && (unexamined || it->Valid()))
    out.next_cursor = detail::encode_cursor(range.family, last_key);
  return status::ok();
}

namespace {

// Every open case under the waiting-index `prefix` ("w/d/<dept>/", "w/n/<node>/", or all of
// "w/"), from one consistent view: `on_case(index key, snapshot)` in key order.
template <class OnCase>
status scan_waiting(const event_store::impl& p, const std::string& prefix, OnCase on_case) {
  rocksdb::ManagedSnapshot view(p.db.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  const std::string upper = detail::prefix_successor(prefix);
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions iro = ro;
  iro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(iro, p.idx));
  it->Seek(prefix);
  std::vector<std::string> keys;
  while (it->Valid()) {
    keys.clear();
    for (; it->Valid() && keys.size() < max_chunk; it->Next())
      keys.emplace_back(it->key().data(), it->key().size());
    const auto s = read_snapshots(p, ro, keys, [&](std::size_t i, domain::case_record&& r) {
      on_case(keys[i], std::move(r));
      return true;
    });
    if (!s.is_ok()) return s;
  }
  if (!it->status().ok()) return to_status(it->status(), "load waiting cases " + prefix);
  return status::ok();
}

}  // namespace

status event_store::load_waiting(const domain::waiting_party& party,
                                 std::vector<domain::case_record>& out) const {
  out.clear();
  std::string prefix;
  if (party.who == domain::waiting_party::kind::department)
    prefix = index_prefix_waiting_department(party.id);
  else if (party.who == domain::waiting_party::kind::node)
    prefix = index_prefix_waiting_node(party.id);
  else
    return status::invalid_argument("load_waiting: no party");
  const auto s = scan_waiting(*impl_, prefix, [&out](const std::string&, domain::case_record&& r) {
    out.push_back(std::move(r));
  });
  if (!s.is_ok()) out.clear();
  return s;
}

status event_store::load_all_waiting(std::vector<waiting_case>& out) const {
  out.clear();
  const auto s = scan_waiting(*impl_, index_prefix_waiting(),
                              [&out](const std::string& key, domain::case_record&& r) {
                                waiting_case w;
                                // Only well-formed entries; the writer makes no others.
                                if (!parse_waiting_key(key, w.party)) return;
                                w.record = std::move(r);
                                out.push_back(std::move(w));
                              });
  if (!s.is_ok()) out.clear();
  return s;
}

}  // namespace cityops::storage
