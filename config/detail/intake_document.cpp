#include "config/detail/intake_document.hpp"

#include <string_view>

#include "config/tsv_lines.hpp"

namespace cityops::config::detail {
namespace {

bool is_category_code(std::string_view s) {
  if (s.size() != 2 && s.size() != 4) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

void read_modes(table_reader& r, intake_settings& intake) {
  static constexpr std::string_view sources[] = {"hotline", "grid", "video",
                                                 "iot",     "app",  "open311"};
  for (auto source : sources) {
    auto mode = r.text(source, false);
    if (!mode) continue;
    if (*mode == "auto")
      intake.mode_by_source[std::string(source)] = intake_mode::automatic;
    else if (*mode == "suggest")
      intake.mode_by_source[std::string(source)] = intake_mode::suggest;
    else if (*mode == "manual")
      intake.mode_by_source[std::string(source)] = intake_mode::manual;
    else
      r.fail(source, "unknown mode '" + *mode + "' (expected auto, suggest or manual)");
  }
  r.reject_unknown_keys("hotline, grid, video, iot, app, open311");
}

// A table of category code -> number, e.g. radius_m_by_category = { "06" = 80 }.
template <class Value>
void read_code_map(table_reader& parent, error_slot& errors, std::string_view key, double min,
                   double max, std::map<std::string, Value>& out) {
  const toml::table* t = parent.table(key);
  if (!t) return;
  table_reader r(errors, parent.file(), *t, parent.key(key));
  for (auto&& [k, v] : *t) {
    const std::string code(k.str());
    if (!is_category_code(code)) {
      r.fail(code, "bad category code '" + code + "': expected a 2-digit major or 4-digit minor");
      continue;
    }
    if (auto n = r.number(code, min, max)) out[code] = static_cast<Value>(*n);
  }
}

void read_duplicates(table_reader& r, error_slot& errors, duplicate_settings& d) {
  if (auto v = r.number("radius_m", 1, 100000, false)) d.radius_m = *v;
  if (auto v = r.integer("window_hours", 1, 24 * 365, false)) d.window_hours = *v;
  if (auto v = r.number("link_score", 0, 1, false)) d.link_score = *v;
  if (auto v = r.number("flag_score", 0, 1, false)) d.flag_score = *v;
  if (d.flag_score > d.link_score)
    r.fail("flag_score", "must not be above link_score");
  read_code_map(r, errors, "radius_m_by_category", 1, 100000, d.radius_by_category);
  read_code_map(r, errors, "window_hours_by_category", 1, 24 * 365, d.window_hours_by_category);
  if (auto related = r.text_list("related", false)) {
    // Written as "0101~0202" pairs: one string per pair keeps the TOML flat.
    d.related.clear();
    for (const auto& pair : *related) {
      const auto tilde = pair.find('~');
      const std::string a = tilde == std::string::npos ? pair : pair.substr(0, tilde);
      const std::string b = tilde == std::string::npos ? "" : pair.substr(tilde + 1);
      if (!is_category_code(a) || !is_category_code(b)) {
        r.fail("related", "bad pair '" + pair + "': expected \"<code>~<code>\", e.g. \"0101~0202\"");
        break;
      }
      d.related.emplace_back(a, b);
    }
  }
  r.reject_unknown_keys(
      "radius_m, window_hours, link_score, flag_score, radius_m_by_category, "
      "window_hours_by_category, related");
}

}  // namespace

void read_intake(table_reader& r, const document_context& ctx, error_slot& errors,
                 intake_settings& intake) {
  if (auto v = r.number("auto_threshold", 0, 1, false)) intake.auto_threshold = *v;
  if (auto v = r.number("suggest_threshold", 0, 1, false)) intake.suggest_threshold = *v;
  if (intake.suggest_threshold > intake.auto_threshold)
    r.fail("suggest_threshold", "must not be above auto_threshold");
  if (auto files = r.text_list("corpus", false)) {
    intake.corpus.clear();
    for (const auto& name : *files) {
      std::string label, why;
      auto text = ctx.read_file ? ctx.read_file(name, label, why) : std::nullopt;
      if (!text) {
        r.fail("corpus", "cannot read '" + name + "': " + (why.empty() ? "no reader" : why));
        break;
      }
      intake.corpus.push_back({label, std::move(*text)});
    }
  }
  if (const toml::table* t = r.table("sources")) {
    table_reader s(errors, r.file(), *t, r.key("sources"));
    read_modes(s, intake);
  }
  if (const toml::table* t = r.table("duplicates")) {
    table_reader d(errors, r.file(), *t, r.key("duplicates"));
    read_duplicates(d, errors, intake.duplicates);
  }
  r.reject_unknown_keys("auto_threshold, suggest_threshold, corpus, sources, duplicates");
}

void check_corpus(const intake_settings& intake, const city_model& city, error_slot& errors) {
  for (const auto& file : intake.corpus) {
    for_each_tsv_line(file.text, [&](std::string_view line, std::size_t number) {
      if (!errors.ok()) return;  // the first problem is the one reported
      const auto tab = line.find('\t');
      const auto code = line.substr(0, tab);
      const std::string where = "line " + std::to_string(number);
      if (tab == std::string_view::npos || tab + 1 >= line.size())
        errors.fail(file.name, where, "expected \"<category code>\\t<text>\"");
      else if (!city.find_category(std::string(code)))
        errors.fail(file.name, where, "unknown category '" + std::string(code) + "'");
    });
  }
}

}  // namespace cityops::config::detail
