#pragma once
// Helpers the end-to-end tests (tests/e2e/service/) share: the service's command line, JSON
// field access, URL encoding, and seeding a data directory as a previous run would have left
// it. Header-only so the support library needs no cityops libraries.

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/domain/sla_calendar.hpp"
#include "config/city_loader.hpp"
#include "storage/event_store.hpp"
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

// The string member `key` of a JSON object (throws when it is missing or not a string).
inline std::string str(simdjson::dom::element e, const char* key) {
  return std::string(std::string_view(e[key]));
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

}  // namespace cityops::testing
