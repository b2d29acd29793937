#include "storage/event_codec.hpp"

#include <cstring>
#include <limits>

#include "storage/wire_format.hpp"

namespace cityops::storage {
namespace {

using wire::field;
using wire::field_reader;
using wire::field_writer;

// Field tags are forever: never reuse or renumber one, only add new ones.
namespace event_tag {
constexpr std::uint32_t seq = 1, type = 2, at_ms = 3, by = 4, status = 5, node = 6,
                        department = 7, reason = 8, category = 9, ring = 10, from_node = 11,
                        to_node = 12, result = 13, passed = 14, satisfaction = 15,
                        deadline_ms = 16, into = 17, location_path = 18, assistants = 19,
                        until_ms = 20, supervisor_node = 21, previous_category = 22,
                        priority = 23;
}  // namespace event_tag

namespace snapshot_tag {
constexpr std::uint32_t id = 1, category = 2, status = 3, node = 4, department = 5,
                        tier_path = 6, created_ms = 7, updated_ms = 8, deadline_ms = 9,
                        supervised = 10, return_count = 11, rework_count = 12,
                        satisfaction = 13, merged_into = 14, version = 15,
                        location_path = 16, returned_by = 17, assistants = 18,
                        assist_reports = 19, supervisor_node = 20, sla_start_ms = 21,
                        pending_extension_ms = 22, reminded = 23, overdue = 24,
                        dispatched_ms = 25;
}  // namespace snapshot_tag

// report_details fields, shared by the `reported` event and the snapshot.
namespace report_tag {
constexpr std::uint32_t source = 32, text = 33, category = 34, lat = 35, lon = 36,
                        has_location = 37, address = 38, reporter_hash = 39,
                        reporter_name = 40, media = 41, priority = 42, reported_by = 43,
                        class_category = 44, class_confidence = 45, class_top_code = 46,
                        class_top_score = 47, class_model = 48, intake_mode = 49,
                        duplicate_of = 50, possible_duplicate_of = 51, duplicate_score = 52,
                        risk_word = 53, risk_class = 54, risk_class_name = 55,
                        risk_severity = 56, scenarios = 57;
}  // namespace report_tag

// ---- encoding: fields at their default value are omitted --------------------------------

void put(field_writer& w, std::uint32_t tag, const std::string& s) {
  if (!s.empty()) w.bytes(tag, s);
}
// A vector as the same tag repeated, one field per element.
void put_all(field_writer& w, std::uint32_t tag, const std::vector<std::string>& v) {
  for (const auto& x : v) w.bytes(tag, x);
}
void put_uint(field_writer& w, std::uint32_t tag, std::uint64_t v) {
  if (v != 0) w.uint(tag, v);
}
void put_sint(field_writer& w, std::uint32_t tag, std::int64_t v) {
  if (v != 0) w.sint(tag, v);
}
void put_double(field_writer& w, std::uint32_t tag, double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  if (bits != 0) w.float64(tag, v);  // keeps -0.0
}
template <class Enum>
void put_enum(field_writer& w, std::uint32_t tag, Enum v, Enum default_value) {
  if (v != default_value) w.uint(tag, static_cast<std::uint64_t>(v));
}

void put_report(field_writer& w, const domain::report_details& r) {
  const domain::report_details d;
  put_enum(w, report_tag::source, r.source, d.source);
  put(w, report_tag::text, r.text);
  put(w, report_tag::category, r.category);
  put_double(w, report_tag::lat, r.lat);
  put_double(w, report_tag::lon, r.lon);
  put_uint(w, report_tag::has_location, r.has_location ? 1 : 0);
  put(w, report_tag::address, r.address);
  put(w, report_tag::reporter_hash, r.reporter_hash);
  put(w, report_tag::reporter_name, r.reporter_name);
  put_all(w, report_tag::media, r.media);
  put_enum(w, report_tag::priority, r.priority, d.priority);
  put(w, report_tag::reported_by, r.reported_by);
  const auto& c = r.classification;
  put(w, report_tag::class_category, c.category);
  put_double(w, report_tag::class_confidence, c.confidence);
  for (const auto& t : c.top) {
    w.bytes(report_tag::class_top_code, t.code);
    w.float64(report_tag::class_top_score, t.score);
  }
  put(w, report_tag::class_model, c.model);
  put(w, report_tag::intake_mode, r.intake_mode);
  put(w, report_tag::duplicate_of, r.duplicate_of);
  put(w, report_tag::possible_duplicate_of, r.possible_duplicate_of);
  put_double(w, report_tag::duplicate_score, r.duplicate_score);
  put_all(w, report_tag::risk_word, r.risk.words);
  put(w, report_tag::risk_class, r.risk.word_class);
  put(w, report_tag::risk_class_name, r.risk.class_name);
  put_uint(w, report_tag::risk_severity, r.risk.severity);
  put_all(w, report_tag::scenarios, r.scenarios);
}

// version byte, varint body length, body: the length makes a record cut at a field boundary
// detectable.
std::string frame(const std::string& body) {
  std::string out;
  out.reserve(body.size() + 4);
  out.push_back(static_cast<char>(codec_format_version));
  wire::put_varint(out, body.size());
  out += body;
  return out;
}

// ---- decoding ----------------------------------------------------------------------------

// Strips the version byte and body length; `body_offset` is where the fields start.
status unframe(std::string_view in, const char* what, std::string_view& body,
               std::size_t& body_offset) {
  if (in.empty()) return status::corruption(std::string(what) + ": empty record");
  const auto version = static_cast<std::uint8_t>(in[0]);
  if (version == 0)
    return status::corruption(std::string(what) + ": invalid format version 0");
  if (version > codec_format_version)
    return status::unsupported(std::string(what) + ": format version " +
                               std::to_string(version) + " is newer than this binary's " +
                               std::to_string(codec_format_version));
  std::string_view rest = in.substr(1);
  std::uint64_t length = 0;
  if (!wire::get_varint(rest, length))
    return status::corruption(std::string(what) + ": truncated or malformed body length");
  if (length != rest.size())
    return status::corruption(std::string(what) + ": body length " + std::to_string(length) +
                              " but " + std::to_string(rest.size()) + " bytes follow");
  body = rest;
  body_offset = in.size() - rest.size();
  return status::ok();
}

class decoder {
 public:
  explicit decoder(const field_reader& r) : r_(r) {}

