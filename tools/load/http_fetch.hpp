#pragma once
// One blocking HTTP GET (or POST) with a deadline, for the start of a run (the catalogue), for
// checks afterwards and for tools that post batches (cityops-replay). A fresh connection per
// call; Beast stays inside the .cpp.

#include <chrono>
#include <cstdint>
#include <string>

namespace cityops::load {

struct fetch_result {
  int status = 0;      // 0 when no answer came
  std::string body;
  std::string error;   // transport problem ("" when an answer came)
};

// GET http://host:port/target with `Authorization: Bearer token` (none when token is "").
fetch_result http_get(const std::string& host, std::uint16_t port, const std::string& target,
                      const std::string& token,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

// POST `body` (application/json) likewise.
fetch_result http_post(const std::string& host, std::uint16_t port, const std::string& target,
                       const std::string& token, std::string body,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace cityops::load
