#pragma once
// Text signatures for matching citizens' reports: a normalised form of the text (no case,
// width, spaces or punctuation), its character n-gram shingles as 32-bit hashes, and a
// 64-slot MinHash sketch whose slot agreement estimates the Jaccard similarity of two
// shingle sets; with the sketch's shingle count it also estimates their overlap and the
// containment of the smaller set in the larger. Pure and deterministic: the hashes and
// MinHash seeds are fixed, so the same text gives the same signature on every run and
// platform (signatures may be persisted).

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::domain {

// Full-width ASCII (U+FF01–U+FF5E) → half-width, U+3000 → space, ASCII letters lowercased;
// then whitespace, control characters, punctuation and common symbols are dropped: ASCII
// punctuation, Latin-1 symbols (U+0080–U+00BF, ×, ÷), general punctuation U+2000–U+206F
// (“”‘’…—‖ and the special spaces), currency signs, arrows/maths/box drawing/geometric
// shapes/dingbats (U+2190–U+2BFF, incl. ①②), CJK punctuation U+3000–U+303F (except the
// ideographic 々〆〇), vertical/compatibility/small forms (U+FE10–U+FE6F), variation
// selectors, the BOM, half-width CJK punctuation (U+FF5F–U+FF65), full-width symbols
// (U+FFE0–U+FFEE), private use and emoji (U+1F000–U+1FAFF). Everything else — CJK
// ideographs, letters, digits — is kept. Invalid UTF-8 bytes are skipped. Idempotent.
std::string normalize_for_matching(std::string_view utf8);

// Hashes of every run of `n` consecutive code points of `normalized` (n < 1 counts as 1):
// a 32-bit FNV-1a over the run's UTF-8 bytes, finished with the murmur3 avalanche. A text
// shorter than n gives one shingle of the whole text, an empty text none. Sorted, unique.
std::vector<std::uint32_t> shingles(std::string_view normalized, int n = 2);

inline constexpr std::size_t minhash_slots = 64;

struct minhash_signature {
  // mins[i]: the least value of permutation i over the shingles (UINT32_MAX when empty).
  std::array<std::uint32_t, minhash_slots> mins{};
  bool empty = true;  // no shingles: similar to nothing
  std::uint32_t shingle_count = 0;  // |set| of distinct shingles sketched
};

// 64 fixed permutations h_i(x) = fmix32(a_i·x + b_i) (a_i odd, fixed seeds). `shingles` is
// read as a set (duplicates count once in shingle_count).
minhash_signature minhash(const std::vector<std::uint32_t>& shingles);

// Fraction of equal slots: an unbiased estimate of the Jaccard similarity of the two
// shingle sets (standard error ≤ 0.0625). 0 when either signature is empty.
double estimated_jaccard(const minhash_signature& a, const minhash_signature& b);

// Estimated containment of the smaller shingle set in the larger: |A ∩ B| / min(|A|, |B|),
// the overlap taken from the Jaccard estimate J and the set sizes,
//   |A ∩ B| = J·(|A| + |B|) / (1 + J),   C = J·(|A| + |B|) / ((1 + J)·max(min(|A|,|B|), floor)),
// clamped to [0, 1]. Unlike Jaccard it does not fall when one text is much longer (a short
// note wholly repeated in a long call record scores 1). `min_shingles` (the floor, ≥ 1) keeps
// a very short text from counting as contained on its few shingles alone: the smaller set
// counts as at least that large. 0 when either signature is empty. Its error grows with the
// size ratio (the Jaccard estimate's ±0.0625 scaled by (|A| + |B|)/min): a coarse measure
// when one text is ten times the other.
double estimated_containment(const minhash_signature& a, const minhash_signature& b,
                             std::size_t min_shingles = 1);

// Convenience: minhash(shingles(normalize_for_matching(utf8), 2)).
minhash_signature text_minhash(std::string_view utf8);

}  // namespace cityops::domain
