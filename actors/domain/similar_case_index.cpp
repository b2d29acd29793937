#include "actors/domain/similar_case_index.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "actors/domain/text_signature.hpp"

namespace cityops::domain {
namespace {

constexpr std::uint32_t slot_empty = 0xFFFFFFFFU;
constexpr std::uint32_t slot_deleted = 0xFFFFFFFEU;
constexpr std::uint32_t max_docs = 0xFFFFFFF0U;  // global doc numbers stay below the sentinels
constexpr std::size_t max_length = 0xFFFF;
constexpr std::size_t min_table = 16;
constexpr std::size_t delta_limit = 4096;  // postings in a category's sorted delta

std::uint64_t hash_id(std::string_view id) {
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a 64
  for (const char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h ^= h >> 32;  // fold the high bits into the masked low ones
  return h;
}

std::size_t next_pow2(std::size_t n) {
  std::size_t p = min_table;
  while (p < n) p <<= 1;
  return p;
}

std::vector<std::uint32_t> text_shingles(std::string_view text) {
  return shingles(normalize_for_matching(text), 2);
}

// score = S / sqrt(W · (S + (|D| − |C|) · m)), see the header.
double similarity(double shared_weight, std::size_t shared, std::size_t doc_length,
                  double query_weight, double mean_weight) {
  if (shared_weight <= 0 || query_weight <= 0) return 0;
  const double unshared = doc_length > shared ? static_cast<double>(doc_length - shared) : 0.0;
  const double s = shared_weight / std::sqrt(query_weight * (shared_weight + unshared * mean_weight));
  return s > 1 ? 1 : s;
}

}  // namespace

std::uint32_t similar_case_index::posting_view::at(std::size_t i) const {
  for (const range& r : ranges) {
    if (i < r.size) return r.data[i];
    i -= r.size;
  }
  return recent[i];
}

bool similar_case_index::posting_view::contains_before(std::uint32_t doc, std::size_t end) const {
  const auto search = [&](const std::uint32_t* data, std::size_t n, std::size_t& start) {
    const std::size_t limit = end > start ? std::min(n, end - start) : 0;
    start += n;
    if (limit == 0 || data[limit - 1] < doc) return false;  // not in this range
    return std::binary_search(data, data + limit, doc);
  };
  std::size_t start = 0;
  for (const range& r : ranges) {
    if (start >= end) return false;
    if (r.size > 0 && r.data[r.size - 1] >= doc) return search(r.data, r.size, start);
    start += r.size;
  }
  return start < end && search(recent.data(), recent.size(), start);
}

template <typename F>
void similar_case_index::posting_view::for_each_from(std::size_t first, F&& f) const {
  for (const range& r : ranges) {
    for (std::size_t i = first < r.size ? first : r.size; i < r.size; ++i) f(r.data[i]);
    first = first > r.size ? first - r.size : 0;
  }
  for (std::size_t i = first; i < recent.size(); ++i) f(recent[i]);
}

similar_case_index::posting_view similar_case_index::category_index::postings(
    std::uint32_t shingle) const {
  posting_view v;
  for (const segment& seg : segments) {
    const auto k = std::lower_bound(seg.keys.begin(), seg.keys.end(), shingle);
    if (k == seg.keys.end() || *k != shingle) continue;
    const auto i = static_cast<std::size_t>(k - seg.keys.begin());
    v.ranges.push_back({seg.docs.data() + seg.offsets[i], seg.offsets[i + 1] - seg.offsets[i]});
    v.total += v.ranges.back().size;
  }
  const std::uint64_t lo = static_cast<std::uint64_t>(shingle) << 32;
  for (auto it = std::lower_bound(delta.begin(), delta.end(), lo);
       it != delta.end() && (*it >> 32) == shingle; ++it) {
    v.recent.push_back(static_cast<std::uint32_t>(*it));
  }
  v.total += v.recent.size();
  return v;
}

void similar_case_index::category_index::add(std::uint32_t local,
                                             const std::vector<std::uint32_t>& shingles) {
  const std::size_t old_size = delta.size();
  for (const std::uint32_t s : shingles) delta.push_back(static_cast<std::uint64_t>(s) << 32 | local);
  // `shingles` is sorted, so the new entries are too.
  std::inplace_merge(delta.begin(), delta.begin() + static_cast<std::ptrdiff_t>(old_size),
                     delta.end());
  if (delta.size() >= delta_limit) flush_delta();
}

// The delta becomes the newest segment; then the newest segment swallows its predecessor
// while at least half its size. Removed docs are left out.
void similar_case_index::category_index::flush_delta() {
  segment fresh;
  fresh.offsets.push_back(0);
  for (std::size_t i = 0; i < delta.size();) {
    const auto key = static_cast<std::uint32_t>(delta[i] >> 32);
    for (; i < delta.size() && (delta[i] >> 32) == key; ++i) {
      const auto local = static_cast<std::uint32_t>(delta[i]);
      if (!dead[local]) fresh.docs.push_back(local);
    }
    if (fresh.docs.size() > fresh.offsets.back()) {
      fresh.keys.push_back(key);
      fresh.offsets.push_back(static_cast<std::uint32_t>(fresh.docs.size()));
    }
  }
  delta.clear();
  if (!fresh.docs.empty()) segments.push_back(std::move(fresh));
  while (segments.size() >= 2 &&
         segments.back().docs.size() * 2 >= segments[segments.size() - 2].docs.size()) {
    segment merged = merge(segments[segments.size() - 2], segments.back());
    segments.pop_back();
    segments.back() = std::move(merged);
    if (segments.back().docs.empty()) segments.pop_back();
  }
}

similar_case_index::segment similar_case_index::category_index::merge(const segment& older,
                                                                      const segment& newer) const {
  segment out;
  out.keys.reserve(older.keys.size() + newer.keys.size());
  out.offsets.reserve(older.keys.size() + newer.keys.size() + 1);
  out.docs.reserve(older.docs.size() + newer.docs.size());
  out.offsets.push_back(0);
  const auto append_live = [&](const segment& seg, std::size_t k) {
    for (std::uint32_t i = seg.offsets[k]; i < seg.offsets[k + 1]; ++i) {
      if (!dead[seg.docs[i]]) out.docs.push_back(seg.docs[i]);
    }
  };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < older.keys.size() || j < newer.keys.size()) {
    const bool take_old =
        i < older.keys.size() && (j == newer.keys.size() || older.keys[i] <= newer.keys[j]);
    const bool take_new =
        j < newer.keys.size() && (i == older.keys.size() || newer.keys[j] <= older.keys[i]);
    const std::uint32_t key = take_old ? older.keys[i] : newer.keys[j];
    if (take_old) append_live(older, i++);
    if (take_new) append_live(newer, j++);
    if (out.docs.size() > out.offsets.back()) {
      out.keys.push_back(key);
      out.offsets.push_back(static_cast<std::uint32_t>(out.docs.size()));
    }
  }
  out.keys.shrink_to_fit();
  out.offsets.shrink_to_fit();
  out.docs.shrink_to_fit();
  return out;
}

std::size_t similar_case_index::category_index::memory_bytes() const {
  std::size_t n = code.capacity() + globals.capacity() * 4 + lengths.capacity() * 2 +
                  dead.capacity() + delta.capacity() * 8 + segments.capacity() * sizeof(segment);
  for (const segment& seg : segments) {
    n += (seg.keys.capacity() + seg.offsets.capacity() + seg.docs.capacity()) * 4;
  }
  return n;
}

std::size_t similar_case_index::memory_bytes() const {
  std::size_t n = docs_.capacity() * sizeof(doc_record) + ids_.capacity() +
                  categories_.capacity() * sizeof(category_index) + table_.capacity() * 4 +
                  category_slot_.size() * 64;
  for (const category_index& cat : categories_) n += cat.memory_bytes();
  return n;
}

std::string_view similar_case_index::id_of(std::uint32_t global) const {
  const doc_record& d = docs_[global];
  return std::string_view(ids_).substr(d.id_offset, d.id_length);
}

std::optional<std::uint32_t> similar_case_index::find_doc(std::string_view id) const {
  if (table_.empty()) return std::nullopt;
  const std::size_t mask = table_.size() - 1;
  for (std::size_t at = hash_id(id) & mask;; at = (at + 1) & mask) {
    const std::uint32_t g = table_[at];
    if (g == slot_empty) return std::nullopt;
    if (g != slot_deleted && id_of(g) == id) return g;
  }
}

void similar_case_index::table_rehash(std::size_t capacity) {
  std::vector<std::uint32_t> old = std::move(table_);
  table_.assign(capacity, slot_empty);
  table_used_ = 0;
  const std::size_t mask = capacity - 1;
  for (const std::uint32_t g : old) {
    if (g == slot_empty || g == slot_deleted) continue;
    std::size_t at = hash_id(id_of(g)) & mask;
    while (table_[at] != slot_empty) at = (at + 1) & mask;
    table_[at] = g;
    ++table_used_;
  }
}

void similar_case_index::table_insert(std::uint32_t global) {
  if ((table_used_ + 1) * 10 > table_.size() * 7) table_rehash(next_pow2((live_ + 1) * 2));
  const std::size_t mask = table_.size() - 1;
  std::size_t at = hash_id(id_of(global)) & mask;
  while (table_[at] != slot_empty && table_[at] != slot_deleted) at = (at + 1) & mask;
  if (table_[at] == slot_empty) ++table_used_;
  table_[at] = global;
}

void similar_case_index::table_erase(std::uint32_t global) {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t at = hash_id(id_of(global)) & mask;; at = (at + 1) & mask) {
    if (table_[at] == slot_empty) return;
    if (table_[at] == global) {
      table_[at] = slot_deleted;
      return;
    }
  }
}

