#include "actors/domain/iso_time.hpp"

#include <cstdio>

#include "config/civil_date.hpp"

namespace cityops::domain {
namespace {

// Reads exactly `n` digits at `pos`; false when they are not all digits.
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::int64_t china_local_day(std::int64_t unix_ms) {
  return floor_div(unix_ms + china_offset_ms, ms_per_day);
}

std::string format_iso8601(std::int64_t unix_ms) {
  const std::int64_t day = china_local_day(unix_ms);
  const std::int64_t in_day = unix_ms + china_offset_ms - day * ms_per_day;
  const auto c = config::civil_from_days(day);
  const auto secs = in_day / 1000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lld+08:00", c.year,
                c.month, c.day, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                static_cast<long long>(in_day % 1000));
  return buf;
}

std::string local_day_stamp(std::int64_t unix_ms) {
  return config::compact_date(china_local_day(unix_ms));
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
  if (s.size() < 10) return std::nullopt;
  const auto date = config::parse_civil_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  const std::int64_t day_ms = config::days_from_civil(*date) * ms_per_day;
  if (s.size() == 10) return day_ms - china_offset_ms;

  int h = 0, mi = 0, sec = 0, ms = 0;
  if (s[10] != 'T' || !read_digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' ||
      !read_digits(s, 14, 2, mi) || h > 23 || mi > 59)
    return std::nullopt;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_digits(s, pos + 1, 2, sec) || sec > 60) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      std::size_t digits = 0;
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 3) ms = ms * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 3; ++digits) ms *= 10;
    }
  }
  std::int64_t offset_ms = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_ms = (oh * 60LL + om) * 60 * 1000 * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;  // a time without an offset is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  return day_ms + ((h * 60LL + mi) * 60 + sec) * 1000 + ms - offset_ms;
}

}  // namespace cityops::domain
