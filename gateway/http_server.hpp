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
// WebSocket (RFC 6455): when options::upgrade is set, a request carrying
// `Upgrade: websocket` goes to it instead of the handler. The upgrade handler runs on the io
// thread, must not block, and decides at once (upgrade_decision): refuse with an HTTP
// response (sent with Connection: close), or accept — the server then completes the
// handshake (101) and the connection becomes a websocket_channel for the application.
// Outgoing messages wait in a bounded per-connection queue (websocket_accept::max_queued_*):
// a message that would exceed it is refused (send_result::overflow) and the connection is
// closed with 1008 "slow consumer", dropping what was queued — a client that does not read
// costs at most the bound. Incoming messages go to on_message (ping/pong/close are handled
// here). Beast stays inside http_server.cpp and websocket_session.cpp.
//
// Lifecycle: construct, start() once, stop() once (the destructor calls stop(0) if needed).
// start()/stop() are for the owning thread: never call stop() from a handler or io thread.
// stop() closes WebSocket connections with 1001 "server shutting down".

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/http_types.hpp"

namespace cityops::gateway {

// Close codes and the reason the server uses (RFC 6455 §7.4.1).
inline constexpr std::uint16_t websocket_close_normal = 1000;
inline constexpr std::uint16_t websocket_close_going_away = 1001;
inline constexpr std::uint16_t websocket_close_policy = 1008;
inline constexpr std::uint16_t websocket_close_abnormal = 1006;  // reported, never sent
inline constexpr const char* websocket_slow_consumer_reason = "slow consumer";

// One accepted WebSocket connection, as the application sees it. Thread-safe: any thread
// may call any member; nothing blocks. Holding it does not keep the connection open.
class websocket_channel {
 public:
  enum class send_result { queued, closed, overflow };
  virtual ~websocket_channel() = default;

  // Queues one text message. `overflow` when it would take the outgoing queue past its
  // bound: the message is dropped, and so is everything queued, and the connection closes
  // with 1008 "slow consumer". `closed` once the connection is closing or gone.
  virtual send_result send_text(std::shared_ptr<const std::string> text) = 0;
  // Closes after the messages already queued (within close_timeout) with `code` and
  // `reason` (cut to 123 bytes). Later sends answer `closed`. Idempotent.
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual bool is_open() const = 0;

  // Messages and bytes queued but not yet written to the socket, and the most bytes ever
  // queued at once (for tests and metrics).
  virtual std::size_t queued_messages() const = 0;
  virtual std::size_t queued_bytes() const = 0;
  virtual std::size_t peak_queued_bytes() const = 0;
};

// How an accepted WebSocket connection behaves. Callbacks run on the connection's io thread
// and must not block.
struct websocket_accept {
  std::size_t max_queued_messages = 1000;    // outgoing queue bound (count)
  std::size_t max_queued_bytes = 1u << 20;   // outgoing queue bound (bytes, 1 MiB)
  std::size_t max_incoming_bytes = 4096;     // a longer client message: closed with 1009
  // SO_SNDBUF of the connection (0: the OS default, which autotunes up to net.ipv4.tcp_wmem's
  // maximum, megabytes). A fixed size caps what a client that does not read can hold in the
  // kernel on top of the queue bound.
  std::size_t send_buffer_bytes = 0;
  std::chrono::seconds close_timeout{5};     // handshake, closing handshake, and a write
                                             // stalled behind a close; then the TCP
                                             // connection is dropped
  std::chrono::seconds idle_timeout{60};     // nothing received for half of it: ping; for
                                             // all of it: the connection is dropped
  // Once the handshake succeeded: the channel to send on.
  std::function<void(std::shared_ptr<websocket_channel>)> on_open;
  // Each complete message from the client (optional).
  std::function<void(std::string)> on_message;
  // Once, after on_open, when the connection is gone: the close code and reason sent or
  // received (1006 when the TCP connection ended without a closing handshake).
  std::function<void(std::uint16_t code, std::string reason)> on_close;
};

// What an upgrade handler decides: `refuse` set → that response, then the connection
// closes; otherwise the upgrade proceeds with `accept`.
struct upgrade_decision {
  std::optional<http_response> refuse;
  websocket_accept accept;
};
using upgrade_handler = std::function<upgrade_decision(const http_request&)>;

// One request as the server reads it, without a socket (tests and fuzzing drive the
// transport's parsing through this; the server's sessions use the same code).
struct parsed_http_request {
  enum class outcome {
    request,     // complete: `request` is what the handler (or the upgrade handler) gets
    error,       // malformed or over a limit: `error` is answered, then the connection closes
    incomplete,  // `bytes` ended first: the server would wait for more (or close on EOF)
  };
  outcome kind = outcome::incomplete;
  http_request request;
  http_response error;
  std::size_t consumed = 0;  // bytes the request took (the next one starts there)
  bool keep_alive = true;    // whether the connection would stay open after the response
  bool head = false;         // HEAD: the response goes out without its body
  bool websocket_upgrade = false;  // would go to options::upgrade when one is set
};

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
    // Requests with `Upgrade: websocket`; empty: they reach the handler like any request.
    upgrade_handler upgrade;
  };
  using handler = std::function<void(http_request, responder)>;

  // Parses one request from the start of `bytes` with `opts`' body and header limits, as a
  // connection of a server with `opts` would; `remote` becomes http_request::remote.
  // Never throws on any input; the result's error responses are the transport's
  // (400 invalid_request, 413/431 too_large).
  static parsed_http_request parse_request(std::string_view bytes, const options& opts,
                                           std::string remote = {});

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

  // Connections currently open, WebSocket ones included (for /metrics and tests).
  std::size_t connection_count() const;
  // WebSocket connections currently open (handshake done, not yet closed).
  std::size_t websocket_count() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::gateway