void similar_case_index::add(std::string id, const std::string& category, std::string_view text,
                             std::int64_t closed_ms) {
  if (id.size() > max_length) return;
  remove(id);
  if (docs_.size() >= max_docs ||
      ids_.size() + id.size() > std::numeric_limits<std::uint32_t>::max()) {
    return;
  }
  const std::vector<std::uint32_t> sh = text_shingles(text);

  auto slot_it = category_slot_.find(category);
  if (slot_it == category_slot_.end()) {
    slot_it = category_slot_.emplace(category, static_cast<std::uint32_t>(categories_.size())).first;
    categories_.emplace_back();
    categories_.back().code = category;
  }
  category_index& cat = categories_[slot_it->second];
  const auto global = static_cast<std::uint32_t>(docs_.size());
  const auto local = static_cast<std::uint32_t>(cat.globals.size());
  cat.globals.push_back(global);
  cat.lengths.push_back(static_cast<std::uint16_t>(std::min(sh.size(), max_length)));
  cat.dead.push_back(0);
  cat.add(local, sh);

  doc_record rec;
  rec.closed_ms = closed_ms;
  rec.id_offset = static_cast<std::uint32_t>(ids_.size());
  rec.id_length = static_cast<std::uint16_t>(id.size());
  rec.category = slot_it->second;
  rec.local = local;
  docs_.push_back(rec);
  ids_.append(id);
  table_insert(global);
  ++live_;
}

