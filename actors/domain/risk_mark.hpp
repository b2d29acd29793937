#pragma once
// What intake's sensitive-word check (sensitive_matcher.hpp) found in a report's text: the
// words of the risk lexicon it holds, and the class of the most severe one. Carried by the
// `reported` event and the case snapshot (report_details::risk); the risk watch raises its
// alert from it. Empty when the text holds no word of the lexicon.

#include <cstdint>
#include <string>
#include <vector>

namespace cityops::domain {

struct risk_mark {
  std::vector<std::string> words;  // as written in the lexicon, most severe class first
  std::string word_class;          // the class code of the most severe word, "extreme_demand"
  std::string class_name;          // that class for people, "极端诉求"
  std::uint8_t severity = 0;       // that class's severity, 1..4; 0 when empty
  bool empty() const { return words.empty(); }
};

}  // namespace cityops::domain
