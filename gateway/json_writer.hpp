#pragma once
// A small streaming JSON writer: compact UTF-8 output, commas handled automatically.
//
//   json_writer w;
//   w.begin_object().key("id").value(id).key("tags").begin_array().value("a").end_array()
//    .end_object();
//   std::string body = w.take();
//
// Strings are escaped (quote, backslash, control characters); valid UTF-8 passes through
// unchanged and every invalid byte sequence becomes U+FFFD. Doubles use the shortest text that
// round-trips; NaN and infinities are written as null. The writer does not validate structure
// (a value in an object without a key, unbalanced ends): callers are trusted code.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace cityops::gateway {

class json_writer {
 public:
  json_writer() = default;

  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  json_writer& key(std::string_view k);

  json_writer& value(std::string_view s);
  json_writer& value(const char* s);  // nullptr writes null
  json_writer& value(bool b);
  json_writer& value(double d);
  json_writer& value(std::nullptr_t);
  json_writer& null() { return value(nullptr); }
  // Any integer type except bool (and char types, which would be surprising).
  template <class T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                 !std::is_same_v<T, char>,
                             int> = 0>
  json_writer& value(T v) {
    if constexpr (std::is_signed_v<T>) {
      return write_int(static_cast<std::int64_t>(v));
    } else {
      return write_uint(static_cast<std::uint64_t>(v));
    }
  }
  // Inserts already-serialized JSON as one value (trusted: not checked).
  json_writer& raw(std::string_view json);

  // Shorthand for key(k).value(v).
  template <class V>
  json_writer& member(std::string_view k, V&& v) {
    key(k);
    return value(std::forward<V>(v));
  }

  const std::string& str() const { return out_; }
  std::string take();  // returns the text and resets the writer
  void reserve(std::size_t n) { out_.reserve(n); }

  // Appends s to out as a quoted JSON string (escaping + UTF-8 repair).
  static void append_string(std::string& out, std::string_view s);

 private:
  json_writer& write_int(std::int64_t v);
  json_writer& write_uint(std::uint64_t v);
  void before_value();

  std::string out_;
  std::vector<bool> first_;  // one entry per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace cityops::gateway
