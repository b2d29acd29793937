#include "storage/status.hpp"

namespace cityops::storage {

namespace {

const char* code_name(status::code c) {
  switch (c) {
    case status::code::ok:
      return "ok";
    case status::code::not_found:
      return "not_found";
    case status::code::corruption:
      return "corruption";
    case status::code::io_error:
      return "io_error";
    case status::code::invalid_argument:
      return "invalid_argument";
    case status::code::unsupported:
      return "unsupported";
  }
  return "unknown";
}

}  // namespace

std::string status::to_string() const {
  std::string s = code_name(code_);
  if (!message_.empty()) {
    s += ": ";
    s += message_;
  }
  return s;
}

}  // namespace cityops::storage
