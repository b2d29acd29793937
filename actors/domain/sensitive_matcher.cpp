#include "actors/domain/sensitive_matcher.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "actors/domain/text_signature.hpp"
#include "actors/domain/utf8_codec.hpp"

namespace cityops::domain {
namespace {

// Symbols: 0 is a character normalisation drops (spaces, punctuation: the automaton stays
// where it is), 1 a character no word holds (back to the root), 2.. the words' characters.
constexpr std::uint32_t skip_symbol = 0;
constexpr std::uint32_t other_symbol = 1;
constexpr std::uint32_t first_symbol = 2;
constexpr char32_t bmp_end = 0x10000;

// The code points of `utf8` after the matching normalisation.
std::vector<char32_t> normalised_code_points(std::string_view utf8,
                                             const simplified_chinese& simplifier) {
  const std::string norm = normalize_for_matching(simplifier.convert(utf8));
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < norm.size();) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(norm, i, cp);
    if (len == 0) break;  // normalize_for_matching writes valid UTF-8 only
    out.push_back(cp);
    i += len;
  }
  return out;
}

// A character's normalised form on its own: nullopt-like 0 when normalisation drops it.
char32_t normalised_char(char32_t cp, const simplified_chinese* simplifier) {
  std::string one;
  append_utf8(one, cp);
  const std::string norm =
      normalize_for_matching(simplifier ? simplifier->convert(one) : one);
  char32_t out = 0;
  if (norm.empty() || decode_utf8(norm, 0, out) == 0) return 0;
  return out;
}

// decode_utf8 with the two forms a call text is made of, ASCII and three-byte sequences (the
// CJK ideographs and punctuation), decoded in line: they are most of the matcher's time.
inline std::size_t next_code_point(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if ((b0 & 0xF0) == 0xE0 && i + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    const auto b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      cp = (char32_t(b0 & 0x0F) << 12) | (char32_t(b1 & 0x3F) << 6) | char32_t(b2 & 0x3F);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) return 3;
    }
  }
  return decode_utf8(s, i, cp);
}

}  // namespace

sensitive_matcher::sensitive_matcher(const std::vector<config::lexicon_class>& lexicon)
    : sensitive_matcher(lexicon, simplified_chinese()) {}

sensitive_matcher::sensitive_matcher(const std::vector<config::lexicon_class>& lexicon,
                                     const simplified_chinese& simplifier) {
  classes_.reserve(lexicon.size());
  for (const auto& c : lexicon) classes_.push_back({c.code, c.name, c.severity, {}});
  // The words as code-point strings; one per normalised form and class.
  std::vector<std::vector<char32_t>> patterns;
  for (std::uint32_t ci = 0; ci < lexicon.size(); ++ci) {
    std::set<std::vector<char32_t>> seen;
    for (const auto& w : lexicon[ci].words) {
      auto cps = normalised_code_points(w, simplifier);
      if (cps.empty() || !seen.insert(cps).second) continue;
      words_.push_back({ci, w});
      patterns.push_back(std::move(cps));
    }
  }
  // Symbols for the words' characters, then the trie (children ordered by symbol).
  std::map<char32_t, std::uint32_t> symbol_by_char;
  for (const auto& p : patterns)
    for (char32_t cp : p)
      symbol_by_char.emplace(cp, first_symbol + static_cast<std::uint32_t>(symbol_by_char.size()));
  std::vector<std::map<std::uint32_t, std::uint32_t>> children(1);
  std::vector<std::vector<std::uint32_t>> outputs(1);
  for (std::uint32_t id = 0; id < patterns.size(); ++id) {
    std::uint32_t at = 0;
    for (char32_t cp : patterns[id]) {
      const std::uint32_t sym = symbol_by_char.at(cp);
      auto it = children[at].find(sym);
      if (it == children[at].end()) {
        it = children[at].emplace(sym, static_cast<std::uint32_t>(children.size())).first;
        children.emplace_back();
        outputs.emplace_back();
      }
      at = it->second;
    }
    outputs[at].push_back(id);
  }
  // Failure links breadth first; a state also reports the words its failure state reports.
  const std::uint32_t alphabet = first_symbol + static_cast<std::uint32_t>(symbol_by_char.size());
  root_next_.assign(alphabet, 0);
  for (const auto& [sym, target] : children[0]) root_next_[sym] = target;
  states_.assign(children.size(), state{});
  std::vector<std::uint32_t> queue;
  for (const auto& [sym, target] : children[0]) queue.push_back(target);
  for (std::size_t qi = 0; qi < queue.size(); ++qi) {
    const std::uint32_t from = queue[qi];
    for (const auto& [sym, target] : children[from]) {
      std::uint32_t f = states_[from].fail;
      while (f != 0 && children[f].count(sym) == 0) f = states_[f].fail;
      const auto it = children[f].find(sym);
      states_[target].fail = it != children[f].end() && it->second != target ? it->second : 0;
      const auto& inherited = outputs[states_[target].fail];
      outputs[target].insert(outputs[target].end(), inherited.begin(), inherited.end());
      queue.push_back(target);
    }
  }
  for (std::size_t s = 0; s < children.size(); ++s) {
    auto& st = states_[s];
    st.first_edge = static_cast<std::uint32_t>(edges_.size());
    st.edge_count = static_cast<std::uint32_t>(children[s].size());
    for (const auto& [sym, target] : children[s]) edges_.push_back({sym, target});
    st.first_output = static_cast<std::uint32_t>(outputs_.size());
    st.output_count = static_cast<std::uint32_t>(outputs[s].size());
    outputs_.insert(outputs_.end(), outputs[s].begin(), outputs[s].end());
  }
  // Every BMP character once: what the text's character reads as.
  bmp_symbols_.assign(bmp_end, other_symbol);
  for (char32_t cp = 0; cp < bmp_end; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates never decode
    const char32_t norm = normalised_char(cp, &simplifier);
    if (norm == 0) {
      bmp_symbols_[cp] = skip_symbol;
      continue;
    }
    const auto it = symbol_by_char.find(norm);
    if (it != symbol_by_char.end()) bmp_symbols_[cp] = it->second;
  }
  for (const auto& [cp, sym] : symbol_by_char)
    if (cp >= bmp_end) extra_symbols_.emplace_back(cp, sym);  // already sorted by character
}

