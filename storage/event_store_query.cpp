// event_store::query_cases: the RocksDB half of a filtered listing (the planning, cursor and
// filter rules are pure: detail/case_query_plan, case_query.cpp); event_store::load_waiting.
#include <algorithm>

#include <rocksdb/snapshot.h>

#include "storage/detail/case_query_plan.hpp"
#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/source_walk.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/index_keys.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

// Snapshots are read in chunks of walked entries. The first chunk is what the page still
// needs (enough when the driving source is the only filter); chunks then double up to this
// size while the other filters reject candidates.
constexpr std::size_t max_chunk = 1024;

// Up to this many entries per source are counted exactly when choosing the driving one.
constexpr std::size_t exact_count_cap = 1024;

// Cities looked at when estimating a creation-day source (the ids up to their first '-').
constexpr std::size_t estimate_city_cap = 64;

std::uint64_t approximate_bytes(const event_store::impl& p, rocksdb::ColumnFamilyHandle* cf,
                                const std::vector<rocksdb::Range>& ranges) {
  if (ranges.empty()) return 0;
  std::vector<std::uint64_t> bytes(ranges.size(), 0);
  rocksdb::SizeApproximationOptions options;
  options.include_memtables = true;
  options.include_files = true;
  if (!p.db->GetApproximateSizes(options, cf, ranges.data(), static_cast<int>(ranges.size()),
                                 bytes.data())
           .ok())
    return 0;  // an estimate only: fall back to the tie-break order
  std::uint64_t total = 0;
  for (auto b : bytes) total += b;
  return total;
}

// The id ranges of `span` in `cases`, one per city for a creation-day span (up to
// estimate_city_cap cities).
std::vector<std::pair<std::string, std::string>> span_ranges(const event_store::impl& p,
                                                             const rocksdb::ReadOptions& ro,
                                                             const detail::id_span& span) {
  using kind = detail::id_span::kind;
  std::vector<std::pair<std::string, std::string>> out;
  if (span.what == kind::prefix)
    out.emplace_back(span.prefix, detail::prefix_successor(span.prefix));
  if (span.what != kind::days) return out;
  std::unique_ptr<rocksdb::Iterator> it(p.db->NewIterator(ro, p.cases));
  it->SeekToFirst();
  for (std::size_t n = 0; it->Valid() && n < estimate_city_cap; ++n) {
    const std::string id = it->key().ToString();
    std::string_view city, rest;
    if (!split_case_id(id, city, rest)) {
      it->Seek(id + std::string(1, '\0'));
      continue;
    }
    const std::string base = std::string(city) + "-";
    out.emplace_back(base + span.lo_rest, span.hi_rest.empty()
                                              ? detail::prefix_successor(base)
                                              : base + span.hi_rest);
    it->Seek(detail::prefix_successor(base));
  }
  return out;
}

// Approximate number of entries of each source, from RocksDB's size estimates of its ranges
// (SST files by their index blocks, memtables by sampling): index entries by a typical entry
// size, ids by the share of the `cases` family's bytes times the number of cases. Rough for
// small ranges; used only among sources known to hold more than exact_count_cap entries.
std::vector<std::uint64_t> estimate_entries(const event_store::impl& p,
                                            const rocksdb::ReadOptions& ro,
                                            const std::vector<detail::driving_source>& sources) {
  std::vector<std::uint64_t> entries(sources.size(), 0);
  const std::string all_upper(8, '\xff');
  const auto cases_bytes = approximate_bytes(p, p.cases, {rocksdb::Range("", all_upper)});
  const std::uint64_t cases = p.case_count.load();
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto& s = sources[i];
    if (s.has_index())
      entries[i] = approximate_bytes(p, p.idx, {rocksdb::Range(s.index.lower, s.index.upper)}) /
                   (s.index.lower.size() + 24);  // key ≈ prefix + case id + overhead
    if (s.ids.what == detail::id_span::kind::all) {
      entries[i] += cases;
      continue;
    }
    const auto spans = span_ranges(p, ro, s.ids);
    std::vector<rocksdb::Range> ranges;
    for (const auto& [lo, hi] : spans) ranges.emplace_back(lo, hi);
    if (cases_bytes > 0)
      entries[i] += static_cast<std::uint64_t>(
          static_cast<double>(approximate_bytes(p, p.cases, ranges)) /
          static_cast<double>(cases_bytes) * static_cast<double>(cases));
  }
  return entries;
}

