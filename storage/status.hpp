#pragma once
// The result of a fallible storage call, in the manner of rocksdb::Status: cheap when ok,
// a code plus a message otherwise. RocksDB's own types never leave storage/.

#include <string>
#include <utility>

namespace cityops::storage {

class status {
 public:
  enum class code { ok = 0, not_found, corruption, io_error, invalid_argument, unsupported };

  status() = default;
  static status ok() { return {}; }
  static status not_found(std::string m) { return {code::not_found, std::move(m)}; }
  static status corruption(std::string m) { return {code::corruption, std::move(m)}; }
  static status io_error(std::string m) { return {code::io_error, std::move(m)}; }
  static status invalid_argument(std::string m) { return {code::invalid_argument, std::move(m)}; }
  static status unsupported(std::string m) { return {code::unsupported, std::move(m)}; }

  bool is_ok() const { return code_ == code::ok; }
  bool is_not_found() const { return code_ == code::not_found; }
  code error_code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string to_string() const;

 private:
  status(code c, std::string m) : code_(c), message_(std::move(m)) {}
  code code_ = code::ok;
  std::string message_;
};

}  // namespace cityops::storage
