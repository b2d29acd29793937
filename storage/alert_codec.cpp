#include "storage/alert_codec.hpp"

#include <limits>

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
                        ev_radius_m = 32;
}  // namespace alert_tag

void put(field_writer& w, std::uint32_t tag, const std::string& s) {
  if (!s.empty()) w.bytes(tag, s);
}
void put_uint(field_writer& w, std::uint32_t tag, std::uint64_t v) {
  if (v != 0) w.uint(tag, v);
}
void put_sint(field_writer& w, std::uint32_t tag, std::int64_t v) {
  if (v != 0) w.sint(tag, v);
}
void put_double(field_writer& w, std::uint32_t tag, double v) {
  if (v != 0) w.float64(tag, v);
}

status get_sint(const field_reader& r, const field& f, std::int64_t& out) {
  return r.as_sint(f, std::numeric_limits<std::int64_t>::min(),
                   std::numeric_limits<std::int64_t>::max(), out);
}

template <class Enum>
status get_enum(const field_reader& r, const field& f, Enum first, Enum last, Enum& out) {
  std::uint64_t v = 0;
  if (auto s = r.as_uint(f, static_cast<std::uint64_t>(last), v); !s.is_ok()) return s;
  if (v < static_cast<std::uint64_t>(first))
    return r.error(f, "enum value " + std::to_string(v) + " out of range");
  out = static_cast<Enum>(v);
  return status::ok();
}

status decode_field(const field_reader& r, const field& f, domain::alert& a) {
  using domain::alert_kind;
  using domain::alert_level;
  using domain::alert_status;
  auto& ev = a.evidence;
  switch (f.tag) {
    case alert_tag::id: a.id.assign(f.value); return status::ok();
    case alert_tag::kind:
      return get_enum(r, f, alert_kind::overdue, alert_kind::letter_overdue, a.kind);
    case alert_tag::level:
      return get_enum(r, f, alert_level::blue, alert_level::red, a.level);
    case alert_tag::case_id: a.case_id.assign(f.value); return status::ok();
    case alert_tag::seq: {
      std::uint64_t v = 0;
      auto s = r.as_uint(f, std::numeric_limits<std::uint32_t>::max(), v);
      a.seq = static_cast<std::uint32_t>(v);
      return s;
    }
    case alert_tag::node: a.node.assign(f.value); return status::ok();
    case alert_tag::department: a.department.assign(f.value); return status::ok();
    case alert_tag::at_ms: return get_sint(r, f, a.at_ms);
    case alert_tag::message: a.message.assign(f.value); return status::ok();
    case alert_tag::status:
      return get_enum(r, f, alert_status::open, alert_status::closed, a.status);
    case alert_tag::acked_by: a.acked_by.assign(f.value); return status::ok();
    case alert_tag::acked_at_ms: return get_sint(r, f, a.acked_at_ms);
    case alert_tag::category: a.category.assign(f.value); return status::ok();
    case alert_tag::deadline_ms: return get_sint(r, f, a.deadline_ms);
    case alert_tag::scope_nodes: a.scope_nodes.emplace_back(f.value); return status::ok();
    case alert_tag::assistants: a.assistants.emplace_back(f.value); return status::ok();
    case alert_tag::updated_ms: return get_sint(r, f, a.updated_ms);
    case alert_tag::closed_by: a.closed_by.assign(f.value); return status::ok();
    case alert_tag::closed_at_ms: return get_sint(r, f, a.closed_at_ms);
    case alert_tag::close_note: a.close_note.assign(f.value); return status::ok();
    case alert_tag::ev_case: ev.case_ids.emplace_back(f.value); return status::ok();
    case alert_tag::ev_count: {
      std::uint64_t v = 0;
      auto s = r.as_uint(f, std::numeric_limits<std::uint32_t>::max(), v);
      ev.count = static_cast<std::uint32_t>(v);
      return s;
    }
    case alert_tag::ev_baseline: return r.as_double(f, ev.baseline);
    case alert_tag::ev_p_value: return r.as_double(f, ev.p_value);
    case alert_tag::ev_word: ev.words.emplace_back(f.value); return status::ok();
    case alert_tag::ev_word_class: ev.word_class.assign(f.value); return status::ok();
    case alert_tag::ev_subject: ev.subject.assign(f.value); return status::ok();
    case alert_tag::ev_from_ms: return get_sint(r, f, ev.from_ms);
    case alert_tag::ev_to_ms: return get_sint(r, f, ev.to_ms);
    case alert_tag::ev_lat: return r.as_double(f, ev.lat);
    case alert_tag::ev_lon: return r.as_double(f, ev.lon);
    case alert_tag::ev_radius_m: return r.as_double(f, ev.radius_m);
    default: return status::ok();  // written by a newer binary: skipped
  }
}

}  // namespace

