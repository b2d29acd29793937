#include "tools/eval/classifier_cache.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <system_error>

namespace cityops::eval {

namespace fs = std::filesystem;

std::unique_ptr<domain::text_classifier> obtain_classifier(
    const std::vector<domain::labelled_text>& training, const std::string& cache_dir,
    std::string& origin, std::string& error) {
  const domain::classifier_options options{};
  const std::string name = domain::text_classifier::model_name(training, options);
  const fs::path cached = cache_dir.empty() ? fs::path{} : fs::path(cache_dir) / (name + ".bin");
  std::error_code ec;
  if (!cached.empty() && fs::exists(cached, ec)) {
    std::string load_error;
    if (auto model = domain::text_classifier::load(cached.string(), name, load_error)) {
      origin = "loaded from " + cached.string();
      return model;
    }
    std::cerr << "cityops-eval: cached model unusable (" << load_error << "), training anew\n";
  }

  const std::string tag = fmt::format("cityops-eval-{}", ::getpid());
  const fs::path scratch = fs::temp_directory_path(ec) / (tag + ".train.txt");
  std::cerr << "cityops-eval: training " << name << " on " << training.size() << " texts…\n";
  const auto start = std::chrono::steady_clock::now();
  auto model = domain::text_classifier::train(training, options, scratch.string(), error);
  if (!model) return nullptr;
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  origin = fmt::format("trained in {:.1f} s", took.count());
  if (cached.empty()) return model;

  // Saved under a temporary name and renamed, so a concurrent run never loads half a file.
  fs::create_directories(cached.parent_path(), ec);
  const fs::path partial = cached.string() + "." + tag + ".part";
  std::string save_error;
  if (model->save(partial.string(), save_error)) {
    fs::rename(partial, cached, ec);
    if (!ec) {
      origin += ", saved to " + cached.string();
      return model;
    }
    save_error = ec.message();
  }
  fs::remove(partial, ec);
  std::cerr << "cityops-eval: could not cache the model at " << cached.string() << ": "
            << save_error << "\n";
  return model;
}

}  // namespace cityops::eval
