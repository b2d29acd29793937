#include "gateway/reporter_hash.hpp"

#include "gateway/auth.hpp"

namespace cityops::gateway {

std::optional<std::string> normalize_phone(std::string_view phone) {
  std::string digits;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c == '+' && digits.empty() && i == 0)
      continue;
    else if (c != ' ' && c != '-' && c != '(' && c != ')')
      return std::nullopt;
  }
  const bool plus = !phone.empty() && phone.front() == '+';
  if (plus && digits.rfind("86", 0) == 0) digits.erase(0, 2);
  else if (digits.rfind("0086", 0) == 0) digits.erase(0, 4);
  if (digits.size() < 5 || digits.size() > 20) return std::nullopt;
  return digits;
}

std::string hash_phone(std::string_view salt, std::string_view normalized_phone) {
  return hex_digest(sha256({salt, ":", normalized_phone}));
}

}  // namespace cityops::gateway
