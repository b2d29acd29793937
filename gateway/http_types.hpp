#pragma once
// Transport-neutral HTTP request/response types. Beast and Asio never appear in headers
// outside http_server.cpp: handlers, the router and the actor bridge only see these.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityops::gateway {

// Lower-cases ASCII letters only (header names, methods are compared case-sensitively).
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Decodes %XX escapes (invalid escapes are kept literally); with plus_as_space, '+' becomes
// ' ' (query strings). The result may contain any byte, including NUL and invalid UTF-8.
inline std::string percent_decode(std::string_view in, bool plus_as_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      int hi = hex(in[i + 1]);
      int lo = hex(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

struct http_request {
  std::string method;  // as sent: "GET", "POST", ...
  std::string target;  // raw request-target: "/api/v1/cases?status=open"
  std::string path;    // raw (still percent-encoded) part of target before '?'
  std::multimap<std::string, std::string> query;  // percent-decoded, '+' as space
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;
  std::string remote;  // peer "ip:port"

  // First header with this name (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const {
    std::string lower = ascii_lower(name);
    for (const auto& [k, v] : headers) {
      if (k == lower) return v;
    }
    return {};
  }
  bool has_header(std::string_view name) const {
    std::string lower = ascii_lower(name);
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return h.first == lower; });
  }
  // First value of a query parameter (decoded), nullopt when absent.
  std::optional<std::string> query_param(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";  // empty: no Content-Type header
  std::string body;
  // Extra headers (e.g. Allow, Retry-After, Location). Content-Length, Connection and
  // Transfer-Encoding are managed by the server; "Connection: close" here closes after sending.
  std::vector<std::pair<std::string, std::string>> headers;
};

// Completes one request. Call it exactly once, from any thread: it posts the write to the
// connection's executor and returns at once. Later calls are ignored; calling it after the
// connection (or the whole server) is gone is harmless. Dropping every copy without calling
// it answers 500 `internal` (so a lost reply never hangs a client).
using responder = std::function<void(http_response)>;

}  // namespace cityops::gateway
