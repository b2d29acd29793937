#pragma once
// The classifier's labelled texts: parsed from the corpus files of the [intake] config
// (lines "<minor code>\t<text>", '#' comments), split deterministically into a training part
// and a held-out part that training never sees (the evaluation's test set), and completed
// with the catalogue's own words (each category's name and keywords as short training lines,
// so the model knows the city's vocabulary even for phrasings the corpus lacks).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/city_model.hpp"
#include "config/intake_settings.hpp"

namespace cityops::domain {

struct labelled_text {
  std::string category;  // minor code
  std::string text;
};

struct training_corpus {
  std::vector<labelled_text> training;
  std::vector<labelled_text> held_out;
};

// A text is held out when a fixed hash of it falls in the held-out share (one in
// `held_out_every`), so the split is stable across runs, machines and file order.
constexpr std::uint32_t held_out_every = 6;
bool is_held_out(std::string_view text);

// Lines that are not "<code>\t<text>" are skipped (the loader has already refused them).
std::vector<labelled_text> parse_corpus(std::string_view tsv);

// Parses every corpus file, splits, and appends the catalogue lines of `city` to `training`.
training_corpus build_training_corpus(const std::vector<config::corpus_file>& files,
                                      const config::city_model& city);

}  // namespace cityops::domain
