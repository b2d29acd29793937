#pragma once
// The evaluation's classifier: trained on the training part of the corpus only, or loaded from
// a model cache directory (<dir>/<model name>.bin, the name hashing the training texts and
// options, so a cached model always matches the corpus it was trained on).

#include <memory>
#include <string>
#include <vector>

#include "actors/domain/text_classifier.hpp"

namespace cityops::eval {

// With a non-empty `cache_dir`: loads the cached model when present, else trains and saves it
// there (created if missing). `origin` says which happened. Null on failure, with `error`.
std::unique_ptr<domain::text_classifier> obtain_classifier(
    const std::vector<domain::labelled_text>& training, const std::string& cache_dir,
    std::string& origin, std::string& error);

}  // namespace cityops::eval
