#pragma once
// Makes the category classifier for a city at start: the model trained from the city's
// corpus (its training split) is kept in a cache directory under its model name — the hash
// of the training texts and options — so a restart, or every test process after the first,
// loads it instead of training again. The cache is $CITYOPS_MODEL_CACHE when set, else
// DATA_DIR/models. A new file is written under a temporary name and renamed, so concurrent
// starts never read half a model.

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

}  // namespace cityops