void similar_case_index::remove(std::string_view id) {
  const auto global = find_doc(id);
  if (!global) return;
  const doc_record& rec = docs_[*global];
  categories_[rec.category].dead[rec.local] = 1;
  table_erase(*global);
  --live_;
}

std::vector<similar_case_index::scored> similar_case_index::search(
    std::uint32_t slot, const std::vector<std::uint32_t>& query, std::size_t want,
    std::optional<std::uint32_t> exclude) const {
  std::vector<scored> out;
  const category_index& cat = categories_[slot];
  const std::size_t n_docs = cat.globals.size();
  if (n_docs == 0 || query.empty() || want == 0) return out;

  struct term {
    posting_view postings;
    double weight = 0;    // w(s)²
    std::size_t cut = 0;  // postings [cut, df) were gathered
  };
  std::vector<term> terms(query.size());
  double query_weight = 0;
  for (std::size_t i = 0; i < query.size(); ++i) {
    terms[i].postings = cat.postings(query[i]);
    const double df = static_cast<double>(terms[i].postings.size());
    const double idf = std::log(1.0 + static_cast<double>(n_docs) / (df + 1.0));
    terms[i].weight = idf * idf;
    query_weight += terms[i].weight;
  }
  const double mean_weight = query_weight / static_cast<double>(query.size());
  // Rarest first (stable: the query's shingles are sorted, so ties keep hash order).
  std::stable_sort(terms.begin(), terms.end(), [](const term& a, const term& b) {
    return a.postings.size() < b.postings.size();
  });

  // Gathering: rarest shingles in full, then the most recent postings within the budget.
  struct accumulator {
    float weight = 0;
    std::uint32_t shared = 0;
  };
  std::vector<accumulator> acc(n_docs);
  std::vector<std::uint32_t> touched;
  std::size_t remaining = options_.gather_budget;
  for (term& t : terms) {
    const std::size_t df = t.postings.size();
    const std::size_t take = std::min(df, std::max(remaining, options_.gather_floor));
    t.cut = df - take;
    remaining -= std::min(remaining, take);
    const auto w = static_cast<float>(t.weight);
    t.postings.for_each_from(t.cut, [&](std::uint32_t local) {
      accumulator& a = acc[local];
      if (a.shared == 0) touched.push_back(local);
      a.weight += w;
      ++a.shared;
    });
  }

  // Truncated shingles by boundary: a doc below a boundary may hold the shingle unseen.
  struct truncated {
    std::uint32_t boundary = 0;  // first gathered doc (postings are ascending)
    const term* t = nullptr;
  };
  std::vector<truncated> cuts;
  for (const term& t : terms) {
    if (t.cut == 0) continue;
    const std::uint32_t boundary = t.cut < t.postings.size()
                                       ? t.postings.at(t.cut)
                                       : std::numeric_limits<std::uint32_t>::max();
    cuts.push_back(truncated{boundary, &t});
  }
  std::sort(cuts.begin(), cuts.end(),
            [](const truncated& a, const truncated& b) { return a.boundary < b.boundary; });
  std::vector<double> extra_weight(cuts.size() + 1, 0.0);  // suffix sums
  std::vector<std::uint32_t> extra_shared(cuts.size() + 1, 0);
  for (std::size_t i = cuts.size(); i-- > 0;) {
    extra_weight[i] = extra_weight[i + 1] + cuts[i].t->weight;
    extra_shared[i] = extra_shared[i + 1] + 1;
  }
  const auto first_cut_above = [&](std::uint32_t local) {
    if (cuts.empty() || local >= cuts.back().boundary) return cuts.size();  // the common case
    return static_cast<std::size_t>(
        std::upper_bound(cuts.begin(), cuts.end(), local,
                         [](std::uint32_t v, const truncated& c) { return v < c.boundary; }) -
        cuts.begin());
  };
  // score² · W, monotone in the score: ranks without a square root.
  const auto rank_key = [&](double shared_weight, std::size_t shared, std::size_t length) {
    if (shared_weight <= 0) return 0.0;
    const double unshared = length > shared ? static_cast<double>(length - shared) : 0.0;
    return shared_weight * shared_weight / (shared_weight + unshared * mean_weight);
  };

  std::optional<std::uint32_t> excluded_local;
  if (exclude && docs_[*exclude].category == slot) excluded_local = docs_[*exclude].local;
  struct candidate {
    double lower = 0;  // from the gathered postings alone
    double upper = 0;  // as if every truncated shingle it may hold were held
    std::uint32_t local = 0;
  };
  std::vector<candidate> candidates;
  candidates.reserve(touched.size());
  for (const std::uint32_t local : touched) {
    if (cat.dead[local] || local == excluded_local) continue;
    const accumulator& a = acc[local];
    const std::size_t length = cat.lengths[local];
    const std::size_t i = first_cut_above(local);
    candidate c;
    c.local = local;
    c.lower = rank_key(a.weight, a.shared, length);
    c.upper = i < cuts.size() ? rank_key(a.weight + extra_weight[i], a.shared + extra_shared[i],
                                         length)
                              : c.lower;
    candidates.push_back(c);
  }

  // Exact: the gathered part is complete above each boundary; below it, binary search.
  const auto exact = [&](std::uint32_t local) {
    const accumulator& a = acc[local];
    double shared_weight = a.weight;
    std::size_t shared = a.shared;
    for (std::size_t i = first_cut_above(local); i < cuts.size(); ++i) {
      if (cuts[i].t->postings.contains_before(local, cuts[i].t->cut)) {
        shared_weight += cuts[i].t->weight;
        ++shared;
      }
    }
    return similarity(shared_weight, shared, cat.lengths[local], query_weight, mean_weight);
  };
  std::vector<double> best;  // min-heap of the `want` best exact scores
  const auto score = [&](std::uint32_t local) {
    const double s = exact(local);
    if (s <= 0) return;
    out.push_back(scored{cat.globals[local], s});
    best.push_back(s);
    std::push_heap(best.begin(), best.end(), std::greater<>());
    if (best.size() > want) {
      std::pop_heap(best.begin(), best.end(), std::greater<>());
      best.pop_back();
    }
  };

  // The `rescore` best by lower bound, then the `rescore` best by upper bound of the rest
  // while they can still enter the top `want`.
  const std::size_t r = options_.rescore;
  const auto by_lower = [](const candidate& a, const candidate& b) {
    return a.lower != b.lower ? a.lower > b.lower : a.local > b.local;
  };
  const auto by_upper = [](const candidate& a, const candidate& b) {
    return a.upper != b.upper ? a.upper > b.upper : a.local > b.local;
  };
  const std::size_t first = std::min(r, candidates.size());
  std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(first),
                   candidates.end(), by_lower);
  for (std::size_t i = 0; i < first; ++i) score(candidates[i].local);
  const auto rest = candidates.begin() + static_cast<std::ptrdiff_t>(first);
  const std::size_t second = std::min(r, static_cast<std::size_t>(candidates.end() - rest));
  std::partial_sort(rest, rest + static_cast<std::ptrdiff_t>(second), candidates.end(), by_upper);
  for (auto it = rest; it != rest + static_cast<std::ptrdiff_t>(second); ++it) {
    if (best.size() >= want && query_weight > 0 &&
        std::sqrt(it->upper / query_weight) * (1 + 1e-6) < best.front()) {
      break;
    }
    score(it->local);
  }
  sort_hits(out);
  if (out.size() > want) out.resize(want);
  return out;
}

