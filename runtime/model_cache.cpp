#include "runtime/model_cache.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include <unistd.h>

namespace cityops {
namespace {

namespace fs = std::filesystem;

std::string seconds_since(std::chrono::steady_clock::time_point start) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return buf;
}

}  // namespace

std::string find_cached_model(const std::string& name, const std::vector<std::string>& dirs) {
  std::error_code ec;
  for (const auto& dir : dirs) {
    const auto file = fs::path(dir) / (name + ".bin");
    if (fs::exists(file, ec)) return file.string();
  }
  return {};
}

std::unique_ptr<domain::text_classifier> load_or_train_model(
    const std::vector<domain::labelled_text>& training, const domain::classifier_options& options,
    const std::vector<std::string>& dirs, std::string& origin, std::string& error) {
  const auto name = domain::text_classifier::model_name(training, options);
  const auto start = std::chrono::steady_clock::now();
  std::string load_error;
  for (const auto& dir : dirs) {
    const auto file = fs::path(dir) / (name + ".bin");
    std::error_code ec;
    if (!fs::exists(file, ec)) continue;
    if (auto model = domain::text_classifier::load(file.string(), name, load_error)) {
      origin = "loaded from " + file.string() + " in " + seconds_since(start);
      return model;
    }
  }
  std::error_code ec;
  const fs::path home = dirs.empty() ? fs::temp_directory_path(ec) : fs::path(dirs.front());
  fs::create_directories(home, ec);
  if (ec) {
    error = "cannot create the model cache '" + home.string() + "': " + ec.message();
    return nullptr;
  }
  const auto unique = std::to_string(::getpid());
  auto model = domain::text_classifier::train(
      training, options, (home / (name + ".train." + unique)).string(), error);
  if (!model) return nullptr;
  origin = "trained in " + seconds_since(start);
  if (!load_error.empty()) origin += " (the cached one was unusable: " + load_error + ")";
  if (dirs.empty()) return model;
  const auto file = home / (name + ".bin");
  const auto partial = home / (name + ".bin." + unique);
  std::string save_error;
  if (model->save(partial.string(), save_error)) {
    fs::rename(partial, file, ec);
    if (!ec) {
      origin += ", saved to " + file.string();
      return model;
    }
    save_error = ec.message();
  }
  fs::remove(partial, ec);
  origin += ", not saved: " + save_error;
  return model;
}

}  // namespace cityops
