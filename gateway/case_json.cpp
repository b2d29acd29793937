#include "gateway/case_json.hpp"

#include "actors/domain/intake_triage.hpp"
#include "actors/domain/iso_time.hpp"
#include "gateway/error_json.hpp"
#include "gateway/json_fields.hpp"

namespace cityops::gateway {

void write_event(json_writer& w, const domain::case_event& e) {
  using domain::event_type;
  w.begin_object()
      .member("seq", e.seq)
      .member("type", domain::to_string(e.type))
      .member("at", domain::format_iso8601(e.at_ms))
      .member("by", e.by)
      .member("status", domain::to_string(e.status))
      .member("node", e.node);
  member_or_null(w, "department", e.department);
  if (!e.reason.empty()) w.member("reason", e.reason);
  if (!e.category.empty()) w.member("category", e.category);
  if (e.deadline_ms != 0) member_time(w, "deadline", e.deadline_ms);
  switch (e.type) {
    case event_type::escalated:
      w.member("ring", domain::to_string(e.ring)).member("from", e.from_node).member("to", e.to_node);
      break;
    case event_type::handled:
      w.member("result", e.result);
      break;
    case event_type::inspected:
      w.member("passed", e.passed);
      break;
    case event_type::followed_up:
      w.member("satisfaction", e.satisfaction);
      break;
    case event_type::merged:
      w.member("into", e.into);
      break;
    case event_type::extension_requested:
      member_time(w, "until", e.until_ms);
      break;
    case event_type::supervised:
      w.member("supervisor_node", e.supervisor_node);
      break;
    case event_type::assistance_requested:
      write_strings(w, "assistants", e.assistants);
      break;
    case event_type::assistance_reported:
      write_strings(w, "assistants", e.assistants);
      w.member("result", e.result);
      break;
    case event_type::reclassified:
      member_or_null(w, "from", e.previous_category);
      w.member("to", e.category);
      break;
    case event_type::adjusted:
      if (!e.to_node.empty()) w.member("from", e.from_node).member("to", e.to_node);
      if (e.priority) w.member("priority", domain::to_string(*e.priority));
      break;
    default:
      break;
  }
  w.end_object();
}

// {"category", "confidence", "top3": [{"code", "name", "score"}], "model"} or null.
void write_classification(json_writer& w, const domain::classification_result& c,
                          const config::city_model* city) {
  w.key("classification");
  if (c.empty()) {
    w.null();
    return;
  }
  w.begin_object();
  member_or_null(w, "category", c.category);
  w.member("confidence", c.confidence).key("top3").begin_array();
  for (const auto& t : c.top) {
    w.begin_object().member("code", t.code);
    const auto* cat = city ? city->find_category(t.code) : nullptr;
    member_or_null(w, "name", cat ? cat->name : std::string());
    w.member("score", t.score).end_object();
  }
  w.end_array().member("model", c.model).end_object();
}

// {"words", "class", "class_name", "severity"}: the risk lexicon's words in the text; omitted
// when it holds none.
void write_risk(json_writer& w, const domain::risk_mark& m) {
  if (m.empty()) return;
  w.key("risk").begin_object();
  write_strings(w, "words", m.words);
  w.member("class", m.word_class)
      .member("class_name", m.class_name)
      .member("severity", static_cast<int>(m.severity))
      .end_object();
}

// {"open", "last_90_days", "categories": [{"code", "count"}]}: the caller's other cases.
void write_reporter_history(json_writer& w, const domain::reporter_summary& h) {
  w.key("history").begin_object().member("open", h.open).member("last_90_days", h.last_90_days);
  w.key("categories").begin_array();
  for (const auto& [code, count] : h.categories)
    w.begin_object().member("code", code).member("count", count).end_object();
  w.end_array().end_object();
}

void write_case(json_writer& w, const domain::case_record& r, bool with_history,
                const config::city_model* city) {
  const auto& rep = r.report;
  w.begin_object().member("id", r.id).member("status", domain::to_string(r.status));
  member_or_null(w, "category", r.category);
  w.member("node", r.node);
  member_or_null(w, "department", r.department);
  member_time(w, "deadline", r.deadline_ms);
  // A linked duplicate names its original from intake on; a merged case, its survivor.
  member_or_null(w, "duplicate_of", rep.duplicate_of.empty() ? r.merged_into : rep.duplicate_of);
  member_or_null(w, "possible_duplicate_of", rep.possible_duplicate_of);
  if (rep.duplicate_score != 0) w.member("duplicate_score", rep.duplicate_score);
  write_classification(w, rep.classification, city);
  member_or_null(w, "intake_mode", rep.intake_mode);
  w.member("needs_classification", domain::needs_classification(r));
  w.member("source", domain::to_string(rep.source))
      .member("text", rep.text)
      .member("priority", domain::to_string(rep.priority));
  write_risk(w, rep.risk);
  if (!rep.scenarios.empty()) write_strings(w, "scenarios", rep.scenarios);
  w.member("lat", rep.lat).member("lon", rep.lon).member("address", rep.address);
  w.key("reporter").begin_object();
  member_or_null(w, "name", rep.reporter_name);
  w.member("has_phone", !rep.reporter_hash.empty());
  if (!rep.reporter_hash.empty()) write_reporter_history(w, r.reporter_history);
  w.end_object();
  write_strings(w, "media", rep.media);
  write_strings(w, "location_path", r.location_path);
  w.member("supervised", r.supervised);
  if (r.supervised) w.member("supervisor_node", r.supervisor_node);
  w.member("reminded", r.reminded).member("overdue", r.overdue);
  member_time(w, "sla_start", r.sla_start_ms);
  if (r.pending_extension_ms != 0) member_time(w, "extension_requested", r.pending_extension_ms);
  write_strings(w, "assistants", r.assistants);
  write_strings(w, "assist_reports", r.assist_reports);
  w
      .member("return_count", r.return_count)
      .member("rework_count", r.rework_count);
  if (r.satisfaction != 0) w.member("satisfaction", r.satisfaction);
  write_strings(w, "tier_path", r.tier_path);
  member_time(w, "created_at", r.created_ms);
  member_time(w, "updated_at", r.updated_ms);
  w.member("version", r.version);
  if (with_history) {
    w.key("history").begin_array();
    for (const auto& e : r.history) write_event(w, e);
    w.end_array();
  }
  w.end_object();
}

int http_status_for(domain::error_code code) {
  using domain::error_code;
  switch (code) {
    case error_code::not_found:
      return 404;
    case error_code::forbidden:
      return 403;
    case error_code::illegal_transition:
    case error_code::conflict:
      return 409;
    case error_code::overloaded:
      return 503;
    case error_code::quarantined:
      return 423;  // Locked: not "try again later" — an operator must release the case
    case error_code::timeout:
      return 504;
    case error_code::storage_failure:
      return 503;  // nothing was stored; the next write round may well succeed
    case error_code::internal:
      return 500;
    default:
      return 400;
  }
}

http_response domain_error_response(const domain::domain_error& e) {
  auto res = error_response(http_status_for(e.code), domain::to_string(e.code), e.message, e.field,
                            [&e](json_writer& w) {
                              if (!e.status) return;
                              w.member("status", domain::to_string(*e.status));
                              write_strings(w, "allowed", e.allowed);
                            });
  if (e.code == domain::error_code::overloaded || e.code == domain::error_code::storage_failure)
    res.headers.emplace_back("Retry-After", "1");
  return res;
}

}  // namespace cityops::gateway
