#include "config/civil_date.hpp"

#include <cstdio>

namespace cityops::config {

// days_from_civil / civil_from_days after Howard Hinnant's public-domain algorithms.
std::int64_t days_from_civil(const civil_date& d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = d.month > 2 ? d.month - 3 : d.month + 9;
  const unsigned doy = (153 * mp + 2) / 5 + d.day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

civil_date civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  civil_date out;
  out.day = doy - (153 * mp + 2) / 5 + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year =
      static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

unsigned weekday(const civil_date& d) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const std::int64_t days = days_from_civil(d);
  return static_cast<unsigned>(((days % 7) + 7 + 3) % 7);
}

std::optional<civil_date> parse_civil_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t count) -> std::optional<unsigned> {
    unsigned v = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return v;
  };
  const auto y = digits(0, 4);
  const auto m = digits(5, 2);
  const auto d = digits(8, 2);
  if (!y || !m || !d || *y < 1900 || *y > 2199 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
    return std::nullopt;
  const civil_date date{static_cast<int>(*y), *m, *d};
  const civil_date back = civil_from_days(days_from_civil(date));
  if (back.month != date.month || back.day != date.day) return std::nullopt;
  return date;
}

std::string format_civil_date(const civil_date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month % 100, d.day % 100);
  return buf;
}

std::string compact_date(std::int64_t days) {
  const auto d = civil_from_days(days);
  if (d.year < 0 || d.year > 9999) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", d.year, d.month % 100, d.day % 100);
    return buf;
  }
  // Digits by hand: the store builds a key with this for every counted change.
  std::string out(8, '0');
  auto put = [&out](std::size_t end, unsigned v) {
    for (; v > 0; v /= 10) out[--end] = static_cast<char>('0' + v % 10);
  };
  put(4, static_cast<unsigned>(d.year));
  put(6, d.month % 100);
  put(8, d.day % 100);
  return out;
}

}  // namespace cityops::config
