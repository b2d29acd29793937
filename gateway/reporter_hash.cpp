#include "gateway/reporter_hash.hpp"

#include <openssl/evp.h>

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
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, salt.data(), salt.size());
  EVP_DigestUpdate(ctx, ":", 1);
  EVP_DigestUpdate(ctx, normalized_phone.data(), normalized_phone.size());
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace cityops::gateway
