#include "storage/detail/store_keys.hpp"

#include <limits>

namespace cityops::storage::detail {

std::string event_prefix(std::string_view case_id) {
  std::string key(case_id);
  key.push_back('\0');
  return key;
}

std::string event_key(std::string_view case_id, std::uint32_t seq) {
  std::string key = event_prefix(case_id);
  for (int shift = 24; shift >= 0; shift -= 8)
    key.push_back(static_cast<char>((seq >> shift) & 0xff));
  return key;
}

bool event_key_seq(std::string_view key, std::size_t prefix_size, std::uint32_t& seq) {
  if (key.size() != prefix_size + 4) return false;
  seq = 0;
  for (std::size_t i = prefix_size; i < key.size(); ++i)
    seq = (seq << 8) | static_cast<std::uint8_t>(key[i]);
  return true;
}

bool valid_case_id(std::string_view case_id) {
  return !case_id.empty() && case_id.find('\0') == std::string_view::npos &&
         case_id.find('/') == std::string_view::npos;
}

std::string meta_id_counter(std::string_view scope) {
  std::string key = "seq/";
  key += scope;
  return key;
}

std::string encode_idempotency_value(std::string_view case_id, std::string_view body_hash) {
  std::string v(case_id);
  v.push_back('\0');
  v += body_hash;
  return v;
}

bool parse_idempotency_value(std::string_view value, std::string& case_id,
                             std::string& body_hash) {
  const auto nul = value.find('\0');
  if (nul == std::string_view::npos || !valid_case_id(value.substr(0, nul))) return false;
  case_id = std::string(value.substr(0, nul));
  body_hash = std::string(value.substr(nul + 1));
  return true;
}

std::string meta_status_count(std::string_view status_name) {
  std::string k("status_count/");
  k += status_name;
  return k;
}

std::string encode_counter(std::uint64_t v) { return std::to_string(v); }

bool parse_counter(std::string_view text, std::uint64_t& v) {
  if (text.empty() || text.size() > 20) return false;
  v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
    v = v * 10 + digit;
  }
  return true;
}

std::string prefix_successor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    const auto last = static_cast<unsigned char>(s.back());
    if (last != 0xff) {
      s.back() = static_cast<char>(last + 1);
      return s;
    }
    s.pop_back();
  }
  return s;
}

}  // namespace cityops::storage::detail
