#pragma once
// ISO 8601 timestamps as the API uses them: always written in China Standard Time with an
// explicit offset ("2026-11-28T09:30:00.000+08:00"); read with any offset or "Z".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cityops::domain {

constexpr std::int64_t ms_per_hour = 3600LL * 1000;
constexpr std::int64_t ms_per_day = 24 * ms_per_hour;
constexpr std::int64_t china_offset_ms = 8 * ms_per_hour;  // UTC+8 all year, no DST

// Days since 1970-01-01 of the local (UTC+8) date of a unix time in ms.
std::int64_t china_local_day(std::int64_t unix_ms);

std::string format_iso8601(std::int64_t unix_ms);

// Accepts "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)" and a bare date "YYYY-MM-DD" (midnight in
// UTC+8). Returns nullopt for anything else, including impossible dates.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

// "YYYYMMDD" of the local (UTC+8) day, as used in case ids and day indexes.
std::string local_day_stamp(std::int64_t unix_ms);

}  // namespace cityops::domain
