#include "storage/index_keys.hpp"

#include <cstdio>

#include "actors/domain/iso_time.hpp"

namespace cityops::storage {
namespace {

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
  if (const auto due = domain::next_sla_due(r); due > 0)
    keys.push_back(index_prefix_deadlines() + hex16(static_cast<std::uint64_t>(due)) + "/" +
                   r.id);
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

std::string day_of(std::int64_t unix_ms) { return domain::local_day_stamp(unix_ms); }

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
