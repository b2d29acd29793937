#include "gateway/feed_json.hpp"

#include "gateway/case_json.hpp"
#include "gateway/json_fields.hpp"

namespace cityops::gateway {

namespace {

// Only what the alert's kind uses: case alerts have none of it.
void write_evidence(json_writer& w, const domain::alert_evidence& e) {
  w.key("evidence").begin_object();
  write_strings(w, "case_ids", e.case_ids);
  w.member("count", e.count);
  if (e.baseline != 0) w.member("baseline", e.baseline);
  if (e.p_value != 0) w.member("p_value", e.p_value);
  if (!e.words.empty()) write_strings(w, "words", e.words);
  if (!e.word_class.empty()) w.member("word_class", e.word_class);
  if (!e.subject.empty()) w.member("subject", e.subject);
  member_time(w, "from", e.from_ms);
  member_time(w, "to", e.to_ms);
  if (e.radius_m != 0) {
    w.key("centre").begin_object().member("lat", e.lat).member("lon", e.lon).end_object();
    w.member("radius_m", e.radius_m);
  }
  if (!e.unit.empty())
    w.member("value", e.value).member("threshold", e.threshold).member("unit", e.unit);
  w.end_object();
}

}  // namespace

void write_alert(json_writer& w, const domain::alert& a) {
  w.begin_object()
      .member("id", a.id)
      .member("kind", domain::to_string(a.kind))
      .member("level", domain::to_string(a.level));
  member_or_null(w, "case_id", a.case_id);
  w.member("seq", a.seq).member("node", a.node);
  member_or_null(w, "department", a.department);
  member_time(w, "at", a.at_ms);
  member_time(w, "updated_at", a.updated_ms);
  w.member("message", a.message).member("status", domain::to_string(a.status));
  member_or_null(w, "acked_by", a.acked_by);
  member_time(w, "acked_at", a.acked_at_ms);
  member_or_null(w, "closed_by", a.closed_by);
  member_time(w, "closed_at", a.closed_at_ms);
  member_or_null(w, "close_note", a.close_note);
  member_or_null(w, "category", a.category);
  member_time(w, "deadline", a.deadline_ms);
  write_evidence(w, a.evidence);
  w.end_object();
}

std::string feed_case_event_json(const case_commit& c, const domain::case_event& e) {
  const auto& r = c.snapshot;
  json_writer w;
  w.reserve(512);
  w.begin_object().member("kind", "case_event").member("case_id", c.case_id).key("event");
  write_event(w, e);
  w.key("case").begin_object().member("status", domain::to_string(r.status)).member("node",
                                                                                    r.node);
  member_or_null(w, "department", r.department);
  member_or_null(w, "category", r.category);
  member_time(w, "deadline", r.deadline_ms);
  w.member("overdue", r.overdue).member("supervised", r.supervised).member("version", r.version);
  w.end_object().end_object();
  return w.take();
}

std::string feed_alert_json(const domain::alert& a) {
  json_writer w;
  w.begin_object().member("kind", "alert").key("alert");
  write_alert(w, a);
  w.end_object();
  return w.take();
}

std::string feed_subscribed_json(const std::string& node, const std::string& department) {
  json_writer w;
  w.begin_object().member("kind", "subscribed").key("filter").begin_object();
  member_or_null(w, "node", node);
  member_or_null(w, "department", department);
  w.end_object().end_object();
  return w.take();
}

}  // namespace cityops::gateway
