#include "tools/eval/classifier_cache.hpp"

#include "runtime/model_cache.hpp"

namespace cityops::eval {

std::unique_ptr<domain::text_classifier> obtain_classifier(
    const std::vector<domain::labelled_text>& training, const std::string& cache_dir,
    std::string& origin, std::string& error) {
  std::vector<std::string> dirs;
  if (!cache_dir.empty()) dirs.push_back(cache_dir);
  return load_or_train_model(training, {}, dirs, origin, error);
}

}  // namespace cityops::eval