std::string encode_alert(const domain::alert& a) {
  std::string body;
  field_writer w(body);
  put(w, alert_tag::id, a.id);
  put_uint(w, alert_tag::kind, static_cast<std::uint64_t>(a.kind));
  put(w, alert_tag::case_id, a.case_id);
  put_uint(w, alert_tag::seq, a.seq);
  put(w, alert_tag::node, a.node);
  put(w, alert_tag::department, a.department);
  put_sint(w, alert_tag::at_ms, a.at_ms);
  put(w, alert_tag::message, a.message);
  put_uint(w, alert_tag::status, static_cast<std::uint64_t>(a.status));
  put(w, alert_tag::acked_by, a.acked_by);
  put_sint(w, alert_tag::acked_at_ms, a.acked_at_ms);
  put(w, alert_tag::category, a.category);
  put_sint(w, alert_tag::deadline_ms, a.deadline_ms);
  for (const auto& n : a.scope_nodes) w.bytes(alert_tag::scope_nodes, n);
  for (const auto& d : a.assistants) w.bytes(alert_tag::assistants, d);
  put_uint(w, alert_tag::level, static_cast<std::uint64_t>(a.level));
  put_sint(w, alert_tag::updated_ms, a.updated_ms);
  put(w, alert_tag::closed_by, a.closed_by);
  put_sint(w, alert_tag::closed_at_ms, a.closed_at_ms);
  put(w, alert_tag::close_note, a.close_note);
  const auto& ev = a.evidence;
  for (const auto& c : ev.case_ids) w.bytes(alert_tag::ev_case, c);
  put_uint(w, alert_tag::ev_count, ev.count);
  put_double(w, alert_tag::ev_baseline, ev.baseline);
  put_double(w, alert_tag::ev_p_value, ev.p_value);
  for (const auto& x : ev.words) w.bytes(alert_tag::ev_word, x);
  put(w, alert_tag::ev_word_class, ev.word_class);
  put(w, alert_tag::ev_subject, ev.subject);
  put_sint(w, alert_tag::ev_from_ms, ev.from_ms);
  put_sint(w, alert_tag::ev_to_ms, ev.to_ms);
  put_double(w, alert_tag::ev_lat, ev.lat);
  put_double(w, alert_tag::ev_lon, ev.lon);
  put_double(w, alert_tag::ev_radius_m, ev.radius_m);
  std::string out;
  out.reserve(body.size() + 4);
  out.push_back(static_cast<char>(alert_format_version));
  wire::put_varint(out, body.size());
  out += body;
  return out;
}

status decode_alert(std::string_view bytes, domain::alert& out) {
  out = domain::alert{};
  if (bytes.empty()) return status::corruption("alert: empty record");
  const auto version = static_cast<std::uint8_t>(bytes[0]);
  if (version == 0) return status::corruption("alert: invalid format version 0");
  if (version > alert_format_version)
    return status::unsupported("alert: format version " + std::to_string(version) +
                               " is newer than this binary's " +
                               std::to_string(alert_format_version));
  std::string_view rest = bytes.substr(1);
  std::uint64_t length = 0;
  if (!wire::get_varint(rest, length) || length != rest.size())
    return status::corruption("alert: truncated or malformed body length");
  field_reader reader(rest, bytes.size() - rest.size(), "alert");
  while (!reader.done()) {
    field f;
    if (auto s = reader.next(f); !s.is_ok()) return s;
    if (auto s = decode_field(reader, f, out); !s.is_ok()) return s;
  }
  return status::ok();
}

}  // namespace cityops::storage
