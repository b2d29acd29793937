#pragma once
// The sensitive-word check of intake (风险预警, docs/risk-watch.md): finds every word of the
// risk lexicon (config::risk_settings::lexicon) in a report's text in one pass, with an
// Aho–Corasick automaton over Unicode code points.
//
// Words and texts are compared in the normalised form of text_signature.hpp's
// normalize_for_matching after traditional → simplified (simplified_chinese.hpp): full-width
// → half-width, lower case, and spaces, punctuation and symbols dropped, so "跳 楼", "跳-楼",
// "跳樓" and "ＳＯＳ" read as 跳楼 and sos. At construction every code point of the Basic
// Multilingual Plane is mapped once to its normalised symbol, so matching is a table lookup
// and an automaton step per character, with no allocation unless a word is found.
//
// Pure: no CAF, no I/O. Immutable after construction; match() is safe from several threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/domain/risk_mark.hpp"
#include "actors/domain/simplified_chinese.hpp"
#include "config/risk_settings.hpp"

namespace cityops::domain {

// One lexicon word found in a text.
struct sensitive_hit {
  std::string word;        // as written in the lexicon
  std::string class_code;  // "extreme_demand"
  std::string class_name;  // "极端诉求"
  std::uint8_t severity = 0;
};

// The words a text holds, each once per class: most severe first, then by where the word
// first ends in the text. `severity` is the highest of them, 0 when none.
struct sensitive_result {
  std::vector<sensitive_hit> hits;
  std::uint8_t severity = 0;
  bool empty() const { return hits.empty(); }
};

class sensitive_matcher {
 public:
  // Builds the automaton from the lexicon's words. Words that normalise to nothing (only
  // punctuation) are left out; two words of one class that normalise alike are one word,
  // reported as the first written. Constructs its own traditional → simplified table.
  explicit sensitive_matcher(const std::vector<config::lexicon_class>& lexicon);
  // The same with a converter the caller already has (used during construction only).
  sensitive_matcher(const std::vector<config::lexicon_class>& lexicon,
                    const simplified_chinese& simplifier);

  sensitive_result match(std::string_view text) const;
  // The mark intake puts on a report: every word found, the class and severity of the first
  // (most severe) hit; empty when the text holds no word.
  risk_mark mark(std::string_view text) const;

  std::size_t word_count() const { return words_.size(); }

 private:
  struct word {
    std::uint32_t class_index = 0;
    std::string written;
  };
  struct edge {
    std::uint32_t symbol = 0;
    std::uint32_t target = 0;
  };
  struct state {
    std::uint32_t first_edge = 0;  // edges_[first_edge, first_edge + edge_count): by symbol
    std::uint32_t edge_count = 0;
    std::uint32_t fail = 0;
    std::uint32_t first_output = 0;  // outputs_[first_output, ...): word ids ending here
    std::uint32_t output_count = 0;
  };

  void build(const simplified_chinese& simplifier);
  std::uint32_t symbol_of(char32_t cp) const;
  std::uint32_t step(std::uint32_t at, std::uint32_t symbol) const;

  std::vector<config::lexicon_class> classes_;  // names and severities, without the words
  std::vector<word> words_;
  std::vector<std::uint32_t> bmp_symbols_;  // per BMP code point: skip, other, or a symbol
  // Normalised supplementary-plane characters of the words and their symbols, by character.
  std::vector<std::pair<char32_t, std::uint32_t>> extra_symbols_;
  std::vector<std::uint32_t> root_next_;    // per symbol: the root's transition
  std::vector<state> states_;
  std::vector<edge> edges_;
  std::vector<std::uint32_t> outputs_;
};

}  // namespace cityops::domain
