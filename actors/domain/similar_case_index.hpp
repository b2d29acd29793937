#pragma once
// Closed cases for the "similar cases" lookup: add() indexes a closed case's text under its
// category, query() returns the k most similar cases of the query's category, best first,
// filled up from the other categories of the same major (first two digits) when the
// category has fewer than k hits; remove() takes a (reopened) case out. Pure, deterministic,
// thread-compatible (const calls may run concurrently, a mutation needs exclusive access).
//
// Similarity: texts are normalised (normalize_for_matching) and cut into character-bigram
// shingles. Per category, a shingle s weighs w(s) = ln(1 + N / (df(s) + 1)) (N docs of the
// category, df(s) of them holding s). For query Q and case D sharing the set C:
//   S = Σ_{s∈C} w(s)²,  W = Σ_{s∈Q} w(s)²,  m = W / |Q| (mean squared weight)
//   score = S / sqrt(W · (S + (|D| − |C|) · m))
// an IDF-weighted cosine whose unshared shingles of D are weighted like the query's average
// (D's own weights are not stored). Identical texts → 1, nothing shared → 0, in [0, 1].
//
// Structure and cost: per category an inverted index shingle → posting list of category-local
// doc numbers (uint32, ascending), log-structured: a sorted delta of the newest postings
// (≤ 4,096) is flushed into an immutable CSR segment (sorted keys, offsets, docs), and the
// newest segment is merged into its predecessor while it is at least half its size — so
// O(log n) segments and O(log n) amortised copies per posting; merges purge removed docs.
// A query, per searched category:
//   1. looks its shingles up (binary search per segment) and sorts them by df, rarest first;
//   2. gathers postings into per-doc partial sums: whole lists while `gather_budget` lasts,
//      then only each list's `gather_floor` most recent postings (lists are ascending);
//   3. ranks the touched docs by a lower bound (gathered shingles only) and an upper bound
//      (plus every truncated shingle the doc may hold: it lies below the gathered tail);
//   4. scores exactly the `rescore` best by lower bound, then the `rescore` best by upper
//      bound while that bound can still beat the k-th exact score (exact = the gathered sum
//      plus a binary search in the ungathered head of each truncated list).
// Cost: O(|Q|·G·log V + P + T·log|Q| + 2·rescore·|Q|·log df) with P ≤ gather_budget +
// |Q|·gather_floor postings, T ≤ P touched docs and G = O(log n) segments — bounded whatever
// the category's size, but for one 8-byte accumulator per doc of the category (zeroed per
// query: 1.6 MB at 200k). Measured (-O2, 35-character texts): ~0.4 ms per query over 1M cases
// in 84 categories, ~1.4 ms in one category of 200k, on a loaded 2-core machine.
// Every doc scored is scored exactly; a doc outside both candidate lists can be missed.
// The major fill-up searches each sibling category the same way.
// Memory per case: 24 B record + id bytes + 8–16 B id table + 7 B in its category, plus 4 B
// per distinct bigram of its text; each segment adds 8 B per distinct bigram it holds
// (~240–280 B per case in all, measured). Removal is lazy: a removed or replaced case keeps its record (its postings
// go with the next merge of their segment) until the index is rebuilt.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::domain {

struct similar_index_options {
  std::size_t gather_budget = 40'000;  // postings gathered per category and query
  std::size_t gather_floor = 500;      // recent postings gathered per shingle regardless
  std::size_t rescore = 128;           // candidates scored exactly, per bound, per category
};

class similar_case_index {
 public:
  struct hit {
    std::string id;
    double score = 0;
  };

  similar_case_index() = default;
  explicit similar_case_index(similar_index_options options) : options_(options) {}

  // Indexes a closed case; an id already present is replaced. `text` may be raw or already
  // normalised. Ids longer than 65,535 bytes are ignored.
  void add(std::string id, const std::string& category, std::string_view text,
           std::int64_t closed_ms);
  void remove(std::string_view id);
  std::size_t size() const { return live_; }
  bool contains(std::string_view id) const { return find_doc(id).has_value(); }
  // Heap bytes held (vector capacities), for metrics.
  std::size_t memory_bytes() const;

  // At most k hits with score > 0: the query's category first (score, then most recently
  // closed, then id), then the rest of its major; `exclude_id` never appears.
  std::vector<hit> query(const std::string& category, std::string_view text, std::size_t k,
                         std::string_view exclude_id = {}) const;

 private:
  struct doc_record {  // 24 bytes
    std::int64_t closed_ms = 0;
    std::uint32_t id_offset = 0;  // into ids_
    std::uint32_t category = 0;   // index into categories_
    std::uint32_t local = 0;      // doc number within its category
    std::uint16_t id_length = 0;
  };

  // An immutable run of postings in CSR form: sorted shingles, offsets, ascending docs.
  struct segment {
    std::vector<std::uint32_t> keys;
    std::vector<std::uint32_t> offsets;  // keys.size() + 1
    std::vector<std::uint32_t> docs;
  };

  // Postings of one shingle in one category: a range per segment (oldest first) and the
  // matching delta entries, together ascending (every segment's docs precede the next's).
  struct posting_view {
    struct range {
      const std::uint32_t* data = nullptr;
      std::size_t size = 0;
    };
    std::vector<range> ranges;
    std::vector<std::uint32_t> recent;  // from the delta
    std::size_t total = 0;

    std::size_t size() const { return total; }
    std::uint32_t at(std::size_t i) const;
    bool contains_before(std::uint32_t doc, std::size_t end) const;  // in [0, end)?
    template <typename F>
    void for_each_from(std::size_t first, F&& f) const;
  };

  struct category_index {
    std::string code;
    std::vector<std::uint32_t> globals;  // local → global doc number
    std::vector<std::uint16_t> lengths;  // local → distinct shingles (capped)
    std::vector<std::uint8_t> dead;      // local → removed
    std::vector<segment> segments;       // oldest first, sizes falling geometrically
    std::vector<std::uint64_t> delta;    // sorted (shingle << 32 | local), newest docs

    posting_view postings(std::uint32_t shingle) const;
    void add(std::uint32_t local, const std::vector<std::uint32_t>& shingles);
    void flush_delta();
    segment merge(const segment& older, const segment& newer) const;
    std::size_t memory_bytes() const;
  };

  struct scored {  // a doc and its exact score
    std::uint32_t global = 0;
    double score = 0;
  };

  std::string_view id_of(std::uint32_t global) const;
  std::optional<std::uint32_t> find_doc(std::string_view id) const;
  void table_insert(std::uint32_t global);
  void table_erase(std::uint32_t global);
  void table_rehash(std::size_t capacity);
  std::vector<scored> search(std::uint32_t slot, const std::vector<std::uint32_t>& query,
                             std::size_t want, std::optional<std::uint32_t> exclude) const;
  void sort_hits(std::vector<scored>& hits) const;

  similar_index_options options_;
  std::vector<doc_record> docs_;
  std::string ids_;  // every id, back to back
  std::vector<category_index> categories_;
  std::map<std::string, std::uint32_t, std::less<>> category_slot_;
  // Open addressing (linear probing) over global doc numbers of live docs, by id hash.
  std::vector<std::uint32_t> table_;
  std::size_t table_used_ = 0;  // live + deleted slots
  std::size_t live_ = 0;
};

}  // namespace cityops::domain
