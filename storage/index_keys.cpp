#include "storage/index_keys.hpp"

#include <cstdio>

namespace cityops::storage {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;
constexpr std::int64_t utc_plus_8_ms = 8 * 3'600'000;

std::string escape(std::string_view component) {
  std::string out;
  out.reserve(component.size());
  for (char c : component) {
    if (c == '%')
      out += "%25";
    else if (c == '/')
      out += "%2F";
    else
      out.push_back(c);
  }
  return out;
}

std::string prefix(char family, std::string_view component) {
  std::string p;
  p.reserve(component.size() + 4);
  p.push_back(family);
  p.push_back('/');
  p += escape(component);
  p.push_back('/');
  return p;
}

std::string hex16(std::uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = digits[v & 0xf];
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Days since 1970-01-01 -> proleptic Gregorian y/m/d (H. Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

}  // namespace

std::vector<std::string> index_keys(const domain::case_record& r) {
  std::vector<std::string> keys;
  keys.reserve(6);
  keys.push_back(index_prefix_status(r.status) + r.id);
  if (!r.department.empty()) keys.push_back(index_prefix_department(r.department) + r.id);
  if (!r.node.empty()) keys.push_back(index_prefix_node(r.node) + r.id);
  if (!r.report.reporter_hash.empty())
    keys.push_back(index_prefix_reporter(r.report.reporter_hash) + r.id);
  keys.push_back(index_prefix_day(day_of(r.created_ms)) + r.id);
  if (domain::is_open(r.status) && r.deadline_ms > 0)
    keys.push_back(index_prefix_deadlines() + hex16(static_cast<std::uint64_t>(r.deadline_ms)) +
                   "/" + r.id);
  return keys;
}

std::string index_prefix_status(domain::case_status status) {
  return prefix('s', domain::to_string(status));
}
std::string index_prefix_department(std::string_view department) {
  return prefix('d', department);
}
std::string index_prefix_node(std::string_view node) { return prefix('n', node); }
std::string index_prefix_reporter(std::string_view reporter_hash) {
  return prefix('r', reporter_hash);
}
std::string index_prefix_day(std::string_view yyyymmdd) { return prefix('t', yyyymmdd); }
std::string index_prefix_deadlines() { return "l/"; }

std::string day_of(std::int64_t unix_ms) {
  const std::int64_t local = unix_ms + utc_plus_8_ms;
  std::int64_t days = local / ms_per_day;
  if (local % ms_per_day < 0) --days;  // floor for times before 1970
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civil_from_days(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02u", static_cast<long long>(y), m, d);
  return buf;
}

bool parse_deadline_entry(std::string_view entry, std::int64_t& deadline_ms,
                          std::string& case_id) {
  if (entry.size() < 18 || entry[16] != '/') return false;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    const int h = hex_value(entry[i]);
    if (h < 0) return false;
    v = (v << 4) | static_cast<std::uint64_t>(h);
  }
  deadline_ms = static_cast<std::int64_t>(v);
  case_id.assign(entry.substr(17));
  return true;
}

}  // namespace cityops::storage
