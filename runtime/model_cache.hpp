#pragma once
// Classifier models kept on disk under their model name (text_classifier::model_name: a hash
// of the training texts, options and tokenizer), so a model is trained once per corpus and
// loaded afterwards. Used by cityopsd at start (classifier_setup), cityops-eval and
// cityops-bench. A new file is written under a temporary name and renamed into place, so
// concurrent processes never load half a model.

#include <memory>
#include <string>
#include <vector>

#include "actors/domain/text_classifier.hpp"

namespace cityops {

// The path of `<dir>/<name>.bin` in the first of `dirs` that holds it, "" when none does.
std::string find_cached_model(const std::string& name, const std::vector<std::string>& dirs);

// The model for `training`: loaded from the first of `dirs` that holds it, else trained and
// saved into dirs.front() (created when missing; nothing is saved when `dirs` is empty — the
// training scratch file then goes to the system's temp directory). `origin` says what
// happened ("loaded from PATH in 0.13 s", "trained in 14.2 s, saved to PATH"). Null on
// failure, with `error`.
std::unique_ptr<domain::text_classifier> load_or_train_model(
    const std::vector<domain::labelled_text>& training, const domain::classifier_options& options,
    const std::vector<std::string>& dirs, std::string& origin, std::string& error);

}  // namespace cityops
