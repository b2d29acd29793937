#pragma once
// Reporter phone numbers never enter the actor system or storage: the gateway turns them
// into a salted SHA-256 at the door. The same caller always maps to the same hash (for
// 一人多诉 detection later) as long as the installation's salt is kept.

#include <optional>
#include <string>
#include <string_view>

namespace cityops::gateway {

// Digits of a phone number with separators and a +86/0086 country prefix removed; nullopt
// when what remains is not 5..20 digits.
std::optional<std::string> normalize_phone(std::string_view phone);

// Hex SHA-256 of salt ":" normalized-phone (auth.hpp's sha256: the process's digest, the
// thread's context).
std::string hash_phone(std::string_view salt, std::string_view normalized_phone);

}  // namespace cityops::gateway
