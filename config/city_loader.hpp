#pragma once
// Loading the city configuration. The embedded default city (Yantai, config/default/) is
// compiled into the binary; a TOML file may replace any part of it. Errors name the file,
// the key and what is wrong, and loading never throws.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/city_model.hpp"

namespace cityops::config {

struct load_error {
  std::string file;     // "config/default/categories.toml" for the embedded city
  std::string key;      // dotted TOML path, e.g. "departments[3].node"
  std::string message;  // what is wrong, e.g. "unknown node '3706999'"
  // "file: key: message" — one line, suitable for a log or a CLI error.
  std::string describe() const;
};

// Service settings ([service] table); defaults are what `cityopsd` uses with no file.
struct service_settings {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./data";
  std::chrono::seconds case_idle_passivation{60};  // case actors quit after this idle time
  std::chrono::milliseconds actor_request_timeout{10000};
  std::uint32_t max_body_bytes = 64 * 1024;
  std::uint32_t io_threads = 1;
  std::chrono::seconds sla_scan_interval{60};  // how often passivated cases' SLA is checked
  std::uint32_t dispatch_max_returns = 3;      // more returns than this escalate a case
  bool dispatch_on_accept = false;             // dispatch accepted cases without an operator
  std::uint32_t max_actor_restarts = 5;        // department/node restarts per period before
  std::chrono::seconds actor_restart_period{60};  // the service shuts down
};

struct city_config {
  city_model city;
  service_settings service;
};

// The embedded default city. Its consistency is checked by a unit test, so this cannot fail
// at run time; the returned object is built once and cached.
const city_config& default_city();

// Loads `path`. With `base = "default"` at the top level (the default when absent) the file
// extends the embedded city: its [service] table and any [[departments]], [[categories]],
// [[routing]], [[calendar]] entries are added to it; with `base = "none"` the file must
// define the whole city (its `divisions` key names a TSV like shared/data's).
// Returns the error on failure; `out` is then left unspecified.
std::optional<load_error> load_file(const std::string& path, city_config& out);

// Parses TOML text as if it came from `file_name` (used by load_file and by tests).
std::optional<load_error> load_string(std::string_view toml_text, const std::string& file_name,
                                      city_config& out);

}  // namespace cityops::config
