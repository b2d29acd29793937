#pragma once
// ISO 8601 timestamps as the API uses them: always written in China Standard Time with an
// explicit offset ("2026-11-28T09:30:00.000+08:00"); read with any offset or "Z".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cityops::domain {

std::string format_iso8601(std::int64_t unix_ms);

// Accepts "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)" and a bare date "YYYY-MM-DD" (midnight in
// UTC+8). Returns nullopt for anything else, including impossible dates.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

// "YYYYMMDD" of the local (UTC+8) day, as used in case ids and day indexes.
std::string local_day_stamp(std::int64_t unix_ms);

}  // namespace cityops::domain
