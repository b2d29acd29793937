#include "tools/overrides/override_lines.hpp"

namespace cityops::overrides {
namespace {

bool by_system(const std::string& by) {
  return by == "auto" || by == "sla" || by.rfind("centre:", 0) == 0;
}

std::string one_line(const std::string& text) {
  std::string out = text;
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

std::optional<override_line> override_of(const domain::case_record& r) {
  const auto& c = r.report.classification;
  if (c.empty() || r.category.empty() || r.report.text.empty()) return std::nullopt;
  std::string last_by;
  bool changed_by_person = false;
  for (const auto& e : r.history) {
    if (e.type == domain::event_type::reported || e.category.empty()) continue;
    last_by = e.by;
    changed_by_person = changed_by_person || !by_system(e.by);
  }
  if (!changed_by_person || r.category == c.category) return std::nullopt;
  return override_line{r.id, c.category, r.category, last_by, one_line(r.report.text)};
}

std::string format_line(const override_line& l) {
  return "# " + l.case_id + " " + (l.suggested.empty() ? "-" : l.suggested) + "->" + l.category +
         " by " + l.by + "\n" + l.category + "\t" + l.text + "\n";
}

}  // namespace cityops::overrides
