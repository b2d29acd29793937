#pragma once
// A small streaming JSON writer for the evaluation's result file: objects, arrays, strings
// (", \ and control characters escaped, UTF-8 as is), numbers (non-finite ones as null)
// and booleans. Commas are placed by the writer; the caller keeps the nesting balanced.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::eval {

class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  // The key of the next value inside an object.
  json_writer& key(std::string_view k);
  json_writer& value(std::string_view s);
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(double d);
  json_writer& value(std::uint64_t n);
  json_writer& value(int n) { return value(static_cast<double>(n)); }
  json_writer& value(bool b);

  const std::string& str() const { return out_; }

 private:
  void separate();
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace cityops::eval
