#pragma once
// Makes the category classifier for a city at start: the model trained from the city's
// corpus (its training split) is kept in a cache directory under its model name — the hash
// of the training texts, options and tokenizer — so a start finds it instead of training
// (training takes tens of seconds on two cores; loading ~0.1 s). Looked up in
// $CITYOPS_MODEL_CACHE (else DATA_DIR/models), then in the build tree's model-cache, which
// the build fills for the embedded city (target `default-model`); trained into the first
// when found in neither. A new file is written under a temporary name and renamed, so
// concurrent starts never read half a model.

#include <memory>
#include <string>

#include "actors/domain/text_classifier.hpp"
#include "config/city_loader.hpp"

namespace cityops {

// The classifier, or null when the city has no corpus (reports are then not classified);
// null with `error` set when training or loading failed.
std::shared_ptr<const domain::text_classifier> prepare_classifier(const config::city_config& cfg,
                                                                  const std::string& data_dir,
                                                                  std::string& error);

// The path of the city's model when a cache already holds it, else "".
std::string cached_model(const config::city_config& cfg, const std::string& data_dir);

}  // namespace cityops
