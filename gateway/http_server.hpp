#pragma once
// HTTP/1.1 server (Beast, async, keep-alive) behind a pimpl: this header includes no Beast or
// Asio, so it is cheap to include. Transport only: it parses requests, calls one handler,
// writes what the responder is given. No actors here; the gateway's bridge does that.
//
// Handler contract:
//  - The handler runs on an io thread, once per complete request. It MUST NOT block (no waiting
//    on actors, files, locks held by slow code): hand the work off and return; complete the
//    request later by calling the responder from any thread (see http_types.hpp).
//  - Requests on one connection are handled one at a time, in order: the next request is read
//    only after the previous response is written.
//  - An exception escaping the handler answers 500 `internal` (if it had not answered yet).
//
// Transport errors answer with api.md's JSON error body and close the connection:
//   body over max_body_bytes -> 413 too_large; headers over max_header_bytes -> 431 too_large;
//   malformed HTTP -> 400 invalid_request; more than max_connections open -> 503 overloaded
//   with Retry-After: 1 (the extra connection is accepted, answered, closed).
// Timeouts close the connection silently: read_timeout bounds reading one request (from its
// first byte; also the first request of a new connection) and writing one response;
// idle_timeout bounds the wait for the next request on a kept-alive connection.
//
// Responses: Server: cityops and Content-Length are set; "Connection: close" from the client or
// in http_response::headers closes after the response; HEAD gets the headers only; 204/304
// never carry a body; a status outside 100..999 becomes 500.
//
// Lifecycle: construct, start() once, stop() once (the destructor calls stop(0) if needed).
// start()/stop() are for the owning thread: never call stop() from a handler or io thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "gateway/http_types.hpp"

namespace cityops::gateway {

class http_server {
 public:
  struct options {
    std::string host = "127.0.0.1";  // IP literal or resolvable name
    std::uint16_t port = 8080;       // 0: pick a free port (see local_address())
    unsigned io_threads = 1;
    std::size_t max_body_bytes = 64 * 1024;
    std::size_t max_header_bytes = 8 * 1024;
    std::chrono::seconds read_timeout{30};
    std::chrono::seconds idle_timeout{60};
    std::size_t max_connections = 10000;
    bool expose_exception_messages = false;  // put what() of handler exceptions in the 500
  };
  using handler = std::function<void(http_request, responder)>;

  http_server(options opts, handler fn);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds, listens and spawns the io threads. False (with a message in `error`) when the
  // address cannot be used or the server was already started.
  bool start(std::string& error);

  // "127.0.0.1:PORT" with the actual port (IPv6: "[::1]:PORT"); "" before start().
  std::string local_address() const;

  // Stops accepting, closes connections waiting for a request, lets requests whose handler
  // is running finish (response written, then closed) for up to `drain`, then closes whatever
  // is left and joins the io threads. Responders called afterwards do nothing.
  void stop(std::chrono::milliseconds drain);

  // Connections currently open (for /metrics and tests).
  std::size_t connection_count() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::gateway
