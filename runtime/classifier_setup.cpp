#include "runtime/classifier_setup.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "actors/domain/training_corpus.hpp"

namespace cityops {

std::shared_ptr<const domain::text_classifier> prepare_classifier(const config::city_config& cfg,
                                                                  const std::string& data_dir,
                                                                  std::string& error) {
  if (cfg.intake.corpus.empty()) return nullptr;
  const auto corpus = domain::build_training_corpus(cfg.intake.corpus, cfg.city);
  const domain::classifier_options options;
  const auto name = domain::text_classifier::model_name(corpus.training, options);
  const char* env = std::getenv("CITYOPS_MODEL_CACHE");
  const std::filesystem::path dir =
      env && *env ? std::filesystem::path(env) : std::filesystem::path(data_dir) / "models";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    error = "cannot create the model cache '" + dir.string() + "': " + ec.message();
    return nullptr;
  }
  const auto file = dir / (name + ".bin");
  const auto started = std::chrono::steady_clock::now();
  auto elapsed_ms = [&started] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now() - started)
        .count();
  };
  if (std::filesystem::exists(file)) {
    if (auto c = domain::text_classifier::load(file.string(), name, error)) {
      spdlog::info("classifier {} loaded from {} in {} ms", name, file.string(), elapsed_ms());
      return c;
    }
    spdlog::warn("{}; training again", error);
    error.clear();
  }
  const auto unique = std::to_string(::getpid());
  auto c = domain::text_classifier::train(corpus.training, options,
                                          (dir / (name + ".train." + unique)).string(), error);
  if (!c) return nullptr;
  spdlog::info("classifier {} trained on {} texts ({} held out) in {} ms", name,
               corpus.training.size(), corpus.held_out.size(), elapsed_ms());
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
