#pragma once
// Loading the city configuration. The embedded default city (Yantai, config/default/) is
// compiled into the binary; a TOML file may replace any part of it. Errors name the file,
// the key and what is wrong, and loading never throws.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/city_model.hpp"
#include "config/indicator_settings.hpp"
#include "config/intake_settings.hpp"
#include "config/report_settings.hpp"
#include "config/risk_settings.hpp"

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
  // The web app's files, served at `/` (gateway/static_files.hpp); "" is cityopsd's default,
  // the build's web-app output (`--web DIR` overrides both).
  std::string web_root;
  std::chrono::seconds case_idle_passivation{60};  // case actors quit after this idle time
  std::chrono::milliseconds actor_request_timeout{10000};
  std::uint32_t max_body_bytes = 64 * 1024;
  std::uint32_t io_threads = 1;
  std::chrono::seconds sla_scan_interval{60};  // how often passivated cases' SLA is checked
  std::uint32_t dispatch_max_returns = 3;      // more returns than this escalate a case
  bool dispatch_on_accept = false;             // dispatch accepted cases without an operator
  std::uint32_t max_actor_restarts = 5;        // department/node restarts per period before
  std::chrono::seconds actor_restart_period{60};  // the service shuts down
  // HTTP limits (gateway/http_server.hpp): past max_inflight_requests waiting on actors, and
  // past max_connections open, requests get 503 overloaded + Retry-After instead of queueing.
  std::uint32_t max_inflight_requests = 4096;
  std::uint32_t max_connections = 10000;
  std::uint32_t max_header_bytes = 8 * 1024;
  std::chrono::seconds read_timeout{30};   // reading one request, from its first byte (slowloris)
  std::chrono::seconds idle_timeout{60};   // a kept-alive connection waiting for its next request
};

// One API bearer token ([[tokens]]). The file holds only the token's SHA-256; the gateway
// maps a presented token to this principal (gateway/auth.hpp, docs/security.md).
struct token_setting {
  std::string name;        // who, in `by` and logs: [A-Za-z0-9._:-], 1..64, unique, not "admin"
  std::string sha256;      // 64 hex digits (stored lower-case), unique
  std::string role;        // citizen_app | operator | department | supervisor | admin | iot
  std::string node;        // operator only (required): the tier node of its centre
  std::string department;  // department only (required): the staff's department
};

struct city_config {
  city_model city;
  service_settings service;
  intake_settings intake;
  risk_settings risk;  // [risk]: the sensitive-word lexicon and the risk watch's thresholds
  indicator_settings indicators;  // [[domains]], [[indicators]]: the vital-signs registry
  report_settings reports;        // [reports]: the 每日信息's issuer and daily time
  std::vector<token_setting> tokens;  // from the file only; the embedded city has none
};

// The embedded default city. Its consistency is checked by a unit test, so this cannot fail
// at run time; the returned object is built once and cached.
const city_config& default_city();

// Loads `path`. With `base = "default"` at the top level (the default when absent) the file
// extends the embedded city: its [service] table and any [[departments]], [[categories]],
// [[routing]], [[calendar]] entries are added to it; with `base = "none"` the file must
// define the whole city (its `divisions` key names a TSV like config/default/divisions.tsv).
// Returns the error on failure; `out` is then left unspecified.
std::optional<load_error> load_file(const std::string& path, city_config& out);

// Parses TOML text as if it came from `file_name` (used by load_file and by tests).
std::optional<load_error> load_string(std::string_view toml_text, const std::string& file_name,
                                      city_config& out);

}  // namespace cityops::config
