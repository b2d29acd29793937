#include "storage/sample_codec.hpp"

#include <cstring>

#include "storage/wire_format.hpp"

namespace cityops::storage {
namespace {

using wire::field;
using wire::field_reader;
using wire::field_writer;

constexpr std::uint8_t status_format_version = 1;
constexpr std::uint64_t sign_bit = std::uint64_t{1} << 63;

// Field tags are forever: never reuse or renumber one, only add new ones.
namespace status_tag {
constexpr std::uint32_t indicator = 1, value = 2, at_ms = 3, level = 4, side = 5,
                        episode_ms = 6, episode_level = 7;
}  // namespace status_tag

status decode_field(const field_reader& r, const field& f, domain::indicator_status& s) {
  using domain::breach_side;
  using domain::indicator_level;
  switch (f.tag) {
    case status_tag::indicator: s.indicator.assign(f.value); return status::ok();
    case status_tag::value: return r.as_double(f, s.value);
    case status_tag::at_ms: return r.as_int64(f, s.at_ms);
    case status_tag::level:
      return r.as_enum(f, indicator_level::normal, indicator_level::alarm, s.level);
    case status_tag::side: return r.as_enum(f, breach_side::none, breach_side::low, s.side);
    case status_tag::episode_ms: return r.as_int64(f, s.episode_ms);
    case status_tag::episode_level:
      return r.as_enum(f, indicator_level::normal, indicator_level::alarm, s.episode_level);
    default: return status::ok();  // written by a newer binary: skipped
  }
}

}  // namespace

std::string sample_key_prefix(std::string_view indicator) {
  std::string k = "h/";
  k.append(indicator);
  k.push_back('/');
  return k;
}

std::string sample_key(std::string_view indicator, std::int64_t at_ms) {
  std::string k = sample_key_prefix(indicator);
  const std::uint64_t t = static_cast<std::uint64_t>(at_ms) ^ sign_bit;
  for (int shift = 56; shift >= 0; shift -= 8)
    k.push_back(static_cast<char>((t >> shift) & 0xff));
  return k;
}

bool sample_time_of(std::string_view key, std::int64_t& at_ms) {
  if (key.size() < 8) return false;
  std::uint64_t t = 0;
  for (std::size_t i = key.size() - 8; i < key.size(); ++i)
    t = (t << 8) | static_cast<unsigned char>(key[i]);
  at_ms = static_cast<std::int64_t>(t ^ sign_bit);
  return true;
}

std::string encode_sample_value(double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  std::string out;
  wire::put_fixed64_le(out, bits);
  return out;
}

status decode_sample_value(std::string_view bytes, double& out) {
  if (bytes.size() != 8)
    return status::corruption("sample value of " + std::to_string(bytes.size()) +
                              " bytes (expected 8)");
  std::uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
  std::memcpy(&out, &bits, sizeof out);
  return status::ok();
}

std::string latest_key(std::string_view indicator) { return "l/" + std::string(indicator); }

std::string encode_indicator_status(const domain::indicator_status& s) {
  std::string body;
  field_writer w(body);
  w.bytes_if(status_tag::indicator, s.indicator);
  w.float64_if(status_tag::value, s.value);
  w.sint_if(status_tag::at_ms, s.at_ms);
  w.uint_if(status_tag::level, static_cast<std::uint64_t>(s.level));
  w.uint_if(status_tag::side, static_cast<std::uint64_t>(s.side));
  w.sint_if(status_tag::episode_ms, s.episode_ms);
  w.uint_if(status_tag::episode_level, static_cast<std::uint64_t>(s.episode_level));
  return wire::frame_record(status_format_version, body);
}

status decode_indicator_status(std::string_view bytes, domain::indicator_status& out) {
  return wire::decode_record(bytes, status_format_version, "indicator status", out,
                             decode_field);
}

}  // namespace cityops::storage