void similar_case_index::sort_hits(std::vector<scored>& hits) const {
  std::sort(hits.begin(), hits.end(), [this](const scored& a, const scored& b) {
    if (a.score != b.score) return a.score > b.score;
    const std::int64_t ta = docs_[a.global].closed_ms;
    const std::int64_t tb = docs_[b.global].closed_ms;
    if (ta != tb) return ta > tb;
    return id_of(a.global) < id_of(b.global);
  });
}

std::vector<similar_case_index::hit> similar_case_index::query(const std::string& category,
                                                               std::string_view text,
                                                               std::size_t k,
                                                               std::string_view exclude_id) const {
  std::vector<hit> out;
  if (k == 0) return out;
  const std::vector<std::uint32_t> q = text_shingles(text);
  if (q.empty()) return out;
  const std::optional<std::uint32_t> exclude =
      exclude_id.empty() ? std::nullopt : find_doc(exclude_id);
  const auto emit = [&](const std::vector<scored>& hits) {
    for (const scored& h : hits) out.push_back(hit{std::string(id_of(h.global)), h.score});
  };

  if (const auto own = category_slot_.find(category); own != category_slot_.end()) {
    emit(search(own->second, q, k, exclude));
  }
  if (out.size() >= k || category.size() < 2) return out;

  const std::string major = category.substr(0, 2);
  const std::size_t want = k - out.size();
  std::vector<scored> more;
  for (auto it = category_slot_.lower_bound(major);
       it != category_slot_.end() && it->first.compare(0, 2, major) == 0; ++it) {
    if (it->first == category) continue;
    const std::vector<scored> hits = search(it->second, q, want, exclude);
    more.insert(more.end(), hits.begin(), hits.end());
  }
  sort_hits(more);
  if (more.size() > want) more.resize(want);
  emit(more);
  return out;
}

}  // namespace cityops::domain
