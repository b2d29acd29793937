// Fuzz target: the city configuration loader, config::load_string on TOML text, as
// `cityopsd --config FILE` reads a file (load_file only adds the read). The text is loaded
// as `<dir>/city.toml`, where <dir> is a temp directory holding a small divisions.tsv
// (Yantai's city, one district, two streets, four communities), so `base = "none"` files
// naming `divisions = "divisions.tsv"` build whole small cities; files without `base` extend
// the embedded Yantai (built once, then adopted per input).
// Invariants: loading never throws; an error names a file and says what is wrong, in valid
// UTF-8 (it goes to logs and the CLI); a loaded city is consistent (finalize() on a copy finds
// no problem, every parent/department node/category exists), its [service] values are within
// the documented ranges and its tokens are well-formed.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <string_view>

#include "config/city_loader.hpp"
#include "gateway/utf8.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace cityops;
using cityops::fuzz::shown;
using cityops::gateway::is_valid_utf8;

std::string& dir() {
  static std::string d;
  return d;
}

constexpr const char* divisions_tsv =
    "level\tcode\tname\tparent\n"
    "city\t3706\t烟台市\t\n"
    "district\t370602\t芝罘区\t3706\n"
    "street\t370602001\t向阳街道\t370602\n"
    "street\t370602002\t东山街道\t370602\n"
    "community\t370602001001\t十字街社区\t370602001\n"
    "community\t370602001002\t北马路社区\t370602001\n"
    "community\t370602002001\t东山社区\t370602002\n"
    "community\t370602002002\t海军路社区\t370602002\n";

void setup() {
  if (!dir().empty()) return;
  char tmpl[] = "/tmp/cityops-config-fuzz-XXXXXX";
  const char* d = mkdtemp(tmpl);
  FUZZ_CHECK(d != nullptr, "cannot create a temp directory");
  dir() = d;
  std::ofstream(dir() + "/divisions.tsv") << divisions_tsv;
  std::atexit([] {
    std::remove((dir() + "/divisions.tsv").c_str());
    rmdir(dir().c_str());
  });
  (void)config::default_city();  // built once, outside the measured runs
}

bool in_range(long long v, long long lo, long long hi) { return v >= lo && v <= hi; }

bool token_name_ok(std::string_view s) {
  if (s.empty() || s.size() > 64 || s == "admin") return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void check_loaded(const config::city_config& cfg) {
  const config::city_model& city = cfg.city;
  FUZZ_CHECK(city.find_node(city.city_id) != nullptr, "the city node is missing: " + city.city_id);
  for (const auto& n : city.nodes()) {
    if (n.id == city.city_id) continue;
    FUZZ_CHECK(city.find_node(n.parent) != nullptr, "node " + n.id + " has no parent");
  }
  for (const auto& d : city.departments()) {
    const auto* n = city.find_node(d.node);
    FUZZ_CHECK(n != nullptr, "department " + d.id + " on unknown node " + d.node);
    FUZZ_CHECK(n->tier == d.tier, "department " + d.id + " not at its node's tier");
    for (const auto& c : d.categories)
      FUZZ_CHECK(city.find_category(c) || city.find_major(c),
                 "department " + d.id + " handles unknown category " + c);
  }
  for (const auto& c : city.categories())
    FUZZ_CHECK(city.find_major(c.major) != nullptr, "category " + c.code + " of unknown major");
  if (city.nodes().size() < 200) {  // the whole check again, on small cities only (cheap)
    config::city_model copy = city;
    const auto problems = copy.finalize();
    FUZZ_CHECK(problems.empty(), "a loaded city is inconsistent: " + problems.front());
  }

  const auto& s = cfg.service;
  FUZZ_CHECK(in_range(s.case_idle_passivation.count(), 1, 604800), "case_idle_passivation_s");
  FUZZ_CHECK(in_range(s.actor_request_timeout.count(), 1, 600000), "actor_request_timeout_ms");
  FUZZ_CHECK(in_range(s.max_body_bytes, 1024, 1LL << 30), "max_body_bytes");
  FUZZ_CHECK(in_range(s.io_threads, 1, 256), "io_threads");
  FUZZ_CHECK(in_range(s.sla_scan_interval.count(), 1, 86400), "sla_scan_interval_s");
  FUZZ_CHECK(in_range(s.dispatch_max_returns, 0, 100), "dispatch_max_returns");
  FUZZ_CHECK(in_range(s.max_inflight_requests, 1, 1000000), "max_inflight_requests");
  FUZZ_CHECK(in_range(s.max_connections, 1, 1000000), "max_connections");
  FUZZ_CHECK(in_range(s.max_header_bytes, 1024, 1048576), "max_header_bytes");
  FUZZ_CHECK(in_range(s.read_timeout.count(), 1, 3600), "read_timeout_s");
  FUZZ_CHECK(in_range(s.idle_timeout.count(), 1, 3600), "idle_timeout_s");

  std::set<std::string> names, hashes;
  for (const auto& t : cfg.tokens) {
    FUZZ_CHECK(token_name_ok(t.name), "bad token name " + shown(t.name));
    FUZZ_CHECK(names.insert(t.name).second, "duplicate token name " + t.name);
    FUZZ_CHECK(t.sha256.size() == 64 &&
                   t.sha256.find_first_not_of("0123456789abcdef") == std::string::npos,
               "token hash is not 64 lower-case hex digits: " + shown(t.sha256));
    FUZZ_CHECK(hashes.insert(t.sha256).second, "duplicate token hash");
    if (t.role == "operator") {
      FUZZ_CHECK(city.find_node(t.node) != nullptr, "operator token on unknown node " + t.node);
    } else if (t.role == "department") {
      FUZZ_CHECK(city.find_department(t.department) != nullptr,
                 "department token of unknown department " + t.department);
    } else {
      FUZZ_CHECK(t.role == "citizen_app" || t.role == "supervisor" || t.role == "admin",
                 "unknown token role " + shown(t.role));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  setup();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string file = dir() + "/city.toml";
  config::city_config cfg;
  const auto err = config::load_string(text, file, cfg);
  if (err) {
    FUZZ_CHECK(!err->file.empty(), "an error without a file: " + shown(err->describe()));
    FUZZ_CHECK(!err->message.empty(), "an error without a message: " + shown(err->describe()));
    FUZZ_CHECK(err->file == file || err->file.rfind(dir() + "/", 0) == 0 ||
                   err->file.front() == '/',
               "an error names a file that was not read: " + shown(err->file));
    const std::string line = err->describe();
    FUZZ_CHECK(is_valid_utf8(line), "an error message is not valid UTF-8: " + shown(line));
    FUZZ_CHECK(line.find('\n') == std::string::npos && line.find('\r') == std::string::npos,
               "an error is not one line: " + shown(line));
    return 0;
  }
  check_loaded(cfg);
  return 0;
}
