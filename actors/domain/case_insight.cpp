#include "actors/domain/case_insight.hpp"

namespace cityops::domain {
namespace {

constexpr std::int64_t hour_ms = 3600LL * 1000;

bool is_finished(case_status s) {
  return s == case_status::closed || s == case_status::followed_up;
}

// The category a case is compared under: its own, or the classifier's opinion while it
// waits unclassified.
const std::string& match_category(const case_record& r) {
  return r.category.empty() ? r.report.classification.category : r.category;
}

bool waits_on_department(const case_record& r) {
  return waiting_on(r).who == waiting_party::kind::department;
}

}  // namespace

duplicate_rules duplicate_rules_from(const config::duplicate_settings& s) {
  duplicate_rules r;
  r.radius_m = s.radius_m;
  r.window_ms = s.window_hours * hour_ms;
  r.link_score = s.link_score;
  r.flag_score = s.flag_score;
  r.radius_by_category = s.radius_by_category;
  for (const auto& [code, hours] : s.window_hours_by_category)
    r.window_by_category[code] = hours * hour_ms;
  r.related = s.related;
  return r;
}

std::vector<std::string> alternative_categories(const classification_result& classification,
                                                const std::string& category,
                                                const duplicate_rules& rules) {
  std::vector<std::string> out;
  for (const auto& s : classification.top)
    if (s.code != category && !s.code.empty() && s.score >= rules.alternative_min_score)
      out.push_back(s.code);
  return out;
}

case_insight::case_insight(const config::city_model& city, const config::intake_settings& s)
    : city_(city), duplicates_(duplicate_rules_from(s.duplicates)) {}

void case_insight::index_open(const case_record& r) {
  if (!is_open(r.status) || match_category(r).empty() || !r.report.duplicate_of.empty()) {
    duplicates_.remove(r.id);
    return;
  }
  minhash_signature sketch;
  if (auto it = checked_sketches_.find(r.report.text); it != checked_sketches_.end()) {
    sketch = it->second;
    checked_sketches_.erase(it);
  } else {
    sketch = text_minhash(r.report.text);
  }
  const std::string& category = match_category(r);
  duplicates_.upsert({r.id, category,
                      alternative_categories(r.report.classification, category, duplicates_.rules()),
                      r.report.lat, r.report.lon, r.created_ms, std::move(sketch)});
}

void case_insight::forget_open(const case_record& r) { duplicates_.remove(r.id); }

void case_insight::track_load(const case_record& before, const case_record& after) {
  if (before.version != 0 && waits_on_department(before)) {
    auto& l = loads_[before.department];
    if (l.open > 0) --l.open;
    if (before.overdue && l.overdue > 0) --l.overdue;
  }
  if (waits_on_department(after)) {
    auto& l = loads_[after.department];
    ++l.open;
    if (after.overdue) ++l.overdue;
  }
}

void case_insight::observe(const case_record& before, const case_record& after,
                           const std::vector<case_event>& events) {
  track_load(before, after);
  if (is_open(after.status)) {
    // Only the report, a reclassification or a merge change what the detector holds.
    if (before.version == 0 || before.category != after.category) index_open(after);
  } else {
    forget_open(after);
  }
  if (before.version == 0 && !after.report.duplicate_of.empty())
    followers_[after.report.duplicate_of].insert(after.id);
  if (!is_open(after.status) && !after.report.duplicate_of.empty()) {
    auto it = followers_.find(after.report.duplicate_of);
    if (it != followers_.end()) {
      it->second.erase(after.id);
      if (it->second.empty()) followers_.erase(it);
    }
  }
  reporters_.update(after.report.reporter_hash, after.id, after.created_ms, after.category,
                    is_open(after.status));
  if (++observed_ % prune_every == 0) {  // bounded memory: forget what left the windows
    reporters_.prune(after.updated_ms);
    history_.prune(dispatch_history::day_number(after.updated_ms));
  }
  for (const auto& e : events) {
    const auto day = dispatch_history::day_number(e.at_ms);
    switch (e.type) {
      case event_type::dispatched:
      case event_type::transferred:
        history_.dispatched(e.department, after.category, day);
        break;
      case event_type::returned:
        if (!before.department.empty()) history_.returned(before.department, after.category, day);
        break;
      case event_type::handled:
        history_.finished(after.department, after.category, day,
                          after.deadline_ms == 0 || e.at_ms <= after.deadline_ms);
        break;
      case event_type::reopened:
        similar_.remove(after.id);
        break;
      default:
        break;
    }
  }
  if (is_finished(after.status) && !is_finished(before.status) && !after.category.empty())
    similar_.add(after.id, after.category, after.report.text, after.updated_ms);
}

void case_insight::load(const case_record& r) {
  case_record none;
  observe(none, r, {});
  if (!r.department.empty() && !r.category.empty()) {
    // Approximate record from the snapshot alone: its department received it, and handled
    // it on time or not; the departments that returned it count a return each.
    const auto day = dispatch_history::day_number(r.updated_ms);
    history_.dispatched(r.department, r.category, day);
    if (is_finished(r.status) || r.status == case_status::handled ||
        r.status == case_status::inspected)
      history_.finished(r.department, r.category, day,
                        r.deadline_ms == 0 || r.updated_ms <= r.deadline_ms);
    for (const auto& d : r.returned_by) history_.returned(d, r.category, day);
  }
}

std::vector<duplicate_candidate> case_insight::duplicate_candidates(const case_event& reported,
                                                                    std::size_t max) const {
  const std::string& category =
      reported.category.empty() ? reported.report.classification.category : reported.category;
  if (category.empty()) return {};
  auto sketch = text_minhash(reported.report.text);
  auto found = duplicates_.find(
      category, alternative_categories(reported.report.classification, category, duplicates_.rules()),
      reported.report.lat, reported.report.lon, reported.at_ms, sketch, max);
  if (checked_sketches_.size() >= checked_sketches_max) checked_sketches_.clear();
  checked_sketches_.insert_or_assign(reported.report.text, std::move(sketch));
  return found;
}

duplicate_verdict case_insight::check_duplicate(const case_event& reported) const {
  duplicate_verdict v;
  const auto found = duplicate_candidates(reported, 1);
  if (found.empty()) return v;
  const auto& best = found.front();
  switch (duplicates_.rules().verdict(best.score)) {
    case duplicate_rules::linked:
      v.duplicate_of = best.id;
      break;
    case duplicate_rules::flagged:
      v.possible_duplicate_of = best.id;
      break;
    case duplicate_rules::unrelated:
      return v;
  }
  v.score = best.score;
  return v;
}

reporter_summary case_insight::reporter(const std::string& hash, std::int64_t now_ms,
                                        const std::string& exclude_case) const {
  return reporters_.summary(hash, now_ms, exclude_case);
}

std::vector<dispatch_suggestion> case_insight::suggest_dispatch(const case_record& r,
                                                                std::int64_t now_ms) const {
  return rank_dispatch(r, city_, loads_, history_, now_ms);
}

std::vector<similar_case_index::hit> case_insight::similar(const case_record& r,
                                                           std::size_t k) const {
  const std::string& category = match_category(r);
  if (category.empty()) return {};
  return similar_.query(category, r.report.text, k, r.id);
}

std::vector<std::string> case_insight::linked_duplicates(const std::string& original) const {
  auto it = followers_.find(original);
  if (it == followers_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

}  // namespace cityops::domain
