#include "actors/domain/sensitive_alert.hpp"

#include <algorithm>

#include "actors/domain/alert_rules.hpp"

namespace cityops::domain {

alert_level level_of_severity(unsigned severity) {
  return static_cast<alert_level>(std::clamp<unsigned>(severity, 1, 4));
}

std::optional<alert> sensitive_words_alert(const case_record& c, const config::city_model& city) {
  const auto& mark = c.report.risk;
  if (mark.empty()) return std::nullopt;
  alert a;
  a.id = c.id + "-w";
  a.kind = alert_kind::sensitive_words;
  a.level = level_of_severity(mark.severity);
  a.case_id = c.id;
  a.seq = 1;
  a.at_ms = c.created_ms;
  a.node = c.location_path.empty() ? c.node : c.location_path.back();
  a.department = c.department;
  a.category = c.category;
  a.deadline_ms = c.deadline_ms;
  a.scope_nodes = scope_nodes_of(c, c.node, city);
  a.assistants = c.assistants;
  std::string words;
  for (const auto& w : mark.words) {
    if (!words.empty()) words += "、";
    words += w;
  }
  a.message = "case " + c.id + ": " + mark.class_name + " (" + words +
              ") in the report; its priority is urgent";
  a.evidence.case_ids = {c.id};
  a.evidence.count = 1;
  a.evidence.words = mark.words;
  a.evidence.word_class = mark.word_class;
  a.evidence.from_ms = c.created_ms;
  a.evidence.to_ms = c.created_ms;
  return a;
}

}  // namespace cityops::domain
