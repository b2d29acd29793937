#pragma once
// The tag-length-value primitives under storage/event_codec: unsigned LEB128 varints, zig-zag
// for signed integers, 8-byte little-endian doubles, and a bounds-checked field reader.
// Pure functions over bytes; no RocksDB, no domain types. The reader never reads past the
// string_view it was given, whatever the bytes are (fuzzed through event_codec).

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/status.hpp"

namespace cityops::storage::wire {

inline std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
inline std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

void put_varint(std::string& out, std::uint64_t v);
void put_fixed64_le(std::string& out, std::uint64_t v);

// Reads one varint from the front of `in` and removes it. False when `in` ends inside the
// varint or the varint is longer than 10 bytes / overflows 64 bits; `in` is then unspecified.
bool get_varint(std::string_view& in, std::uint64_t& v);

// Appends fields to `out`; each field is varint tag, varint length, value bytes.
class field_writer {
 public:
  explicit field_writer(std::string& out) : out_(out) {}
  void bytes(std::uint32_t tag, std::string_view value);
  void uint(std::uint32_t tag, std::uint64_t value);
  void sint(std::uint32_t tag, std::int64_t value) { uint(tag, zigzag(value)); }
  void float64(std::uint32_t tag, double value);
  // The same, writing nothing for a value at its default ("", 0, 0.0): decoders start from
  // defaults, so an omitted field reads back as it was.
  void bytes_if(std::uint32_t tag, std::string_view value) {
    if (!value.empty()) bytes(tag, value);
  }
  void uint_if(std::uint32_t tag, std::uint64_t value) {
    if (value != 0) uint(tag, value);
  }
  void sint_if(std::uint32_t tag, std::int64_t value) {
    if (value != 0) sint(tag, value);
  }
  void float64_if(std::uint32_t tag, double value) {
    if (value != 0) float64(tag, value);
  }

 private:
  std::string& out_;
};

// A record: format version byte, varint body length, body (the length makes a record cut at a
// field boundary detectable).
std::string frame_record(std::uint8_t version, const std::string& body);
// The body of a framed record of `what` ("alert") whose format versions run 1..max_version;
// `body_offset` is where the body starts. corruption for an empty record, version 0 or a body
// length that does not match; unsupported for a newer version.
status unframe_record(std::string_view bytes, std::uint8_t max_version, const char* what,
                      std::string_view& body, std::size_t& body_offset);

struct field {
  std::uint32_t tag = 0;
  std::string_view value;
  std::size_t offset = 0;  // of the tag, within the reader's input, for error messages
};

// Walks the fields of `in`. `what` names the record in error messages ("event", "snapshot").
class field_reader {
 public:
  field_reader(std::string_view in, std::size_t base_offset, const char* what)
      : in_(in), size_(in.size()), base_(base_offset), what_(what) {}

  bool done() const { return in_.empty(); }
  // The next field; corruption when the tag or length is truncated, the tag is 0 or wider
  // than 32 bits, or the length runs past the end of the input.
  status next(field& out);

  // Typed views of a field's value; corruption when the value is not exactly one varint /
  // eight bytes, or lies outside [0, max] / the int range.
  status as_uint(const field& f, std::uint64_t max, std::uint64_t& v) const;
  status as_sint(const field& f, std::int64_t min, std::int64_t max, std::int64_t& v) const;
  status as_double(const field& f, double& v) const;
  // Any int64; an enum whose values run first..last; a uint32.
  status as_int64(const field& f, std::int64_t& v) const;
  template <class Enum>
  status as_enum(const field& f, Enum first, Enum last, Enum& out) const {
    std::uint64_t v = 0;
    if (auto s = as_uint(f, static_cast<std::uint64_t>(last), v); !s.is_ok()) return s;
    if (v < static_cast<std::uint64_t>(first))
      return error(f, "enum value " + std::to_string(v) + " out of range");
    out = static_cast<Enum>(v);
    return status::ok();
  }
  status as_uint32(const field& f, std::uint32_t& v) const;

  status error(const field& f, const std::string& what) const;

 private:
  std::string_view in_;
  std::size_t size_;
  std::size_t base_;
  const char* what_;
};

// Decodes a framed record into `out` (reset to its defaults first): `decode_field(reader,
// field, out)` takes each field in turn and answers a status.
template <class Record, class DecodeField>
status decode_record(std::string_view bytes, std::uint8_t max_version, const char* what,
                     Record& out, DecodeField decode_field) {
  out = Record{};
  std::string_view body;
  std::size_t offset = 0;
  if (auto s = unframe_record(bytes, max_version, what, body, offset); !s.is_ok()) return s;
  field_reader reader(body, offset, what);
  while (!reader.done()) {
    field f;
    if (auto s = reader.next(f); !s.is_ok()) return s;
    if (auto s = decode_field(reader, f, out); !s.is_ok()) return s;
  }
  return status::ok();
}

}  // namespace cityops::storage::wire
