#include "gateway/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "gateway/utf8.hpp"

namespace cityops::gateway {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";
constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void json_writer::append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes copied verbatim
  std::size_t i = 0;
  auto flush = [&](std::size_t end) {
    if (end > run) out.append(s.data() + run, end - run);
  };
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      int n = utf8_sequence(s, i);
      if (n > 0) {
        i += static_cast<std::size_t>(n);
        continue;
      }
      flush(i);
      out.append(replacement);
      i += static_cast<std::size_t>(-n);
      run = i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        out.append("\\u00");
        out.push_back(hex_digits[c >> 4]);
        out.push_back(hex_digits[c & 0xF]);
    }
    ++i;
    run = i;
  }
  flush(s.size());
  out.push_back('"');
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

json_writer& json_writer::begin_object() {
  before_value();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

json_writer& json_writer::end_object() {
  out_.push_back('}');
  if (!first_.empty()) first_.pop_back();
  after_key_ = false;
  return *this;
}

json_writer& json_writer::begin_array() {
  before_value();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

json_writer& json_writer::end_array() {
  out_.push_back(']');
  if (!first_.empty()) first_.pop_back();
  after_key_ = false;
  return *this;
}

json_writer& json_writer::key(std::string_view k) {
  before_value();
  append_string(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view s) {
  before_value();
  append_string(out_, s);
  return *this;
}

json_writer& json_writer::value(const char* s) {
  if (s == nullptr) return value(nullptr);
  return value(std::string_view(s));
}

json_writer& json_writer::value(bool b) {
  before_value();
  out_.append(b ? "true" : "false");
  return *this;
}

json_writer& json_writer::value(std::nullptr_t) {
  before_value();
  out_.append("null");
  return *this;
}

json_writer& json_writer::value(double d) {
  if (!std::isfinite(d)) return value(nullptr);
  before_value();
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  if (ec != std::errc()) {
    out_.append("null");
  } else {
    out_.append(buf, end);
  }
  return *this;
}

json_writer& json_writer::write_int(std::int64_t v) {
  before_value();
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, res.ptr);
  return *this;
}

json_writer& json_writer::write_uint(std::uint64_t v) {
  before_value();
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, res.ptr);
  return *this;
}

json_writer& json_writer::raw(std::string_view json) {
  before_value();
  out_.append(json);
  return *this;
}

std::string json_writer::take() {
  std::string out = std::move(out_);
  out_.clear();
  first_.clear();
  after_key_ = false;
  return out;
}

}  // namespace cityops::gateway
