#pragma once
// How well the classifier names the category of held-out texts: top-1 and top-3 accuracy,
// accuracy per major category (of the true category), and the most frequent confusions.
// Pure: takes the classifier's answers, not the classifier.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "config/city_model.hpp"

namespace cityops::eval {

// One held-out text as the classifier saw it.
struct classified_text {
  std::string truth;             // the labelled minor code
  std::vector<std::string> top;  // the classifier's best codes, best first (may be empty)
  double confidence = 0;         // the best code's probability

  // The best code, "" when the classifier had no answer.
  const std::string& predicted() const;
  bool correct() const { return predicted() == truth; }
  // True when `truth` is among the first k of `top`.
  bool in_top(std::size_t k) const;
};

struct major_accuracy {
  std::string code;
  std::string name;
  std::size_t count = 0;  // held-out texts whose true category is in this major
  double top1 = 0;        // the minor code is right
  double same_major = 0;  // the predicted code is at least in the right major
};

// The held-out texts of one corpus file: lets a file added to the corpus be told apart from
// the texts that were held out before it (whose accuracy stays comparable across corpora).
struct file_accuracy {
  std::string name;
  std::size_t count = 0;  // its held-out texts
  double top1 = 0;
  double top3 = 0;
};

struct confusion_pair {
  std::string truth;
  std::string predicted;
  std::size_t count = 0;
  std::string truth_name;  // the categories' names (measure_categories fills them)
  std::string predicted_name;
};

struct category_metrics {
  std::size_t count = 0;
  double top1 = 0;
  double top3 = 0;
  std::vector<major_accuracy> by_major;  // in the city's major order; majors without texts left out
  std::vector<confusion_pair> confusions;  // most frequent first
  std::vector<file_accuracy> by_file;      // in corpus order (measure_files)
};

// Wrong top-1 answers counted per (truth, predicted), most frequent first (ties by codes),
// at most `limit`. An empty prediction counts as the code "".
std::vector<confusion_pair> count_confusions(const std::vector<classified_text>& items,
                                             std::size_t limit);

// Accuracy per corpus file: `items` are the held-out texts in corpus order, and
// `files[i]` names a file and how many of them it holds, in the same order (the counts must
// add up to items.size()).
std::vector<file_accuracy> measure_files(
    const std::vector<classified_text>& items,
    const std::vector<std::pair<std::string, std::size_t>>& files);

category_metrics measure_categories(const std::vector<classified_text>& items,
                                    const config::city_model& city,
                                    std::size_t confusion_limit = 15);

}  // namespace cityops::eval
