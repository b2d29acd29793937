#pragma once
// Typed, path-aware reading of TOML tables for the loader. Every accessor names the dotted key
// it reads ("departments[3].node"), and the first problem met is kept in an error_slot, so a
// parser reads on and checks `ok()` at convenient points instead of testing every call.
// Not thread-safe; lives for one load.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "config/city_loader.hpp"

namespace cityops::config::detail {

// Keeps the first error of a load; later ones are dropped (they are often consequences).
class error_slot {
 public:
  bool ok() const { return !error_.has_value(); }
  void fail(std::string file, std::string key, std::string message);
  const std::optional<load_error>& error() const { return error_; }

 private:
  std::optional<load_error> error_;
};

// Parses TOML text; on a syntax error fills `errors` with the line and column and returns
// nullopt. The only place where the loader lets toml++ throw.
std::optional<toml::table> parse_toml(std::string_view text, const std::string& file,
                                      error_slot& errors);

class table_reader {
 public:
  // `path` is the table's own dotted path ("" at the top level, "departments[3]" below).
  table_reader(error_slot& errors, std::string file, const toml::table& table, std::string path);

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  // The dotted path of key `k` in this table.
  std::string key(std::string_view k) const;
  bool has(std::string_view k) const { return table_.contains(k); }
  void fail(std::string_view k, std::string message);

  // Absent optional keys give nullopt without an error; check errors.ok() to tell them apart.
  std::optional<std::string> text(std::string_view k, bool required = true);
  std::optional<std::int64_t> integer(std::string_view k, std::int64_t min, std::int64_t max,
                                      bool required = true);
  std::optional<double> number(std::string_view k, double min, double max, bool required = true);
  std::optional<bool> boolean(std::string_view k, bool required = true);
  std::optional<std::vector<std::string>> text_list(std::string_view k, bool required = true);
  // Two numbers [lo, hi] with lo <= hi (integers read as numbers).
  std::optional<std::pair<double, double>> number_pair(std::string_view k, bool required = true);
  // A "YYYY-MM-DD" string or a TOML local date, returned as "YYYY-MM-DD".
  std::optional<std::string> date(std::string_view k, bool required = true);
  // A sub-table, or nullptr when absent or not a table (the latter is an error).
  const toml::table* table(std::string_view k);
  // The tables of an array of tables with their paths "k[i]"; empty when absent.
  std::vector<std::pair<const toml::table*, std::string>> tables(std::string_view k);

  // Fails on the first key of the table that no accessor above has read.
  void reject_unknown_keys(std::string_view allowed_hint);

 private:
  const toml::node* get(std::string_view k, bool required);
  void wrong_type(std::string_view k, const toml::node& n, std::string_view expected);

  error_slot& errors_;
  std::string file_;
  const toml::table& table_;
  std::string path_;
  std::set<std::string, std::less<>> used_;
};

}  // namespace cityops::config::detail
