#include "storage/letter_codec.hpp"

#include "storage/wire_format.hpp"

namespace cityops::storage {
namespace {

using wire::field;
using wire::field_reader;

constexpr std::uint8_t letter_format_version = 1;

// Field tags are forever: never reuse or renumber one, only add new ones.
namespace letter_tag {
constexpr std::uint32_t id = 1, kind = 2, year = 3, number = 4, title = 5, issuer = 6,
                        department = 7, department_name = 8, alert_id = 9, alert_kind = 10,
                        alert_level = 11, facts = 12, alert_message = 13, evidence = 14,
                        case_id = 15, issued_by = 16, issued_ms = 17, reply_due_ms = 18,
                        status = 19, reply_text = 20, replied_by = 21, replied_ms = 22,
                        scope_node = 23;
}  // namespace letter_tag

status decode_field(const field_reader& r, const field& f, domain::risk_letter& l) {
  using domain::alert_kind;
  using domain::alert_level;
  using domain::letter_kind;
  using domain::letter_status;
  switch (f.tag) {
    case letter_tag::id: l.id.assign(f.value); return status::ok();
    case letter_tag::kind:
      return r.as_enum(f, letter_kind::warning, letter_kind::reminder, l.kind);
    case letter_tag::year: {
      std::int64_t y = 0;
      auto s = r.as_sint(f, 0, 9999, y);
      l.year = static_cast<std::int32_t>(y);
      return s;
    }
    case letter_tag::number: return r.as_uint32(f, l.number);
    case letter_tag::title: l.title.assign(f.value); return status::ok();
    case letter_tag::issuer: l.issuer.assign(f.value); return status::ok();
    case letter_tag::department: l.department.assign(f.value); return status::ok();
    case letter_tag::department_name: l.department_name.assign(f.value); return status::ok();
    case letter_tag::alert_id: l.alert_id.assign(f.value); return status::ok();
    case letter_tag::alert_kind:
      return r.as_enum(f, alert_kind::overdue, alert_kind::urgent, l.alert_kind_of);
    case letter_tag::alert_level:
      return r.as_enum(f, alert_level::blue, alert_level::red, l.alert_level_of);
    case letter_tag::facts: l.facts.assign(f.value); return status::ok();
    case letter_tag::alert_message: l.alert_message.assign(f.value); return status::ok();
    case letter_tag::evidence: l.evidence.assign(f.value); return status::ok();
    case letter_tag::case_id: l.case_ids.emplace_back(f.value); return status::ok();
    case letter_tag::issued_by: l.issued_by.assign(f.value); return status::ok();
    case letter_tag::issued_ms: return r.as_int64(f, l.issued_ms);
    case letter_tag::reply_due_ms: return r.as_int64(f, l.reply_due_ms);
    case letter_tag::status:
      return r.as_enum(f, letter_status::issued, letter_status::replied, l.status);
    case letter_tag::reply_text: l.reply_text.assign(f.value); return status::ok();
    case letter_tag::replied_by: l.replied_by.assign(f.value); return status::ok();
    case letter_tag::replied_ms: return r.as_int64(f, l.replied_ms);
    case letter_tag::scope_node: l.scope_nodes.emplace_back(f.value); return status::ok();
    default: return status::ok();  // written by a newer binary: skipped
  }
}

}  // namespace

std::string encode_letter(const domain::risk_letter& l) {
  std::string body;
  wire::field_writer w(body);
  w.bytes_if(letter_tag::id, l.id);
  w.uint_if(letter_tag::kind, static_cast<std::uint64_t>(l.kind));
  w.sint_if(letter_tag::year, l.year);
  w.uint_if(letter_tag::number, l.number);
  w.bytes_if(letter_tag::title, l.title);
  w.bytes_if(letter_tag::issuer, l.issuer);
  w.bytes_if(letter_tag::department, l.department);
  w.bytes_if(letter_tag::department_name, l.department_name);
  w.bytes_if(letter_tag::alert_id, l.alert_id);
  w.uint_if(letter_tag::alert_kind, static_cast<std::uint64_t>(l.alert_kind_of));
  w.uint_if(letter_tag::alert_level, static_cast<std::uint64_t>(l.alert_level_of));
  w.bytes_if(letter_tag::facts, l.facts);
  w.bytes_if(letter_tag::alert_message, l.alert_message);
  w.bytes_if(letter_tag::evidence, l.evidence);
  for (const auto& c : l.case_ids) w.bytes(letter_tag::case_id, c);
  w.bytes_if(letter_tag::issued_by, l.issued_by);
  w.sint_if(letter_tag::issued_ms, l.issued_ms);
  w.sint_if(letter_tag::reply_due_ms, l.reply_due_ms);
  w.uint_if(letter_tag::status, static_cast<std::uint64_t>(l.status));
  w.bytes_if(letter_tag::reply_text, l.reply_text);
  w.bytes_if(letter_tag::replied_by, l.replied_by);
  w.sint_if(letter_tag::replied_ms, l.replied_ms);
  for (const auto& n : l.scope_nodes) w.bytes(letter_tag::scope_node, n);
  return wire::frame_record(letter_format_version, body);
}

status decode_letter(std::string_view bytes, domain::risk_letter& out) {
  return wire::decode_record(bytes, letter_format_version, "letter", out, decode_field);
}

}  // namespace cityops::storage
