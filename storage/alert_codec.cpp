#include "storage/alert_codec.hpp"

#include "storage/wire_format.hpp"

namespace cityops::storage {
namespace {

using wire::field;
using wire::field_reader;
using wire::field_writer;

constexpr std::uint8_t alert_format_version = 1;

// Field tags are forever: never reuse or renumber one, only add new ones.
namespace alert_tag {
constexpr std::uint32_t id = 1, kind = 2, case_id = 3, seq = 4, node = 5, department = 6,
                        at_ms = 7, message = 8, status = 9, acked_by = 10, acked_at_ms = 11,
                        category = 12, deadline_ms = 13, scope_nodes = 14, assistants = 15,
                        level = 16, updated_ms = 17, closed_by = 18, closed_at_ms = 19,
                        close_note = 20, ev_case = 21, ev_count = 22, ev_baseline = 23,
                        ev_p_value = 24, ev_word = 25, ev_word_class = 26, ev_subject = 27,
                        ev_from_ms = 28, ev_to_ms = 29, ev_lat = 30, ev_lon = 31,
                        ev_radius_m = 32, ev_value = 33, ev_threshold = 34, ev_unit = 35;
}  // namespace alert_tag

status decode_field(const field_reader& r, const field& f, domain::alert& a) {
  using domain::alert_kind;
  using domain::alert_level;
  using domain::alert_status;
  auto& ev = a.evidence;
  switch (f.tag) {
    case alert_tag::id: a.id.assign(f.value); return status::ok();
    case alert_tag::kind:
      return r.as_enum(f, alert_kind::overdue, alert_kind::urgent, a.kind);
    case alert_tag::level:
      return r.as_enum(f, alert_level::blue, alert_level::red, a.level);
    case alert_tag::case_id: a.case_id.assign(f.value); return status::ok();
    case alert_tag::seq: return r.as_uint32(f, a.seq);
    case alert_tag::node: a.node.assign(f.value); return status::ok();
    case alert_tag::department: a.department.assign(f.value); return status::ok();
    case alert_tag::at_ms: return r.as_int64(f, a.at_ms);
    case alert_tag::message: a.message.assign(f.value); return status::ok();
    case alert_tag::status:
      return r.as_enum(f, alert_status::open, alert_status::closed, a.status);
    case alert_tag::acked_by: a.acked_by.assign(f.value); return status::ok();
    case alert_tag::acked_at_ms: return r.as_int64(f, a.acked_at_ms);
    case alert_tag::category: a.category.assign(f.value); return status::ok();
    case alert_tag::deadline_ms: return r.as_int64(f, a.deadline_ms);
    case alert_tag::scope_nodes: a.scope_nodes.emplace_back(f.value); return status::ok();
    case alert_tag::assistants: a.assistants.emplace_back(f.value); return status::ok();
    case alert_tag::updated_ms: return r.as_int64(f, a.updated_ms);
    case alert_tag::closed_by: a.closed_by.assign(f.value); return status::ok();
    case alert_tag::closed_at_ms: return r.as_int64(f, a.closed_at_ms);
    case alert_tag::close_note: a.close_note.assign(f.value); return status::ok();
    case alert_tag::ev_case: ev.case_ids.emplace_back(f.value); return status::ok();
    case alert_tag::ev_count: return r.as_uint32(f, ev.count);
    case alert_tag::ev_baseline: return r.as_double(f, ev.baseline);
    case alert_tag::ev_p_value: return r.as_double(f, ev.p_value);
    case alert_tag::ev_word: ev.words.emplace_back(f.value); return status::ok();
    case alert_tag::ev_word_class: ev.word_class.assign(f.value); return status::ok();
    case alert_tag::ev_subject: ev.subject.assign(f.value); return status::ok();
    case alert_tag::ev_from_ms: return r.as_int64(f, ev.from_ms);
    case alert_tag::ev_to_ms: return r.as_int64(f, ev.to_ms);
    case alert_tag::ev_lat: return r.as_double(f, ev.lat);
    case alert_tag::ev_lon: return r.as_double(f, ev.lon);
    case alert_tag::ev_radius_m: return r.as_double(f, ev.radius_m);
    case alert_tag::ev_value: return r.as_double(f, ev.value);
    case alert_tag::ev_threshold: return r.as_double(f, ev.threshold);
    case alert_tag::ev_unit: ev.unit.assign(f.value); return status::ok();
    default: return status::ok();  // written by a newer binary: skipped
  }
}

}  // namespace

std::string encode_alert(const domain::alert& a) {
  std::string body;
  field_writer w(body);
  w.bytes_if(alert_tag::id, a.id);
  w.uint_if(alert_tag::kind, static_cast<std::uint64_t>(a.kind));
  w.bytes_if(alert_tag::case_id, a.case_id);
  w.uint_if(alert_tag::seq, a.seq);
  w.bytes_if(alert_tag::node, a.node);
  w.bytes_if(alert_tag::department, a.department);
  w.sint_if(alert_tag::at_ms, a.at_ms);
  w.bytes_if(alert_tag::message, a.message);
  w.uint_if(alert_tag::status, static_cast<std::uint64_t>(a.status));
  w.bytes_if(alert_tag::acked_by, a.acked_by);
  w.sint_if(alert_tag::acked_at_ms, a.acked_at_ms);
  w.bytes_if(alert_tag::category, a.category);
  w.sint_if(alert_tag::deadline_ms, a.deadline_ms);
  for (const auto& n : a.scope_nodes) w.bytes(alert_tag::scope_nodes, n);
  for (const auto& d : a.assistants) w.bytes(alert_tag::assistants, d);
  w.uint_if(alert_tag::level, static_cast<std::uint64_t>(a.level));
  w.sint_if(alert_tag::updated_ms, a.updated_ms);
  w.bytes_if(alert_tag::closed_by, a.closed_by);
  w.sint_if(alert_tag::closed_at_ms, a.closed_at_ms);
  w.bytes_if(alert_tag::close_note, a.close_note);
  const auto& ev = a.evidence;
  for (const auto& c : ev.case_ids) w.bytes(alert_tag::ev_case, c);
  w.uint_if(alert_tag::ev_count, ev.count);
  w.float64_if(alert_tag::ev_baseline, ev.baseline);
  w.float64_if(alert_tag::ev_p_value, ev.p_value);
  for (const auto& x : ev.words) w.bytes(alert_tag::ev_word, x);
  w.bytes_if(alert_tag::ev_word_class, ev.word_class);
  w.bytes_if(alert_tag::ev_subject, ev.subject);
  w.sint_if(alert_tag::ev_from_ms, ev.from_ms);
  w.sint_if(alert_tag::ev_to_ms, ev.to_ms);
  w.float64_if(alert_tag::ev_lat, ev.lat);
  w.float64_if(alert_tag::ev_lon, ev.lon);
  w.float64_if(alert_tag::ev_radius_m, ev.radius_m);
  w.float64_if(alert_tag::ev_value, ev.value);
  w.float64_if(alert_tag::ev_threshold, ev.threshold);
  w.bytes_if(alert_tag::ev_unit, ev.unit);
  return wire::frame_record(alert_format_version, body);
}

status decode_alert(std::string_view bytes, domain::alert& out) {
  return wire::decode_record(bytes, alert_format_version, "alert", out, decode_field);
}

}  // namespace cityops::storage