// The candidate with the fewest entries. All sources are walked in lockstep, one entry each
// in turn, so the first to run out is exactly the smallest (the earliest candidate on a tie)
// at a cost of (number of sources) × (its size). When every source holds more than
// exact_count_cap entries, RocksDB's size estimates decide.
std::size_t choose_source(const event_store::impl& p, const rocksdb::ReadOptions& ro,
                          const std::vector<detail::driving_source>& sources) {
  if (sources.size() < 2) return 0;
  std::vector<std::unique_ptr<detail::source_walk>> walks;
  for (const auto& s : sources) {
    walks.push_back(std::make_unique<detail::source_walk>(p, ro, s));
    walks.back()->seek_first();
  }
  for (std::size_t step = 0; step <= exact_count_cap; ++step) {
    for (std::size_t i = 0; i < walks.size(); ++i) {
      if (!walks[i]->valid()) return i;  // exhausted (or failed: the walk reports the error)
      walks[i]->next();
    }
  }
  return detail::choose_driving(estimate_entries(p, ro, sources));
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
  detail::cursor_position from;
  if (!cursor.empty()) {
    if (auto s = detail::decode_cursor(cursor, candidates, from); !s.is_ok()) return s;
  }

  // Every source and the snapshots from one view, so every entry finds its snapshot.
  rocksdb::ManagedSnapshot view(p.db.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = view.snapshot();
  if (cursor.empty()) from.which = choose_source(p, ro, candidates);
  const auto& source = candidates[from.which];
  out.driving = source.family;
  detail::source_walk walk(p, ro, source);
  if (cursor.empty())
    walk.seek_first();
  else
    walk.seek_after(from);

  const std::size_t budget = case_query_budget(limit);
  std::size_t chunk_size = limit;
  std::string last_key;     // the last entry examined
  bool last_in_ids = false;
  bool unexamined = false;  // entries fetched into a chunk but not examined
  std::vector<detail::walk_entry> chunk;
  while (walk.valid() && out.items.size() < limit && out.examined < budget) {
    const std::size_t want = std::min({chunk_size, budget - out.examined, max_chunk});
    chunk.clear();
    for (; walk.valid() && chunk.size() < want; walk.next()) detail::take_entry(walk, chunk);
    if (chunk.empty()) break;
    const auto s = detail::read_entries(p, ro, chunk, [&](std::size_t i, domain::case_record&& r) {
      if (out.items.size() == limit) {
        unexamined = true;
        return false;
      }
      ++out.examined;
      last_key = chunk[i].key;
      last_in_ids = chunk[i].in_ids;
      if (case_matches(f, r)) out.items.push_back(std::move(r));
      return true;
    });
    if (!s.is_ok()) {
      out.items.clear();
      return s;
    }
    chunk_size = std::min(chunk_size * 2, max_chunk);
  }
  if (!walk.status().ok()) {
    out.items.clear();
    return to_status(walk.status(), std::string("query cases: walk ") + source.family);
  }
  // Stopped at the limit or the examination bound with entries left: continue after the
  // last one examined.
  if (!last_key.empty() && (unexamined || walk.valid()))
    out.next_cursor = detail::encode_cursor(source.family, last_key, last_in_ids);
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
  std::vector<detail::walk_entry> chunk;
  while (it->Valid()) {
    chunk.clear();
    for (; it->Valid() && chunk.size() < max_chunk; it->Next())
      chunk.push_back(detail::index_entry(it->key().ToString()));
    const auto s = detail::read_entries(p, ro, chunk, [&](std::size_t i, domain::case_record&& r) {
      on_case(chunk[i].key, std::move(r));
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
