#include "runtime/classifier_setup.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "actors/domain/training_corpus.hpp"

namespace cityops {

namespace {

// Where a model may already be: the writable cache first, then the one the build filled.
std::vector<std::filesystem::path> cache_dirs(const std::string& data_dir) {
  std::vector<std::filesystem::path> dirs;
  const char* env = std::getenv("CITYOPS_MODEL_CACHE");
  dirs.emplace_back(env && *env ? std::filesystem::path(env)
                                : std::filesystem::path(data_dir) / "models");
#ifdef CITYOPS_BUILD_MODEL_CACHE
  dirs.emplace_back(CITYOPS_BUILD_MODEL_CACHE);
#endif
  return dirs;
}

}  // namespace

std::string cached_model(const config::city_config& cfg, const std::string& data_dir) {
  if (cfg.intake.corpus.empty()) return {};
  const auto corpus = domain::build_training_corpus(cfg.intake.corpus, cfg.city);
  const auto name = domain::text_classifier::model_name(corpus.training, {});
  for (const auto& dir : cache_dirs(data_dir))
    if (std::filesystem::exists(dir / (name + ".bin"))) return (dir / (name + ".bin")).string();
  return {};
}

std::shared_ptr<const domain::text_classifier> prepare_classifier(const config::city_config& cfg,
                                                                  const std::string& data_dir,
                                                                  std::string& error) {
  if (cfg.intake.corpus.empty()) return nullptr;
  const auto corpus = domain::build_training_corpus(cfg.intake.corpus, cfg.city);
  const domain::classifier_options options;
  const auto name = domain::text_classifier::model_name(corpus.training, options);
  const auto dirs = cache_dirs(data_dir);
  const auto started = std::chrono::steady_clock::now();
  auto elapsed_ms = [&started] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now() - started)
        .count();
  };
  for (const auto& dir : dirs) {
    const auto file = dir / (name + ".bin");
    if (!std::filesystem::exists(file)) continue;
    if (auto c = domain::text_classifier::load(file.string(), name, error)) {
      spdlog::info("classifier {} loaded from {} in {} ms", name, file.string(), elapsed_ms());
      return c;
    }
    spdlog::warn("{}; training again", error);
    error.clear();
  }
  const auto& dir = dirs.front();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    error = "cannot create the model cache '" + dir.string() + "': " + ec.message();
    return nullptr;
  }
  const auto unique = std::to_string(::getpid());
  auto c = domain::text_classifier::train(corpus.training, options,
                                          (dir / (name + ".train." + unique)).string(), error);
  if (!c) return nullptr;
  spdlog::info("classifier {} trained on {} texts ({} held out) in {} ms", name,
               corpus.training.size(), corpus.held_out.size(), elapsed_ms());
  const auto file = dir / (name + ".bin");
  const auto tmp = dir / (name + ".bin." + unique);
  std::string save_error;
  if (c->save(tmp.string(), save_error)) {
    std::filesystem::rename(tmp, file, ec);
    if (ec) spdlog::warn("cannot keep the model in {}: {}", file.string(), ec.message());
  } else {
    spdlog::warn("{}", save_error);
  }
  return c;
}

}  // namespace cityops
