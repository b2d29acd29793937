// Fuzz target: the JSON bodies of the case API, from bytes to what the case actor would get.
//   1. POST /api/v1/cases: parse_new_case (simdjson + json_object_reader), then the intake
//      (domain::decide_report on the embedded Yantai city), the `reported` event folded into
//      a record, and that record written back as the API's JSON (write_case).
//   2. POST …/actions/{action}: parse_action for one action chosen by the input's size.
//   3. json_object_reader itself: every accessor on every key, nested objects and arrays.
// Invariants: a parse that succeeds yields fields within their byte limits, valid UTF-8, a
// known source/priority, a 64-hex reporter hash (never the raw phone); an error has a known
// code and a message and names its field (except for the body as a whole); every response
// body is JSON that reads back; strings written by json_writer read back unchanged.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/case_machine.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_loader.hpp"
#include "gateway/case_json.hpp"
#include "gateway/case_request.hpp"
#include "gateway/error_json.hpp"
#include "gateway/json_input.hpp"
#include "gateway/json_writer.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/fuzz_json.hpp"

namespace {

using namespace cityops;
using namespace cityops::gateway;
using cityops::fuzz::shown;

constexpr std::string_view salt = "fuzz-salt";
constexpr std::int64_t now_ms = 1'795'000'000'000;  // 2026-11-18 19:06:40 +08:00

simdjson::dom::parser& out_parser() {
  static simdjson::dom::parser p;
  return p;
}

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void check_text(std::string_view s, std::size_t max_bytes, const char* field) {
  FUZZ_CHECK(s.size() <= max_bytes, std::string(field) + " longer than its limit: " +
                                        std::to_string(s.size()));
  FUZZ_CHECK(is_valid_utf8(s), std::string(field) + " is not valid UTF-8: " + shown(s));
}

// An input_error and the 400 body made of it.
void check_input_error(const input_error& e) {
  FUZZ_CHECK(e.code == "invalid_json" || e.code == "missing_field" || e.code == "invalid_field",
             "unknown error code " + e.code);
  FUZZ_CHECK(!e.message.empty(), "error without a message, field " + e.field);
  // An error names its field, unless it is about the body as a whole (not JSON, not an
  // object) or the offending member's key is itself "" (`{"": 1}`: unknown field '').
  if (e.code != "invalid_json" && e.message != "body must be a JSON object" &&
      e.message != "unknown field ''")
    FUZZ_CHECK(!e.field.empty(), "error without a field: " + e.code + " " + shown(e.message));
  FUZZ_CHECK(is_valid_utf8(e.field), "error field is not UTF-8: " + shown(e.field));
  const http_response res = error_response(e);
  FUZZ_CHECK(res.status == 400, "input errors answer 400");
  const std::string field = fuzz::check_error_body(out_parser(), res.body);
  FUZZ_CHECK(field == e.field, "error body names '" + field + "', the error '" + e.field + "'");
}

// json_writer's escaping: a string written and read back is the same string.
void check_round_trip(std::string_view s) {
  json_writer w;
  w.begin_array().value(s).end_array();
  const std::string text = w.take();
  auto doc = fuzz::parse_json_or_die(out_parser(), text, "json_writer output");
  std::string_view back;
  FUZZ_CHECK(!doc.at(0).get(back), "json_writer array without its string");
  FUZZ_CHECK(back == s, "json_writer changed a valid string: " + shown(s) + " -> " + shown(back));
}

void check_new_case(const domain::new_case& n) {
  check_text(n.text, domain::max_text_bytes, "text");
  check_text(n.category, 16, "category");
  check_text(n.node, 24, "node");
  check_text(n.address, 500, "address");
  check_text(n.reporter_name, 100, "reporter.name");
  FUZZ_CHECK(n.media.size() <= 20, "more than 20 media");
  for (const auto& m : n.media) check_text(m, 2000, "media[]");
  FUZZ_CHECK(n.reporter_hash.empty() || is_hex64(n.reporter_hash),
             "reporter hash is not 64 hex digits: " + shown(n.reporter_hash));
  FUZZ_CHECK(!n.lat || std::isfinite(*n.lat), "non-finite lat");
  FUZZ_CHECK(!n.lon || std::isfinite(*n.lon), "non-finite lon");
  check_round_trip(n.text);
  check_round_trip(n.address);
}

// The intake on the real city, then the record as GET /api/v1/cases/{id} would show it.
void intake(const domain::new_case& n) {
  static const config::city_model& city = config::default_city().city;
  static const domain::sla_calendar calendar(city.calendar());
  auto decided = domain::decide_report(n, now_ms, city, calendar);
  if (!decided.ok()) {
    const auto& e = decided.error();
    FUZZ_CHECK(!e.message.empty(), "intake error without a message");
    FUZZ_CHECK(!e.field.empty(), "intake error without a field: " + e.message);
    const http_response res = domain_error_response(e);
    FUZZ_CHECK(res.status >= 400 && res.status < 500, "intake error answers " +
                                                          std::to_string(res.status));
    fuzz::check_error_body(out_parser(), res.body);
    return;
  }
  const auto& event = decided.value();
  FUZZ_CHECK(city.find_node(event.node) != nullptr, "intake placed the case on unknown node " +
                                                        event.node);
  domain::case_record record;
  record.id = "3706-20261118-000001";
  domain::apply(record, event);
  json_writer w;
  write_case(w, record);
  const std::string body = w.take();
  auto doc = fuzz::parse_json_or_die(out_parser(), body, "write_case output");
  std::string_view text;
  FUZZ_CHECK(!doc["text"].get(text) && text == n.text,
             "the case's text does not read back: " + shown(body));
}

void exercise_reader(json_object_reader& in, int depth) {
  for (const std::string& key : in.keys()) {
    // Null members count as absent; an empty key is a name no handler reads (only
    // reject_unknown meets it, checked below).
    if (key.empty() || !in.has(key)) continue;
    if (auto s = in.string(key, false, 64)) check_text(*s, 64, "string");
    (void)in.number(key);
    (void)in.integer(key);
    (void)in.boolean(key);
    for (const auto& s : in.string_array(key, 8, 64)) check_text(s, 64, "string_array item");
    if (auto raw = in.raw(key)) fuzz::parse_json_or_die(out_parser(), *raw, "raw()");
    if (depth < 4) {
      auto nested = in.object(key);
      if (nested.present()) exercise_reader(nested, depth + 1);
      for (auto& item : in.object_array(key, 4)) exercise_reader(item, depth + 1);
    }
  }
  (void)in.string("text", true);
  (void)in.reject_unknown({"source", "text"});
  if (in.error()) check_input_error(*in.error());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  auto report = parse_new_case(body, salt);
  if (auto* e = std::get_if<input_error>(&report)) {
    check_input_error(*e);
  } else {
    const auto& n = std::get<domain::new_case>(report);
    check_new_case(n);
    intake(n);
  }

  const auto& actions = domain::all_case_actions();
  const domain::case_action action = actions[size % actions.size()];
  auto move = parse_action(action, body);
  if (auto* e = std::get_if<input_error>(&move)) {
    check_input_error(*e);
  } else {
    const auto& q = std::get<domain::action_request>(move);
    FUZZ_CHECK(q.action == action, "parse_action changed the action");
    check_text(q.by, 200, "by");
    check_text(q.reason, 2000, "reason");
    check_text(q.department, 200, "department");
    check_text(q.result, 2000, "result");
    check_text(q.into, 48, "into");
    FUZZ_CHECK(q.departments.size() <= 16, "more than 16 departments");
    FUZZ_CHECK(q.satisfaction == 0 || (q.satisfaction >= 1 && q.satisfaction <= 5),
               "satisfaction out of 1..5");
  }

  json_object_reader in;
  if (auto e = json_object_reader::parse(body, in)) {
    check_input_error(*e);
  } else {
    exercise_reader(in, 0);
  }
  return 0;
}