std::uint32_t sensitive_matcher::symbol_of(char32_t cp) const {
  if (cp < bmp_end) return bmp_symbols_[cp];
  // Beyond the BMP (emoji, rare ideographs): normalised on the spot; none has a simplified form.
  const char32_t norm = normalised_char(cp, nullptr);
  if (norm == 0) return skip_symbol;
  const auto it = std::lower_bound(extra_symbols_.begin(), extra_symbols_.end(),
                                   std::make_pair(norm, std::uint32_t{0}));
  return it != extra_symbols_.end() && it->first == norm ? it->second : other_symbol;
}

std::uint32_t sensitive_matcher::step(std::uint32_t at, std::uint32_t symbol) const {
  if (symbol == other_symbol) return 0;
  while (at != 0) {
    const state& s = states_[at];
    const auto first = edges_.begin() + s.first_edge;
    const auto last = first + s.edge_count;
    const auto it = std::lower_bound(first, last, symbol,
                                     [](const edge& e, std::uint32_t sym) { return e.symbol < sym; });
    if (it != last && it->symbol == symbol) return it->target;
    at = s.fail;
  }
  return root_next_[symbol];
}

sensitive_result sensitive_matcher::match(std::string_view text) const {
  sensitive_result result;
  if (words_.empty()) return result;
  std::vector<std::uint32_t> found;  // word ids, by where they first end in the text
  std::uint32_t at = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = next_code_point(text, i, cp);
    if (len == 0) {  // an invalid byte is skipped, as normalisation does
      ++i;
      continue;
    }
    i += len;
    const std::uint32_t sym = cp < bmp_end ? bmp_symbols_[cp] : symbol_of(cp);
    if (sym == skip_symbol) continue;
    at = step(at, sym);
    const state& s = states_[at];
    for (std::uint32_t k = 0; k < s.output_count; ++k) {
      const std::uint32_t id = outputs_[s.first_output + k];
      if (std::find(found.begin(), found.end(), id) == found.end()) found.push_back(id);
    }
  }
  std::stable_sort(found.begin(), found.end(), [this](std::uint32_t a, std::uint32_t b) {
    return classes_[words_[a].class_index].severity > classes_[words_[b].class_index].severity;
  });
  result.hits.reserve(found.size());
  for (const std::uint32_t id : found) {
    const auto& c = classes_[words_[id].class_index];
    result.hits.push_back({words_[id].written, c.code, c.name, c.severity});
    result.severity = std::max(result.severity, c.severity);
  }
  return result;
}

risk_mark sensitive_matcher::mark(std::string_view text) const {
  risk_mark m;
  const auto result = match(text);
  if (result.empty()) return m;
  const auto& top = result.hits.front();
  m.word_class = top.class_code;
  m.class_name = top.class_name;
  m.severity = top.severity;
  for (const auto& h : result.hits)
    if (std::find(m.words.begin(), m.words.end(), h.word) == m.words.end())
      m.words.push_back(h.word);
  return m;
}

}  // namespace cityops::domain