  template <class Unsigned>
  status get_uint(const field& f, Unsigned& out) const {
    std::uint64_t v = 0;
    auto s = r_.as_uint(f, std::numeric_limits<Unsigned>::max(), v);
    if (s.is_ok()) out = static_cast<Unsigned>(v);
    return s;
  }
  template <class Signed>
  status get_sint(const field& f, Signed& out) const {
    std::int64_t v = 0;
    auto s = r_.as_sint(f, std::numeric_limits<Signed>::min(), std::numeric_limits<Signed>::max(),
                        v);
    if (s.is_ok()) out = static_cast<Signed>(v);
    return s;
  }
  status get_bool(const field& f, bool& out) const {
    std::uint64_t v = 0;
    auto s = r_.as_uint(f, 1, v);
    if (s.is_ok()) out = v != 0;
    return s;
  }
  // Accepts the values first..last of Enum (the codec knows no other enumerators).
  template <class Enum>
  status get_enum(const field& f, Enum first, Enum last, Enum& out) const {
    std::uint64_t v = 0;
    auto s = r_.as_uint(f, static_cast<std::uint64_t>(last), v);
    if (!s.is_ok()) return s;
    if (v < static_cast<std::uint64_t>(first))
      return r_.error(f, "enum value " + std::to_string(v) + " out of range");
    out = static_cast<Enum>(v);
    return status::ok();
  }
  status get_double(const field& f, double& out) const { return r_.as_double(f, out); }
  status error(const field& f, const std::string& what) const { return r_.error(f, what); }
  static status get(const field& f, std::string& out) {
    out.assign(f.value.data(), f.value.size());
    return status::ok();
  }

