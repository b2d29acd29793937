#pragma once
// The [[domains]] and [[indicators]] of a city document: the vital-signs registry
// (config/indicator_settings.hpp). Errors name the dotted key ("indicators[4].alarm_high").

#include <string>
#include <vector>

#include "config/city_model.hpp"
#include "config/indicator_settings.hpp"
#include "config/detail/city_builder.hpp"
#include "config/detail/toml_reader.hpp"

namespace cityops::config::detail {

// The registry being loaded, with where each indicator came from (parallel to
// settings.indicators) for the checks against the finished city.
struct indicator_layer {
  indicator_settings settings;
  std::vector<origin> origins;
};

// Reads the document's [[domains]] and then its [[indicators]] into `layer`: an entry whose
// code / id is already there (an earlier document, the embedded city) replaces it, a new one
// is appended; within one document every code and id may appear once. An indicator's domain
// must be known by then.
void read_indicators(table_reader& top, error_slot& errors, indicator_layer& layer);

// Fails on the first indicator whose node is not a node of `city`, naming its key.
void check_indicator_nodes(const indicator_layer& layer, const city_model& city,
                           error_slot& errors);

}  // namespace cityops::config::detail
