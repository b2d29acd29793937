#include "config/city_loader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/detail/city_builder.hpp"
#include "config/detail/city_document.hpp"
#include "config/detail/intake_document.hpp"
#include "config/detail/toml_reader.hpp"

namespace cityops::config {

namespace detail {
// Defined in the file generated from config/default/ by config/embed_files.cmake.
std::optional<std::string_view> embedded_default_file(std::string_view name);
}  // namespace detail

namespace {

using detail::error_slot;

// The embedded city's documents, in the order they are applied (divisions come first).
constexpr const char* default_documents[] = {"city.toml",       "district_centres.toml",
                                             "categories.toml", "departments.toml",
                                             "routing.toml",    "calendar.toml",
                                             "intake.toml",     "risk.toml",
                                             "indicators.toml"};
constexpr const char* default_dir = "config/default/";

std::optional<std::string> read_whole_file(const std::string& path, std::string& why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    why = "read error";
    return std::nullopt;
  }
  return text.str();
}

std::string directory_of(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? std::string() : file.substr(0, slash + 1);
}

std::optional<load_error> build_default(city_config& out) {
  error_slot errors;
  detail::city_builder city(errors);
  service_settings service;
  intake_settings intake;
  risk_settings risk;
  detail::indicator_layer indicators;
  report_settings reports;
  detail::document_context ctx;
  ctx.divisions_allowed = true;
  ctx.read_file = [](const std::string& path, std::string& label,
                     std::string& why) -> std::optional<std::string> {
    label = default_dir + path;
    // Embedded files are looked up by their file name (corpus/01.tsv -> 01.tsv).
    const auto slash = path.rfind('/');
    const auto name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (auto text = detail::embedded_default_file(name)) return std::string(*text);
    why = "no such embedded file";
    return std::nullopt;
  };
  for (const char* name : default_documents) {
    ctx.file = std::string(default_dir) + name;
    const auto text = detail::embedded_default_file(name);
    if (!text) return load_error{ctx.file, "", "missing from the embedded default city"};
    const auto doc = detail::parse_toml(*text, ctx.file, errors);
    if (!doc ||
        !detail::apply_document(*doc, ctx, city, service, intake, risk, indicators, reports,
                                errors))
      return errors.error();
  }
  city.finish_layer();
  if (errors.ok()) city.build(out.city, std::string(default_dir) + default_documents[0]);
  if (errors.ok()) detail::check_corpus(intake, out.city, errors);
  if (errors.ok()) detail::check_indicator_nodes(indicators, out.city, errors);
  if (!errors.ok()) return errors.error();
  out.service = service;
  out.intake = std::move(intake);
  out.risk = std::move(risk);
  out.indicators = std::move(indicators.settings);
  out.reports = std::move(reports);
  return std::nullopt;
}

}  // namespace

std::string load_error::describe() const {
  const std::string line =
      key.empty() ? file + ": " + message : file + ": " + key + ": " + message;
  // Keys and values quoted from the file may hold control characters (TOML's "a\nb" = 1):
  // escape them, so the description stays one line (C0 controls and DEL as \n, \xNN).
  std::string out;
  out.reserve(line.size());
  for (const char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) {
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 0xf]);
    }
  }
  return out;
}

const city_config& default_city() {
  static const city_config city = [] {
    city_config c;
    if (auto error = build_default(c)) {
      // A unit test loads the default city, so this is a build defect, not a user error.
      std::fprintf(stderr, "cityops: the embedded default city is broken: %s\n",
                   error->describe().c_str());
      std::abort();
    }
    return c;
  }();
  return city;
}

std::optional<load_error> load_string(std::string_view toml_text, const std::string& file_name,
                                      city_config& out) {
  error_slot errors;
  const auto doc = detail::parse_toml(toml_text, file_name, errors);
  if (!doc) return errors.error();
  const auto base = detail::read_base(*doc, file_name, errors);
  if (!base) return errors.error();

  detail::city_builder city(errors);
  service_settings service;
  intake_settings intake;
  risk_settings risk;
  detail::indicator_layer indicators;
  report_settings reports;
  if (*base == "default") {
    const city_config& def = default_city();
    city.adopt(def.city);
    service = def.service;
    intake = def.intake;
    risk = def.risk;
    reports = def.reports;
    indicators.settings = def.indicators;
    indicators.origins.assign(def.indicators.indicators.size(),
                              detail::origin{"config/default/indicators.toml", "indicators"});
  }
  detail::document_context ctx;
  ctx.file = file_name;
  ctx.divisions_allowed = *base == "none";
  const std::string dir = directory_of(file_name);
  ctx.read_file = [&dir](const std::string& path, std::string& label,
                              std::string& why) -> std::optional<std::string> {
    label = !path.empty() && path.front() == '/' ? path : dir + path;
    return read_whole_file(label, why);
  };
  std::vector<detail::token_document> tokens;
  if (!detail::apply_document(*doc, ctx, city, service, intake, risk, indicators, reports, errors,
                              &tokens))
    return errors.error();
  city.finish_layer();
  city_config result;
  if (errors.ok()) city.build(result.city, file_name);
  if (errors.ok()) detail::check_tokens(tokens, result.city, file_name, errors);
  if (errors.ok()) detail::check_corpus(intake, result.city, errors);
  if (errors.ok()) detail::check_indicator_nodes(indicators, result.city, errors);
  if (!errors.ok()) return errors.error();
  result.service = service;
  result.intake = std::move(intake);
  result.risk = std::move(risk);
  result.indicators = std::move(indicators.settings);
  result.reports = std::move(reports);
  for (auto& t : tokens) result.tokens.push_back(std::move(t.token));
  out = std::move(result);
  return std::nullopt;
}

std::optional<load_error> load_file(const std::string& path, city_config& out) {
  std::string why;
  const auto text = read_whole_file(path, why);
  if (!text) return load_error{path, "", "cannot read the file: " + why};
  return load_string(*text, path, out);
}

}  // namespace cityops::config
