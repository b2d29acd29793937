#pragma once
// One TOML document of a city (a user's file, or one of config/default/*.toml) applied to a
// city_builder and the service settings. The top-level keys and their tables are described in
// config/README.md; unknown keys anywhere are errors.

#include <functional>
#include <optional>
#include <string>

#include <toml++/toml.h>

#include "config/city_loader.hpp"
#include "config/intake_settings.hpp"
#include "config/report_settings.hpp"
#include "config/risk_settings.hpp"
#include "config/detail/city_builder.hpp"
#include "config/detail/indicator_document.hpp"
#include "config/detail/toml_reader.hpp"

namespace cityops::config::detail {

struct document_context {
  std::string file;  // the document's name in errors
  // Whether the document may name a `divisions` file (base = "none" only).
  bool divisions_allowed = false;
  // Reads a file the document names (the divisions TSV, corpus files), relative to the
  // document: its text, or nullopt with an error message in `why`. `label` receives the name
  // used in errors.
  std::function<std::optional<std::string>(const std::string& path, std::string& label,
                                           std::string& why)>
      read_file;
};

// Reads `base` only: "default" (also when absent) or "none"; nullopt after an error.
std::optional<std::string> read_base(const toml::table& doc, const std::string& file,
                                     error_slot& errors);

// A [[tokens]] entry as read, with its table path ("tokens[2]") for later reference checks.
struct token_document {
  token_setting token;
  std::string path;
};

// Applies every key of `doc`. Errors go to `errors`; returns errors.ok(). `tokens` receives
// the [[tokens]] entries (checked for shape and uniqueness here; their node and department
// are checked against the finished city by check_tokens); when null, [[tokens]] is refused.
bool apply_document(const toml::table& doc, const document_context& ctx, city_builder& city,
                    service_settings& service, intake_settings& intake, risk_settings& risk,
                    indicator_layer& indicators, report_settings& reports, error_slot& errors,
                    std::vector<token_document>* tokens = nullptr);

// Fails on the first token whose node or department is not in `city` (or not a node of the
// right kind), naming its key.
void check_tokens(const std::vector<token_document>& tokens, const city_model& city,
                  const std::string& file, error_slot& errors);

}  // namespace cityops::config::detail
