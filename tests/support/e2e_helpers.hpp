#pragma once
// Helpers the end-to-end tests (tests/e2e/service/) share: the service's command line and
// its admin token, reading JSON answers (fields, error members, listings), URL encoding, a
// clean stop, and seeding a data directory (a case, a quarantine) as a previous run would
// have left it. Config files with tokens: token_config.hpp. Header-only so the support
// library needs no cityops libraries.

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <signal.h>
#include <sys/wait.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_loader.hpp"
#include "storage/event_store.hpp"
#include "storage/quarantine_store.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"

namespace cityops::testing {

// cityopsd on an ephemeral local port over `data`, with the default city.
inline std::vector<std::string> service_args(const temp_dir& data) {
  return {"--listen", "127.0.0.1:0", "--data", data.path()};
}
// The same with a city config file.
inline std::vector<std::string> service_args(const temp_dir& data, const std::string& config) {
  return {"--config", config, "--listen", "127.0.0.1:0", "--data", data.path()};
}

// The admin token of `svc`: the one service_process gave the child, else the one the service
// generated into DATA/admin.token.
inline std::string admin_token(const service_process& svc, const temp_dir& data) {
  if (!svc.admin_token().empty()) return svc.admin_token();
  std::ifstream in(data.path() + "/admin.token");
  std::string token;
  REQUIRE((in && std::getline(in, token) && !token.empty()));
  return token;
}

// `Authorization: Bearer <token>`, as a request's headers.
inline header_list bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

// Percent-encodes everything but unreserved characters (RFC 3986); fine for forms and queries.
inline std::string url_encode(const std::string& s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

// The string member `key` of a JSON object (throws when it is missing or not a string).
inline std::string str(simdjson::dom::element e, const char* key) {
  return std::string(std::string_view(e[key]));
}

// The string member `key` of a JSON answer's top-level object; "(not json)" or "(none)" when
// the body is no JSON or has no such string, so a CHECK prints what came instead.
inline std::string json_field(const client_response& r, const char* key) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(r.body).get(doc)) return "(not json)";
  std::string_view v;
  if (doc[key].get(v)) return "(none)";
  return std::string(v);
}

// A member of a JSON error answer's `error` object ("code", "field", "message"), or
// "(not json)" / "(none)" as json_field.
inline std::string error_field(const client_response& r, const char* member) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(r.body).get(doc)) return "(not json)";
  std::string_view v;
  if (doc["error"][member].get(v)) return "(none)";
  return std::string(v);
}

// How many entries the `items` array of a listing's body holds (throws when it has none).
inline std::size_t count_items(const std::string& body) {
  simdjson::dom::parser p;
  simdjson::dom::array items = p.parse(body)["items"];
  return items.size();
}

// Every page of GET /api/v1/cases?`query` (next_cursor followed until null; each page must
// answer 200 and no item carries a history), sent with `headers` as http_call does.
struct case_listing {
  std::vector<std::string> ids;  // in listing order
  std::size_t pages = 0;
};
inline case_listing list_cases(const std::string& addr, const std::string& query = "",
                               const header_list& headers = {}) {
  case_listing out;
  std::string cursor;
  simdjson::dom::parser p;
  do {
    std::string target = "/api/v1/cases?" + query;
    if (!cursor.empty()) target += (query.empty() ? "cursor=" : "&cursor=") + url_encode(cursor);
    auto r = http_call(addr, "GET", target, "", headers);
    INFO(target << " -> " << r.body);
    REQUIRE(r.status == 200);
    simdjson::dom::element page = p.parse(r.body);
    for (simdjson::dom::element item : page["items"].get_array()) {
      out.ids.push_back(str(item, "id"));
      CHECK(item["history"].error() == simdjson::NO_SUCH_FIELD);
    }
    simdjson::dom::element next = page["next_cursor"];
    cursor = next.is_null() ? std::string() : std::string(std::string_view(next));
    REQUIRE(++out.pages < 100);
  } while (!cursor.empty());
  return out;
}
// The ids of list_cases() as a set, where order and pages do not matter.
inline std::set<std::string> listed_ids(const std::string& addr, const std::string& query = "",
                                        const header_list& headers = {}) {
  const auto ids = list_cases(addr, query, headers).ids;
  return {ids.begin(), ids.end()};
}

// SIGTERM: the service drains and exits 0.
inline void stop_cleanly(service_process& svc) {
  const int status = svc.stop(SIGTERM);
  REQUIRE(status != -1);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Writes one reported manhole case (0101: 2 hours in the default city) as of `reported_ms`
// into DATA/store, with id 3706-<day>-<number> (pick a number far above what the service's
// own counter hands out). Returns the stored snapshot.
inline domain::case_record seed_case(const std::string& data_dir, std::int64_t reported_ms,
                                     const std::string& number) {
  const auto& city = config::default_city().city;
  const domain::sla_calendar calendar(city.calendar());
  domain::new_case n;
  n.source = domain::case_source::grid;
  n.text = "井盖塌陷、污水外溢，行人绕行";
  n.category = "0101";
  n.node = "370602001001";
  auto ev = domain::decide_report(n, reported_ms, city, calendar);
  REQUIRE(ev.ok());
  const std::string id = "3706-" + domain::local_day_stamp(reported_ms) + "-" + number;
  ev->seq = 1;
  storage::case_write w;
  w.case_id = id;
  w.events = {*ev};
  w.snapshot = domain::replay(id, w.events);
  w.snapshot.history.clear();
  std::unique_ptr<storage::event_store> store;
  REQUIRE(storage::event_store::open(data_dir + "/store", storage::store_options{}, store)
              .is_ok());
  REQUIRE(store->append({w}).is_ok());
  return w.snapshot;
}

// Stores `q` in DATA/store as the case directory does when a case's actor failed twice: the
// service started afterwards loads it and holds the case quarantined.
inline void seed_quarantine(const std::string& data_dir, const domain::quarantine_entry& q) {
  std::unique_ptr<storage::event_store> store;
  REQUIRE(storage::event_store::open(data_dir + "/store", storage::store_options{}, store)
              .is_ok());
  REQUIRE(storage::quarantine_store(*store).put(q).is_ok());
}

}  // namespace cityops::testing
