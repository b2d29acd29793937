#include "actors/domain/training_corpus.hpp"

#include "config/tsv_lines.hpp"

namespace cityops::domain {

bool is_held_out(std::string_view text) {
  std::uint32_t h = 2166136261u;  // FNV-1a: fixed, so the split never moves
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  return h % held_out_every == 0;
}

std::vector<labelled_text> parse_corpus(std::string_view tsv) {
  std::vector<labelled_text> out;
  config::for_each_tsv_line(tsv, [&out](std::string_view line, std::size_t) {
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size()) return;
    out.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
  });
  return out;
}

training_corpus build_training_corpus(const std::vector<config::corpus_file>& files,
                                      const config::city_model& city) {
  training_corpus c;
  for (const auto& f : files)
    for (auto& t : parse_corpus(f.text))
      (is_held_out(t.text) ? c.held_out : c.training).push_back(std::move(t));
  for (const auto& cat : city.categories()) {
    // "井盖缺失/塌陷" → "井盖缺失/塌陷" and "井盖缺失", "塌陷"
    c.training.push_back({cat.code, cat.name});
    std::string_view name = cat.name;
    for (auto slash = name.find('/'); slash != std::string_view::npos; slash = name.find('/')) {
      c.training.push_back({cat.code, std::string(name.substr(0, slash))});
      name.remove_prefix(slash + 1);
    }
    if (name.size() != cat.name.size()) c.training.push_back({cat.code, std::string(name)});
    for (const auto& k : cat.keywords) c.training.push_back({cat.code, k});
  }
  return c;
}

}  // namespace cityops::domain
