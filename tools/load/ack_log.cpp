#include "tools/load/ack_log.hpp"

#include <cerrno>
#include <cstring>

namespace cityops::load {

ack_log::~ack_log() { close(); }

std::string ack_log::open(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  file_ = std::fopen(path.c_str(), "w");
  if (!file_) return path + ": " + std::strerror(errno);
  return "";
}

void ack_log::append(std::string_view id, std::string_view idempotency_key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_) return;
  std::string line;
  line.reserve(id.size() + idempotency_key.size() + 2);
  line.append(id);
  line.push_back('\t');
  line.append(idempotency_key.empty() ? std::string_view("-") : idempotency_key);
  line.push_back('\n');
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) failed_ = true;
}

std::string ack_log::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!file_) return "";
  const bool ok = std::fflush(file_) == 0 && !failed_;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  return ok && closed ? "" : "ack log: write failed";
}

}  // namespace cityops::load
