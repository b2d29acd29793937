#pragma once
// The acknowledgement log (--ack-log): one line per created case the service acknowledged,
// `id<TAB>idempotency-key` (`-` without a key), in acknowledgement order. A durability check
// reads it after a crash: every listed id must still exist. Lines are written through a
// stdio buffer and flushed on close (and when the buffer fills); thread-safe.

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace cityops::load {

class ack_log {
 public:
  ack_log() = default;
  ~ack_log();
  ack_log(const ack_log&) = delete;
  ack_log& operator=(const ack_log&) = delete;

  // Creates or truncates `path`; "" when done, else the error.
  std::string open(const std::string& path);
  bool is_open() const { return file_ != nullptr; }
  void append(std::string_view id, std::string_view idempotency_key);
  // Flushes and closes; "" when every write succeeded, else the error.
  std::string close();

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
};

}  // namespace cityops::load
