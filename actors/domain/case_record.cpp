#include "actors/domain/case_record.hpp"

namespace cityops::domain {

void apply(case_record& r, const case_event& e) {
  if (e.type == event_type::reported) {
    r.report = e.report;
    r.created_ms = e.at_ms;
    r.tier_path.clear();
  }
  if (r.tier_path.empty() || r.tier_path.back() != e.node) r.tier_path.push_back(e.node);
  if (!e.category.empty()) r.category = e.category;
  r.status = e.status;
  r.node = e.node;
  r.department = e.department;
  r.updated_ms = e.at_ms;
  r.version = e.seq;
  if (e.deadline_ms != 0) r.deadline_ms = e.deadline_ms;
  switch (e.type) {
    case event_type::returned:
      ++r.return_count;
      break;
    case event_type::inspected:
      if (!e.passed) ++r.rework_count;
      break;
    case event_type::supervised:
      r.supervised = true;
      break;
    case event_type::followed_up:
      r.satisfaction = e.satisfaction;
      break;
    case event_type::merged:
      r.merged_into = e.into;
      break;
    case event_type::reopened:
      r.supervised = false;
      r.satisfaction = 0;
      break;
    default:
      break;
  }
}

case_record replay(const std::string& id, const std::vector<case_event>& events) {
  case_record r;
  r.id = id;
  for (const auto& e : events) apply(r, e);
  r.history = events;
  return r;
}

}  // namespace cityops::domain
