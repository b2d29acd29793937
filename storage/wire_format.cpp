#include "storage/wire_format.hpp"

#include <cstring>
#include <limits>

namespace cityops::storage::wire {

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(static_cast<std::uint8_t>(v) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_fixed64_le(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool get_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i >= in.size()) return false;
    const auto byte = static_cast<std::uint8_t>(in[i]);
    // The 10th byte may only carry the top bit of a 64-bit value.
    if (i == 9 && byte > 1) return false;
    v |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      in.remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

void field_writer::bytes(std::uint32_t tag, std::string_view value) {
  put_varint(out_, tag);
  put_varint(out_, value.size());
  out_.append(value.data(), value.size());
}

void field_writer::uint(std::uint32_t tag, std::uint64_t value) {
  std::string v;
  put_varint(v, value);
  bytes(tag, v);
}

void field_writer::float64(std::uint32_t tag, double value) {
  static_assert(sizeof(double) == 8 && std::numeric_limits<double>::is_iec559);
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  std::string v;
  put_fixed64_le(v, bits);
  bytes(tag, v);
}

status field_reader::next(field& out) {
  const std::size_t offset = base_ + (size_ - in_.size());
  std::uint64_t tag = 0;
  std::uint64_t length = 0;
  if (!get_varint(in_, tag))
    return status::corruption(std::string(what_) + ": truncated or malformed tag at offset " +
                              std::to_string(offset));
  if (tag == 0 || tag > std::numeric_limits<std::uint32_t>::max())
    return status::corruption(std::string(what_) + ": invalid field tag " +
                              std::to_string(tag) + " at offset " + std::to_string(offset));
  if (!get_varint(in_, length))
    return status::corruption(std::string(what_) + ": truncated or malformed length of field " +
                              std::to_string(tag) + " at offset " + std::to_string(offset));
  if (length > in_.size())
    return status::corruption(std::string(what_) + ": field " + std::to_string(tag) +
                              " at offset " + std::to_string(offset) + " claims " +
                              std::to_string(length) + " bytes but only " +
                              std::to_string(in_.size()) + " remain");
  out.tag = static_cast<std::uint32_t>(tag);
  out.value = in_.substr(0, static_cast<std::size_t>(length));
  out.offset = offset;
  in_.remove_prefix(static_cast<std::size_t>(length));
  return status::ok();
}

status field_reader::error(const field& f, const std::string& what) const {
  return status::corruption(std::string(what_) + ": field " + std::to_string(f.tag) +
                            " at offset " + std::to_string(f.offset) + ": " + what);
}

status field_reader::as_uint(const field& f, std::uint64_t max, std::uint64_t& v) const {
  std::string_view in = f.value;
  if (!get_varint(in, v) || !in.empty()) return error(f, "value is not a single varint");
  if (v > max)
    return error(f, "value " + std::to_string(v) + " exceeds " + std::to_string(max));
  return status::ok();
}

status field_reader::as_sint(const field& f, std::int64_t min, std::int64_t max,
                             std::int64_t& v) const {
  std::uint64_t raw = 0;
  if (auto s = as_uint(f, std::numeric_limits<std::uint64_t>::max(), raw); !s.is_ok()) return s;
  v = unzigzag(raw);
  if (v < min || v > max) return error(f, "value " + std::to_string(v) + " out of range");
  return status::ok();
}

status field_reader::as_double(const field& f, double& v) const {
  if (f.value.size() != 8) return error(f, "a double needs 8 bytes, got " +
                                           std::to_string(f.value.size()));
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i)
    bits |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(f.value[i])) << (8 * i);
  std::memcpy(&v, &bits, sizeof v);
  return status::ok();
}

std::string frame_record(std::uint8_t version, const std::string& body) {
  std::string out;
  out.reserve(body.size() + 4);
  out.push_back(static_cast<char>(version));
  put_varint(out, body.size());
  out += body;
  return out;
}

status unframe_record(std::string_view bytes, std::uint8_t max_version, const char* what,
                      std::string_view& body, std::size_t& body_offset) {
  const std::string name(what);
  if (bytes.empty()) return status::corruption(name + ": empty record");
  const auto version = static_cast<std::uint8_t>(bytes[0]);
  if (version == 0) return status::corruption(name + ": invalid format version 0");
  if (version > max_version)
    return status::unsupported(name + ": format version " + std::to_string(version) +
                               " is newer than this binary's " + std::to_string(max_version));
  body = bytes.substr(1);
  std::uint64_t length = 0;
  if (!get_varint(body, length) || length != body.size())
    return status::corruption(name + ": truncated or malformed body length");
  body_offset = bytes.size() - body.size();
  return status::ok();
}

status field_reader::as_int64(const field& f, std::int64_t& v) const {
  return as_sint(f, std::numeric_limits<std::int64_t>::min(),
                 std::numeric_limits<std::int64_t>::max(), v);
}

status field_reader::as_uint32(const field& f, std::uint32_t& v) const {
  std::uint64_t wide = 0;
  auto s = as_uint(f, std::numeric_limits<std::uint32_t>::max(), wide);
  v = static_cast<std::uint32_t>(wide);
  return s;
}

}  // namespace cityops::storage::wire
