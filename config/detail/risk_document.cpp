#include "config/detail/risk_document.hpp"

#include <algorithm>
#include <string_view>

namespace cityops::config::detail {
namespace {

// Class codes are wire names ("extreme_demand"): lower-case ASCII, digits and '_'.
bool is_class_code(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s.front() >= 'a' && s.front() <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

lexicon_class* find_class(std::vector<lexicon_class>& lexicon, const std::string& code) {
  for (auto& c : lexicon)
    if (c.code == code) return &c;
  return nullptr;
}

// One [[classes]] entry of a lexicon file, merged into `lexicon`.
void read_class(table_reader& r, std::vector<std::string>& seen,
                std::vector<lexicon_class>& lexicon) {
  const auto code = r.text("code");
  const auto name = r.text("name", false);
  const auto severity = r.integer("severity", 1, 4, false);
  const auto words = r.text_list("words");
  r.reject_unknown_keys("code, name, severity, words");
  if (!code || !words) return;
  if (!is_class_code(*code)) {
    r.fail("code", "bad class code '" + *code + "': expected lower-case ASCII, digits and '_'");
    return;
  }
  if (std::find(seen.begin(), seen.end(), *code) != seen.end()) {
    r.fail("code", "class '" + *code + "' appears twice in this file");
    return;
  }
  seen.push_back(*code);
  if (words->empty()) {
    r.fail("words", "must name at least one word");
    return;
  }
  lexicon_class* target = find_class(lexicon, *code);
  if (!target) {
    if (!name || !severity) {
      r.fail(name ? "severity" : "name",
             "missing key: class '" + *code + "' is new, so it needs a name and a severity");
      return;
    }
    lexicon.push_back(lexicon_class{*code, *name, 0, {}});
    target = &lexicon.back();
  }
  if (name) target->name = *name;
  if (severity) target->severity = static_cast<std::uint8_t>(*severity);
  for (const auto& w : *words)
    if (std::find(target->words.begin(), target->words.end(), w) == target->words.end())
      target->words.push_back(w);
}

void read_lexicon(table_reader& r, const document_context& ctx, error_slot& errors,
                  std::vector<lexicon_class>& lexicon) {
  const auto file = r.text("lexicon", false);
  if (!file) return;
  std::string label, why;
  const auto text = ctx.read_file ? ctx.read_file(*file, label, why) : std::nullopt;
  if (!text) {
    r.fail("lexicon", "cannot read '" + *file + "': " + (why.empty() ? "no reader" : why));
    return;
  }
  const auto doc = parse_toml(*text, label, errors);
  if (!doc) return;
  table_reader top(errors, label, *doc, "");
  std::vector<std::string> seen;
  auto merged = lexicon;  // applied only when the whole file reads
  for (const auto& [t, path] : top.tables("classes")) {
    table_reader c(errors, label, *t, path);
    read_class(c, seen, merged);
  }
  top.reject_unknown_keys("classes");
  if (errors.ok()) lexicon = std::move(merged);
}

void read_repeat(table_reader& r, repeat_settings& s) {
  if (auto v = r.integer("min_cases", 2, 1000, false)) s.min_cases = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("window_hours", 1, 24 * 366, false)) s.window_hours = *v;
  if (auto v = r.integer("address_min_callers", 2, 1000, false))
    s.address_min_callers = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("address_window_hours", 1, 24 * 366, false)) s.address_window_hours = *v;
  r.reject_unknown_keys("min_cases, window_hours, address_min_callers, address_window_hours");
}

void read_trend(table_reader& r, trend_settings& s) {
  if (auto v = r.integer("window_hours", 1, 24 * 7, false)) s.window_hours = *v;
  if (auto v = r.integer("baseline_weeks", 1, 52, false))
    s.baseline_weeks = static_cast<std::uint32_t>(*v);
  if (auto v = r.number("p_value", 1e-12, 0.5, false)) s.p_value = *v;
  if (auto v = r.integer("min_count", 1, 100000, false))
    s.min_count = static_cast<std::uint32_t>(*v);
  if (auto v = r.number("baseline_floor", 0.001, 1000, false)) s.baseline_floor = *v;
  if (auto v = r.integer("new_days", 1, 3660, false)) s.new_days = *v;
  if (auto v = r.boolean("streets", false)) s.streets = *v;
  r.reject_unknown_keys(
      "window_hours, baseline_weeks, p_value, min_count, baseline_floor, new_days, streets");
}

void read_cluster(table_reader& r, cluster_settings& s) {
  if (auto v = r.integer("min_reports", 2, 100000, false))
    s.min_reports = static_cast<std::uint32_t>(*v);
  if (auto v = r.number("radius_m", 1, 100000, false)) s.radius_m = *v;
  if (auto v = r.integer("window_minutes", 1, 7 * 24 * 60, false)) s.window_minutes = *v;
  r.reject_unknown_keys("min_reports, radius_m, window_minutes");
}

void read_letters(table_reader& r, letter_settings& s) {
  if (auto v = r.text("issuer", false)) s.issuer = *v;
  if (auto v = r.integer("reply_hours", 1, 24 * 366, false)) s.reply_hours = *v;
  if (auto v = r.text("auto_warning_level", false)) {
    if (*v == "off")
      s.auto_warning_level.clear();
    else if (*v == "blue" || *v == "yellow" || *v == "orange" || *v == "red")
      s.auto_warning_level = *v;
    else
      r.fail("auto_warning_level", "must be off, blue, yellow, orange or red");
  }
  r.reject_unknown_keys("issuer, reply_hours, auto_warning_level");
}

// Reads sub-table `key` of `r` with `read` when present.
template <class Settings>
void read_part(table_reader& r, error_slot& errors, std::string_view key,
               void (*read)(table_reader&, Settings&), Settings& s) {
  if (const toml::table* t = r.table(key)) {
    table_reader sub(errors, r.file(), *t, r.key(key));
    read(sub, s);
  }
}

}  // namespace

void read_risk(table_reader& r, const document_context& ctx, error_slot& errors,
               risk_settings& risk) {
  read_lexicon(r, ctx, errors, risk.lexicon);
  read_part(r, errors, "repeat", read_repeat, risk.repeat);
  read_part(r, errors, "trend", read_trend, risk.trend);
  read_part(r, errors, "cluster", read_cluster, risk.cluster);
  read_part(r, errors, "letters", read_letters, risk.letters);
  r.reject_unknown_keys("lexicon, repeat, trend, cluster, letters");
}

}  // namespace cityops::config::detail
