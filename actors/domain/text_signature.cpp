#include "actors/domain/text_signature.hpp"

#include "actors/domain/utf8_codec.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <limits>

namespace cityops::domain {
namespace {


bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

// After width folding and lowercasing: is `cp` kept for matching?
bool kept(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z');
  if (in(cp, 0x80, 0xBF) || cp == 0xD7 || cp == 0xF7) return false;  // Latin-1 symbols
  if (cp == 0x1680 || cp == 0x180E) return false;                       // odd spaces
  if (in(cp, 0x2000, 0x206F)) return false;  // general punctuation, spaces, zero widths
  if (in(cp, 0x20A0, 0x20CF)) return false;  // currency signs
  if (in(cp, 0x2190, 0x2BFF)) return false;  // arrows, maths, boxes, shapes, dingbats
  if (in(cp, 0x3000, 0x303F)) return cp == 0x3005 || cp == 0x3006 || cp == 0x3007;
  if (in(cp, 0xE000, 0xF8FF)) return false;  // private use
  if (in(cp, 0xFE00, 0xFE0F)) return false;  // variation selectors
  if (in(cp, 0xFE10, 0xFE1F) || in(cp, 0xFE30, 0xFE6F)) return false;  // CJK forms
  if (cp == 0xFEFF) return false;                                       // BOM
  if (in(cp, 0xFF00, 0xFF65)) return false;  // left-over full-width / half-width punctuation
  if (in(cp, 0xFFE0, 0xFFFF)) return false;  // full-width symbols, specials
  if (in(cp, 0x1F000, 0x1FAFF)) return false;  // emoji, pictographs
  if (in(cp, 0xE0000, 0xE007F)) return false;  // tags
  return true;
}

// murmur3's 32-bit finaliser: a bijection with full avalanche.
constexpr std::uint32_t fmix32(std::uint32_t h) {
  h ^= h >> 16;
  h *= 0x85EBCA6BU;
  h ^= h >> 13;
  h *= 0xC2B2AE35U;
  h ^= h >> 16;
  return h;
}

constexpr std::uint32_t fnv_basis = 2166136261U;

// FNV-1a over `bytes`, continuing from `h`.
std::uint32_t fnv1a(std::uint32_t h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619U;
  }
  return h;
}

constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

struct permutation {
  std::uint32_t a = 1;  // odd: x ↦ a·x + b is a bijection mod 2^32
  std::uint32_t b = 0;
};

constexpr std::array<permutation, minhash_slots> make_permutations() {
  std::array<permutation, minhash_slots> out{};
  std::uint64_t state = 0x0C1770B55EED2026ULL;  // fixed: signatures may be persisted
  for (std::size_t i = 0; i < minhash_slots; ++i) {
    const std::uint64_t r = splitmix64(state);
    out[i].a = static_cast<std::uint32_t>(r) | 1U;
    out[i].b = static_cast<std::uint32_t>(r >> 32);
  }
  return out;
}

constexpr std::array<permutation, minhash_slots> permutations = make_permutations();

}  // namespace

std::string normalize_for_matching(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(utf8, i, cp);
    if (len == 0) {  // invalid byte: skip it
      ++i;
      continue;
    }
    i += len;
    if (in(cp, 0xFF01, 0xFF5E)) cp -= 0xFEE0;  // full-width ASCII
    if (cp == 0x3000) cp = ' ';
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    if (kept(cp)) append_utf8(out, cp);
  }
  return out;
}

std::vector<std::uint32_t> shingles(std::string_view normalized, int n) {
  const std::size_t width = n < 1 ? 1 : static_cast<std::size_t>(n);
  // Byte offsets of the code points (invalid bytes are left out of every run).
  std::vector<std::size_t> starts;
  std::vector<std::size_t> ends;
  starts.reserve(normalized.size());
  ends.reserve(normalized.size());
  for (std::size_t i = 0; i < normalized.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(normalized, i, cp);
    if (len == 0) {
      ++i;
      continue;
    }
    starts.push_back(i);
    ends.push_back(i + len);
    i += len;
  }
  std::vector<std::uint32_t> out;
  if (starts.empty()) return out;
  const auto run = [&](std::size_t first, std::size_t last) {  // code points [first, last]
    std::uint32_t h = fnv_basis;
    for (std::size_t k = first; k <= last; ++k) {
      h = fnv1a(h, normalized.substr(starts[k], ends[k] - starts[k]));
    }
    return fmix32(h);
  };
  if (starts.size() < width) {
    out.push_back(run(0, starts.size() - 1));
    return out;
  }
  out.reserve(starts.size() - width + 1);
  for (std::size_t i = 0; i + width <= starts.size(); ++i) out.push_back(run(i, i + width - 1));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

minhash_signature minhash(const std::vector<std::uint32_t>& shingles) {
  minhash_signature sig;
  sig.mins.fill(std::numeric_limits<std::uint32_t>::max());
  sig.empty = shingles.empty();
  if (std::adjacent_find(shingles.begin(), shingles.end(), std::greater_equal<>()) ==
      shingles.end()) {
    sig.shingle_count = static_cast<std::uint32_t>(shingles.size());  // sorted unique: a set
  } else {
    std::vector<std::uint32_t> set = shingles;
    std::sort(set.begin(), set.end());
    sig.shingle_count = static_cast<std::uint32_t>(
        std::distance(set.begin(), std::unique(set.begin(), set.end())));
  }
  for (const std::uint32_t x : shingles) {
    for (std::size_t i = 0; i < minhash_slots; ++i) {
      const std::uint32_t h = fmix32(permutations[i].a * x + permutations[i].b);
      if (h < sig.mins[i]) sig.mins[i] = h;
    }
  }
  return sig;
}

double estimated_jaccard(const minhash_signature& a, const minhash_signature& b) {
  if (a.empty || b.empty) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < minhash_slots; ++i) equal += a.mins[i] == b.mins[i] ? 1 : 0;
  return static_cast<double>(equal) / static_cast<double>(minhash_slots);
}

double estimated_containment(const minhash_signature& a, const minhash_signature& b,
                             std::size_t min_shingles) {
  if (a.empty || b.empty) return 0.0;
  const double j = estimated_jaccard(a, b);
  const double sizes = static_cast<double>(a.shingle_count) + static_cast<double>(b.shingle_count);
  const double smaller = static_cast<double>(
      std::max<std::size_t>({std::min(a.shingle_count, b.shingle_count), min_shingles, 1}));
  return std::min(1.0, j * sizes / ((1 + j) * smaller));
}

minhash_signature text_minhash(std::string_view utf8) {
  return minhash(shingles(normalize_for_matching(utf8), 2));
}

}  // namespace cityops::domain
