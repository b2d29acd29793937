#include "storage/index_keys.hpp"

#include <algorithm>
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

// "<family>/" — a family without a component (o/, l/).
std::string prefix(char family) { return std::string{family, '/'}; }

// "<family>/<escaped component>/"; `sub` (e.g. 'd' in "w/d/…") is a fixed second level.
std::string prefix(char family, std::string_view component, char sub = '\0') {
  std::string p = prefix(family);
  p.reserve(component.size() + 6);
  if (sub != '\0') {
    p.push_back(sub);
    p.push_back('/');
  }
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
  keys.reserve(7 + r.location_path.size());
  keys.push_back(index_prefix_status(r.status) + r.id);
  if (!r.department.empty()) keys.push_back(index_prefix_department(r.department) + r.id);
  if (!r.report.reporter_hash.empty())
    keys.push_back(index_prefix_reporter(r.report.reporter_hash) + r.id);
  if (const auto day = day_of(r.created_ms); !id_carries_day(r.id, day))
    keys.push_back(index_prefix_day(day) + r.id);
  const auto& path = r.location_path;
  for (auto it = path.begin(); it != path.end(); ++it) {
    // A node listed twice would give two equal keys; one is enough.
    if (it->empty() || std::find(path.begin(), it, *it) != it) continue;
    if (id_under_node(r.id, *it)) continue;
    keys.push_back(index_prefix_location(*it) + r.id);
  }
  if (const auto w = domain::waiting_on(r); !w.id.empty()) {
    if (w.who == domain::waiting_party::kind::department)
      keys.push_back(index_prefix_waiting_department(w.id) + r.id);
    else if (w.who == domain::waiting_party::kind::node)
      keys.push_back(index_prefix_waiting_node(w.id) + r.id);
  }
  if (r.overdue && domain::is_open(r.status)) keys.push_back(index_prefix_overdue() + r.id);
  if (const auto due = domain::next_sla_due(r); due > 0)
    keys.push_back(index_prefix_deadlines() + hex16(static_cast<std::uint64_t>(due)) + "/" +
                   r.id);
  return keys;
}

std::string index_prefix_status(domain::case_status status) {
  return prefix(index_family::status, domain::to_string(status));
}
std::string index_prefix_department(std::string_view department) {
  return prefix(index_family::department, department);
}
std::string index_prefix_reporter(std::string_view reporter_hash) {
  return prefix(index_family::reporter, reporter_hash);
}
std::string index_prefix_day(std::string_view yyyymmdd) {
  return prefix(index_family::day, yyyymmdd);
}
std::string index_prefix_location(std::string_view node) {
  return prefix(index_family::location, node);
}
std::string index_prefix_waiting() { return prefix(index_family::waiting); }

bool parse_waiting_key(std::string_view key, domain::waiting_party& out) {
  // "w/" + kind + "/" + escaped party + "/" + case id
  if (key.size() < 6 || key[0] != index_family::waiting || key[1] != '/' || key[3] != '/')
    return false;
  if (key[2] == 'd')
    out.who = domain::waiting_party::kind::department;
  else if (key[2] == 'n')
    out.who = domain::waiting_party::kind::node;
  else
    return false;
  const auto last = key.rfind('/');
  if (last <= 4) return false;
  const auto escaped = key.substr(4, last - 4);
  out.id.clear();
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != '%') {
      out.id.push_back(escaped[i]);
      continue;
    }
    const auto code = escaped.substr(i, 3);
    if (code == "%25")
      out.id.push_back('%');
    else if (code == "%2F")
      out.id.push_back('/');
    else
      return false;
    i += 2;
  }
  return true;
}

std::string index_prefix_waiting_department(std::string_view department) {
  return prefix(index_family::waiting, department, 'd');
}
std::string index_prefix_waiting_node(std::string_view node) {
  return prefix(index_family::waiting, node, 'n');
}
std::string index_prefix_overdue() { return prefix(index_family::overdue); }
std::string index_prefix_deadlines() { return prefix(index_family::deadline); }

std::string day_of(std::int64_t unix_ms) { return domain::local_day_stamp(unix_ms); }

bool split_case_id(std::string_view case_id, std::string_view& city, std::string_view& rest) {
  const auto dash = case_id.find('-');
  if (dash == std::string_view::npos) return false;
  city = case_id.substr(0, dash);
  rest = case_id.substr(dash + 1);
  return true;
}

bool id_carries_day(std::string_view case_id, std::string_view yyyymmdd) {
  std::string_view city, rest;
  if (yyyymmdd.size() != 8 || yyyymmdd.find_first_not_of("0123456789") != std::string_view::npos)
    return false;
  return split_case_id(case_id, city, rest) && rest.size() > 8 &&
         rest.substr(0, 8) == yyyymmdd && rest[8] == '-';
}

bool id_under_node(std::string_view case_id, std::string_view node) {
  return !node.empty() && case_id.size() > node.size() &&
         case_id.substr(0, node.size()) == node && case_id[node.size()] == '-';
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