 private:
  const field_reader& r_;
};

// Decodes a report_details field; any other tag is unknown here and skipped.
status decode_report_field(const decoder& d, const field& f, domain::report_details& r) {
  switch (f.tag) {
    case report_tag::source:
      return d.get_enum(f, domain::case_source::hotline, domain::case_source::open311, r.source);
    case report_tag::text: return decoder::get(f, r.text);
    case report_tag::category: return decoder::get(f, r.category);
    case report_tag::lat: return d.get_double(f, r.lat);
    case report_tag::lon: return d.get_double(f, r.lon);
    case report_tag::has_location: return d.get_bool(f, r.has_location);
    case report_tag::address: return decoder::get(f, r.address);
    case report_tag::reporter_hash: return decoder::get(f, r.reporter_hash);
    case report_tag::reporter_name: return decoder::get(f, r.reporter_name);
    case report_tag::media: r.media.emplace_back(f.value); return status::ok();
    case report_tag::reported_by: return decoder::get(f, r.reported_by);
    case report_tag::priority:
      return d.get_enum(f, domain::case_priority::normal, domain::case_priority::urgent,
                        r.priority);
    case report_tag::class_category: return decoder::get(f, r.classification.category);
    case report_tag::class_confidence: return d.get_double(f, r.classification.confidence);
    case report_tag::class_top_code:
      r.classification.top.push_back({std::string(f.value), 0});
      return status::ok();
    case report_tag::class_top_score:
      // Written right after its code; a score without one is corrupt.
      if (r.classification.top.empty()) return d.error(f, "score before its category code");
      return d.get_double(f, r.classification.top.back().score);
    case report_tag::class_model: return decoder::get(f, r.classification.model);
    case report_tag::intake_mode: return decoder::get(f, r.intake_mode);
    case report_tag::duplicate_of: return decoder::get(f, r.duplicate_of);
    case report_tag::possible_duplicate_of: return decoder::get(f, r.possible_duplicate_of);
    case report_tag::duplicate_score: return d.get_double(f, r.duplicate_score);
    case report_tag::risk_word: r.risk.words.emplace_back(f.value); return status::ok();
    case report_tag::risk_class: return decoder::get(f, r.risk.word_class);
    case report_tag::risk_class_name: return decoder::get(f, r.risk.class_name);
    case report_tag::risk_severity: return d.get_uint(f, r.risk.severity);
    case report_tag::scenarios: r.scenarios.emplace_back(f.value); return status::ok();
    default: return status::ok();
  }
}

// The enum ranges below end at the last enumerator the codec knows; extend them (and the
// round-trip test) when a domain enum grows.
status decode_event_field(const decoder& d, const field& f, domain::case_event& e) {
  using domain::case_status;
  using domain::event_type;
  switch (f.tag) {
    case event_tag::seq: return d.get_uint(f, e.seq);
    case event_tag::type:
      return d.get_enum(f, event_type::reported, event_type::adjusted, e.type);
    case event_tag::at_ms: return d.get_sint(f, e.at_ms);
    case event_tag::by: return decoder::get(f, e.by);
    case event_tag::status:
      return d.get_enum(f, case_status::reported, case_status::merged, e.status);
    case event_tag::node: return decoder::get(f, e.node);
    case event_tag::department: return decoder::get(f, e.department);
    case event_tag::reason: return decoder::get(f, e.reason);
    case event_tag::category: return decoder::get(f, e.category);
    case event_tag::ring: return d.get_enum(f, domain::ring::none, domain::ring::large, e.ring);
    case event_tag::from_node: return decoder::get(f, e.from_node);
    case event_tag::to_node: return decoder::get(f, e.to_node);
    case event_tag::result: return decoder::get(f, e.result);
    case event_tag::passed: return d.get_bool(f, e.passed);
    case event_tag::satisfaction: return d.get_sint(f, e.satisfaction);
    case event_tag::deadline_ms: return d.get_sint(f, e.deadline_ms);
    case event_tag::into: return decoder::get(f, e.into);
    case event_tag::location_path: e.location_path.emplace_back(f.value); return status::ok();
    case event_tag::assistants: e.assistants.emplace_back(f.value); return status::ok();
    case event_tag::until_ms: return d.get_sint(f, e.until_ms);
    case event_tag::supervisor_node: return decoder::get(f, e.supervisor_node);
    case event_tag::previous_category: return decoder::get(f, e.previous_category);
    case event_tag::priority: {
      auto p = domain::case_priority::normal;
      auto s = d.get_enum(f, domain::case_priority::normal, domain::case_priority::urgent, p);
      if (s.is_ok()) e.priority = p;
      return s;
    }
    default: return decode_report_field(d, f, e.report);
  }
}

status decode_snapshot_field(const decoder& d, const field& f, domain::case_record& r) {
  using domain::case_status;
  switch (f.tag) {
    case snapshot_tag::id: return decoder::get(f, r.id);
    case snapshot_tag::category: return decoder::get(f, r.category);
    case snapshot_tag::status:
      return d.get_enum(f, case_status::reported, case_status::merged, r.status);
    case snapshot_tag::node: return decoder::get(f, r.node);
    case snapshot_tag::department: return decoder::get(f, r.department);
    case snapshot_tag::tier_path: r.tier_path.emplace_back(f.value); return status::ok();
    case snapshot_tag::created_ms: return d.get_sint(f, r.created_ms);
    case snapshot_tag::updated_ms: return d.get_sint(f, r.updated_ms);
    case snapshot_tag::deadline_ms: return d.get_sint(f, r.deadline_ms);
    case snapshot_tag::supervised: return d.get_bool(f, r.supervised);
    case snapshot_tag::return_count: return d.get_uint(f, r.return_count);
    case snapshot_tag::rework_count: return d.get_uint(f, r.rework_count);
    case snapshot_tag::satisfaction: return d.get_sint(f, r.satisfaction);
    case snapshot_tag::merged_into: return decoder::get(f, r.merged_into);
    case snapshot_tag::version: return d.get_uint(f, r.version);
    case snapshot_tag::location_path: r.location_path.emplace_back(f.value); return status::ok();
    case snapshot_tag::returned_by: r.returned_by.emplace_back(f.value); return status::ok();
    case snapshot_tag::assistants: r.assistants.emplace_back(f.value); return status::ok();
    case snapshot_tag::assist_reports:
      r.assist_reports.emplace_back(f.value);
      return status::ok();
    case snapshot_tag::supervisor_node: return decoder::get(f, r.supervisor_node);
    case snapshot_tag::sla_start_ms: return d.get_sint(f, r.sla_start_ms);
    case snapshot_tag::pending_extension_ms: return d.get_sint(f, r.pending_extension_ms);
    case snapshot_tag::reminded: return d.get_bool(f, r.reminded);
    case snapshot_tag::overdue: return d.get_bool(f, r.overdue);
    case snapshot_tag::dispatched_ms: return d.get_sint(f, r.dispatched_ms);
    default: return decode_report_field(d, f, r.report);
  }
}

template <class Record, class FieldDecoder>
status decode_record(std::string_view bytes, const char* what, Record& out,
                     FieldDecoder decode_field) {
  out = Record{};
  std::string_view body;
  std::size_t body_offset = 0;
  if (auto s = unframe(bytes, what, body, body_offset); !s.is_ok()) return s;
  field_reader reader(body, body_offset, what);
  const decoder d(reader);
  field f;
  while (!reader.done()) {
    if (auto s = reader.next(f); !s.is_ok()) return s;
    if (auto s = decode_field(d, f, out); !s.is_ok()) return s;
  }
  return status::ok();
}

}  // namespace

std::string encode_event(const domain::case_event& e) {
  const domain::case_event d;
  std::string body;
  field_writer w(body);
  put_uint(w, event_tag::seq, e.seq);
  put_enum(w, event_tag::type, e.type, d.type);
  put_sint(w, event_tag::at_ms, e.at_ms);
  put(w, event_tag::by, e.by);
  put_enum(w, event_tag::status, e.status, d.status);
  put(w, event_tag::node, e.node);
  put(w, event_tag::department, e.department);
  put(w, event_tag::reason, e.reason);
  put(w, event_tag::category, e.category);
  put_enum(w, event_tag::ring, e.ring, d.ring);
  put(w, event_tag::from_node, e.from_node);
  put(w, event_tag::to_node, e.to_node);
  put(w, event_tag::result, e.result);
  put_uint(w, event_tag::passed, e.passed ? 1 : 0);
  put_sint(w, event_tag::satisfaction, e.satisfaction);
  put_sint(w, event_tag::deadline_ms, e.deadline_ms);
  put(w, event_tag::into, e.into);
  put_all(w, event_tag::location_path, e.location_path);
  put_all(w, event_tag::assistants, e.assistants);
  put_sint(w, event_tag::until_ms, e.until_ms);
  put(w, event_tag::supervisor_node, e.supervisor_node);
  put(w, event_tag::previous_category, e.previous_category);
  if (e.priority) w.uint(event_tag::priority, static_cast<std::uint64_t>(*e.priority));
  put_report(w, e.report);
  return frame(body);
}

status decode_event(std::string_view bytes, domain::case_event& out) {
  return decode_record(bytes, "event", out, decode_event_field);
}

std::string encode_snapshot(const domain::case_record& r) {
  const domain::case_record d;
  std::string body;
  field_writer w(body);
  put(w, snapshot_tag::id, r.id);
  put(w, snapshot_tag::category, r.category);
  put_enum(w, snapshot_tag::status, r.status, d.status);
  put(w, snapshot_tag::node, r.node);
  put(w, snapshot_tag::department, r.department);
  put_all(w, snapshot_tag::tier_path, r.tier_path);
  put_sint(w, snapshot_tag::created_ms, r.created_ms);
  put_sint(w, snapshot_tag::updated_ms, r.updated_ms);
  put_sint(w, snapshot_tag::deadline_ms, r.deadline_ms);
  put_uint(w, snapshot_tag::supervised, r.supervised ? 1 : 0);
  put_uint(w, snapshot_tag::return_count, r.return_count);
  put_uint(w, snapshot_tag::rework_count, r.rework_count);
  put_sint(w, snapshot_tag::satisfaction, r.satisfaction);
  put(w, snapshot_tag::merged_into, r.merged_into);
  put_uint(w, snapshot_tag::version, r.version);
  put_all(w, snapshot_tag::location_path, r.location_path);
  put_all(w, snapshot_tag::returned_by, r.returned_by);
  put_all(w, snapshot_tag::assistants, r.assistants);
  put_all(w, snapshot_tag::assist_reports, r.assist_reports);
  put(w, snapshot_tag::supervisor_node, r.supervisor_node);
  put_sint(w, snapshot_tag::sla_start_ms, r.sla_start_ms);
  put_sint(w, snapshot_tag::pending_extension_ms, r.pending_extension_ms);
  put_uint(w, snapshot_tag::reminded, r.reminded ? 1 : 0);
  put_uint(w, snapshot_tag::overdue, r.overdue ? 1 : 0);
  put_sint(w, snapshot_tag::dispatched_ms, r.dispatched_ms);
  put_report(w, r.report);
  return frame(body);
}

status decode_snapshot(std::string_view bytes, domain::case_record& out) {
  return decode_record(bytes, "snapshot", out, decode_snapshot_field);
}

}  // namespace cityops::storage
