#include "config/detail/toml_reader.hpp"

#include <cmath>

#include "config/civil_date.hpp"

namespace cityops::config::detail {

namespace {

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

std::string at_line(const toml::node& n) {
  const auto line = n.source().begin.line;
  return line > 0 ? " (line " + std::to_string(line) + ")" : std::string();
}

}  // namespace

void error_slot::fail(std::string file, std::string key, std::string message) {
  if (!error_) error_ = load_error{std::move(file), std::move(key), std::move(message)};
}

std::optional<toml::table> parse_toml(std::string_view text, const std::string& file,
                                      error_slot& errors) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    errors.fail(file, "",
                "invalid TOML at line " + std::to_string(where.line) + ", column " +
                    std::to_string(where.column) + ": " + std::string(e.description()));
    return std::nullopt;
  }
}

table_reader::table_reader(error_slot& errors, std::string file, const toml::table& table,
                           std::string path)
    : errors_(errors), file_(std::move(file)), table_(table), path_(std::move(path)) {}

std::string table_reader::key(std::string_view k) const {
  return path_.empty() ? std::string(k) : path_ + "." + std::string(k);
}

void table_reader::fail(std::string_view k, std::string message) {
  errors_.fail(file_, key(k), std::move(message));
}

const toml::node* table_reader::get(std::string_view k, bool required) {
  used_.emplace(k);
  const toml::node* n = table_.get(k);
  if (!n && required) fail(k, "missing key" + at_line(table_));
  return n;
}

void table_reader::wrong_type(std::string_view k, const toml::node& n, std::string_view expected) {
  fail(k, "wrong type: expected " + std::string(expected) + ", found " + std::string(type_name(n)) +
              at_line(n));
}

std::optional<std::string> table_reader::text(std::string_view k, bool required) {
  const toml::node* n = get(k, required);
  if (!n) return std::nullopt;
  const auto* s = n->as_string();
  if (!s) {
    wrong_type(k, *n, "a string");
    return std::nullopt;
  }
  if (s->get().empty()) {
    fail(k, "must not be empty" + at_line(*n));
    return std::nullopt;
  }
  return s->get();
}

std::optional<std::int64_t> table_reader::integer(std::string_view k, std::int64_t min,
                                                  std::int64_t max, bool required) {
  const toml::node* n = get(k, required);
  if (!n) return std::nullopt;
  const auto* i = n->as_integer();
  if (!i) {
    wrong_type(k, *n, "an integer");
    return std::nullopt;
  }
  if (i->get() < min || i->get() > max) {
    fail(k, "out of range: " + std::to_string(i->get()) + " is not within " + std::to_string(min) +
                ".." + std::to_string(max) + at_line(*n));
    return std::nullopt;
  }
  return i->get();
}

std::optional<double> table_reader::number(std::string_view k, double min, double max,
                                           bool required) {
  const toml::node* n = get(k, required);
  if (!n) return std::nullopt;
  double v = 0;
  if (const auto* f = n->as_floating_point()) {
    v = f->get();
  } else if (const auto* i = n->as_integer()) {
    v = static_cast<double>(i->get());
  } else {
    wrong_type(k, *n, "a number");
    return std::nullopt;
  }
  if (!std::isfinite(v) || v < min || v > max) {
    fail(k, "out of range: " + std::to_string(v) + " is not within " + std::to_string(min) + ".." +
                std::to_string(max) + at_line(*n));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> table_reader::boolean(std::string_view k, bool required) {
  const toml::node* n = get(k, required);
  if (!n) return std::nullopt;
  const auto* b = n->as_boolean();
  if (!b) {
    wrong_type(k, *n, "a boolean");
    return std::nullopt;
  }
  return b->get();
}

std::optional<std::vector<std::string>> table_reader::text_list(std::string_view k, bool required) {
  const toml::node* n = get(k, required);
  if (!n) return std::nullopt;
  const auto* a = n->as_array();
  if (!a) {
    wrong_type(k, *n, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto* s = (*a)[i].as_string();
    const std::string item_key = std::string(k) + "[" + std::to_string(i) + "]";
    if (!s) {
      wrong_type(item_key, (*a)[i], "a string");
      return std::nullopt;
    }
    if (s->get().empty()) {
      fail(item_key, "must not be empty" + at_line((*a)[i]));
      return std::nullopt;
    }
    out.push_back(s->get());
  }
  return out;
}

std::optional<std::pair<double, double>> table_reader::number_pair(std::string_view k,
                                                                  bool required) {
  const toml::node* n = get(k, required);
  if (!n) return std::nullopt;
  const auto* a = n->as_array();
  double v[2] = {0, 0};
  bool ok = a && a->size() == 2;
  for (std::size_t i = 0; ok && i < 2; ++i) {
    if (const auto* f = (*a)[i].as_floating_point())
      v[i] = f->get();
    else if (const auto* x = (*a)[i].as_integer())
      v[i] = static_cast<double>(x->get());
    else
      ok = false;
    ok = ok && std::isfinite(v[i]);
  }
  if (!ok) {
    wrong_type(k, *n, "two numbers [lo, hi]");
    return std::nullopt;
  }
  if (v[0] > v[1]) {
    fail(k, "lo " + std::to_string(v[0]) + " is above hi " + std::to_string(v[1]) + at_line(*n));
    return std::nullopt;
  }
  return std::make_pair(v[0], v[1]);
}

std::optional<std::string> table_reader::date(std::string_view k, bool required) {
  const toml::node* n = get(k, required);
  if (!n) return std::nullopt;
  std::string text;
  if (const auto* d = n->as_date()) {
    const toml::date& v = d->get();
    text = format_civil_date(civil_date{v.year, v.month, v.day});
  } else if (const auto* s = n->as_string()) {
    text = s->get();
  } else {
    wrong_type(k, *n, "a date (\"YYYY-MM-DD\")");
    return std::nullopt;
  }
  if (!parse_civil_date(text)) {
    fail(k, "bad date '" + text + "': expected a real date as YYYY-MM-DD" + at_line(*n));
    return std::nullopt;
  }
  return text;
}

const toml::table* table_reader::table(std::string_view k) {
  const toml::node* n = get(k, false);
  if (!n) return nullptr;
  const auto* t = n->as_table();
  if (!t) wrong_type(k, *n, "a table");
  return t;
}

std::vector<std::pair<const toml::table*, std::string>> table_reader::tables(std::string_view k) {
  std::vector<std::pair<const toml::table*, std::string>> out;
  const toml::node* n = get(k, false);
  if (!n) return out;
  const auto* a = n->as_array();
  if (!a) {
    wrong_type(k, *n, "an array of tables ([[" + std::string(k) + "]])");
    return out;
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string item_key = std::string(k) + "[" + std::to_string(i) + "]";
    const auto* t = (*a)[i].as_table();
    if (!t) {
      wrong_type(item_key, (*a)[i], "a table");
      return {};
    }
    out.emplace_back(t, key(item_key));
  }
  return out;
}

void table_reader::reject_unknown_keys(std::string_view allowed_hint) {
  for (auto&& [k, v] : table_) {
    if (used_.count(k.str())) continue;
    fail(k.str(), "unknown key" + at_line(v) + "; expected one of: " + std::string(allowed_hint));
    return;
  }
}

}  // namespace cityops::config::detail
