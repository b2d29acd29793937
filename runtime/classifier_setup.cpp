#include "runtime/classifier_setup.hpp"

#include <cstdlib>
#include <vector>

#include <spdlog/spdlog.h>

#include "actors/domain/training_corpus.hpp"
#include "runtime/model_cache.hpp"

namespace cityops {
namespace {

// Where a model may already be: the writable cache first, then the one the build filled.
std::vector<std::string> cache_dirs(const std::string& data_dir) {
  std::vector<std::string> dirs;
  const char* env = std::getenv("CITYOPS_MODEL_CACHE");
  dirs.emplace_back(env && *env ? std::string(env) : data_dir + "/models");
#ifdef CITYOPS_BUILD_MODEL_CACHE
  dirs.emplace_back(CITYOPS_BUILD_MODEL_CACHE);
#endif
  return dirs;
}

}  // namespace

std::string cached_model(const config::city_config& cfg, const std::string& data_dir) {
  if (cfg.intake.corpus.empty()) return {};
  const auto corpus = domain::build_training_corpus(cfg.intake.corpus, cfg.city);
  return find_cached_model(domain::text_classifier::model_name(corpus.training, {}),
                           cache_dirs(data_dir));
}

std::shared_ptr<const domain::text_classifier> prepare_classifier(const config::city_config& cfg,
                                                                  const std::string& data_dir,
                                                                  std::string& error) {
  if (cfg.intake.corpus.empty()) return nullptr;
  const auto corpus = domain::build_training_corpus(cfg.intake.corpus, cfg.city);
  std::string origin;
  auto model = load_or_train_model(corpus.training, {}, cache_dirs(data_dir), origin, error);
  if (!model) return nullptr;
  spdlog::info("classifier {}: {} ({} training texts, {} held out)", model->name(), origin,
               corpus.training.size(), corpus.held_out.size());
  return model;
}

}  // namespace cityops
