#pragma once
// Reading a scenario's activation parameters (a JSON object) with errors that name the field,
// as the config loader's do: the JSON object reader of config/json_reader.hpp, plus the pieces
// most scenarios share — an area, an SLA limit, categories, departments, times — checked
// against the city. A scenario's configure() (actors/scenario.hpp) reads its parameters with
// these and refuses the activation with the first error; the API answers it as 400 naming the
// field ("area.polygon[2].lat").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/domain_error.hpp"
#include "actors/domain/scenario_rules.hpp"
#include "config/city_model.hpp"
#include "config/json_reader.hpp"

namespace cityops {

using param_reader = config::json_object_reader;

// The reader of `json` (empty text reads as {}), or the error: invalid JSON, not an object.
domain::result<param_reader> parse_params(std::string_view json);
// A reader's error as the domain's (code invalid_field or missing_field, the field named).
domain::domain_error param_error(const config::input_error& e);

// `key`: {"node": "<node id>"} (a subtree) or {"polygon": [{"lat": …, "lon": …}, …]} (3 to
// 1,000 points, a ring that closes itself); the node must exist.
std::optional<domain::scenario_area> read_area(param_reader& in, std::string_view key,
                                               const config::city_model& city,
                                               bool required = true);
// `key`: {"limit": 1..10000, "unit": "hours" | "working_days"}, like the category
// catalogue's SLA limits.
std::optional<config::sla_limit> read_sla_limit(param_reader& in, std::string_view key,
                                                bool required = true);
// `key`: a list of category codes (minor "0608" or major "06") the city knows.
std::vector<std::string> read_categories(param_reader& in, std::string_view key,
                                         const config::city_model& city,
                                         std::size_t max_items = 200);
// `key`: a list of department ids the city knows.
std::vector<std::string> read_departments(param_reader& in, std::string_view key,
                                          const config::city_model& city,
                                          std::size_t max_items = 200);
// `key`: a node id the city knows.
std::optional<std::string> read_node(param_reader& in, std::string_view key,
                                     const config::city_model& city, bool required = true);
// `key`: an ISO 8601 time ("2026-06-07T08:00:00+08:00"), as unix milliseconds.
std::optional<std::int64_t> read_time(param_reader& in, std::string_view key,
                                      bool required = false);

}  // namespace cityops
