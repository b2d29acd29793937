#pragma once
// Request bodies are read with the JSON object reader of config/json_reader.hpp (errors name
// the field: api.md's error shape); the gateway uses it under its own names.

#include "config/json_reader.hpp"

namespace cityops::gateway {

using config::input_error;
using config::json_object_reader;

}  // namespace cityops::gateway
