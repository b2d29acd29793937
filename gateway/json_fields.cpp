#include "gateway/json_fields.hpp"

#include "actors/domain/iso_time.hpp"

namespace cityops::gateway {

void member_or_null(json_writer& w, std::string_view key, const std::string& value) {
  w.key(key);
  if (value.empty())
    w.null();
  else
    w.value(value);
}

void member_time(json_writer& w, std::string_view key, std::int64_t ms) {
  w.key(key);
  if (ms == 0)
    w.null();
  else
    w.value(domain::format_iso8601(ms));
}

void write_strings(json_writer& w, std::string_view key, const std::vector<std::string>& v) {
  w.key(key).begin_array();
  for (const auto& x : v) w.value(x);
  w.end_array();
}

}  // namespace cityops::gateway
