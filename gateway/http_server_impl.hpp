#pragma once
// Internal to the HTTP server: included only by http_server.cpp, http_session.cpp and
// websocket_session.cpp (it pulls in Beast and Asio — slow to compile; never include it
// anywhere else). The state they share: the connection registry that stop() drains, the reply gate, and the hand-over
// of an upgraded connection to a WebSocket session.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "gateway/http_server.hpp"

namespace cityops::gateway::http_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Responders and WebSocket channels check this before touching a connection: once stop()
// closes it (before the io_context is stopped and destroyed), late calls do nothing.
struct reply_gate {
  std::mutex m;
  bool open = true;
};

// An open connection (HTTP or WebSocket), as stop() sees it.
class tracked_connection {
 public:
  virtual ~tracked_connection() = default;
  virtual asio::any_io_executor executor() const = 0;
  // On the connection's executor, when stop() begins: finish or close soon.
  virtual void on_stop() = 0;
  // After the io threads are joined (no concurrent access): close at once.
  virtual void abandon() = 0;
};

struct server_core {
  server_core(http_server::options o, http_server::handler h)
      : opts(std::move(o)),
        fn(std::move(h)),
        ioc(static_cast<int>(std::max(1u, opts.io_threads))) {}

  bool register_session(const std::shared_ptr<tracked_connection>& s);
  void unregister_session(tracked_connection* s, bool counted);
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket sock);

  http_server::options opts;
  http_server::handler fn;
  std::shared_ptr<reply_gate> gate = std::make_shared<reply_gate>();

  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> counted_sessions{0};  // against max_connections
  std::atomic<std::size_t> websockets{0};        // open WebSocket connections

  mutable std::mutex reg_m;
  std::condition_variable reg_cv;
  // guarded by reg_m
  std::unordered_map<tracked_connection*, std::weak_ptr<tracked_connection>> sessions;
  bool registration_closed = false;  // guarded by reg_m

  std::string local;
  std::vector<std::thread> threads;
  enum class state { fresh, running, stopped } st = state::fresh;

  // Declared last, destroyed first: the acceptor, timer and guard, then the io_context, whose
  // destruction frees sessions still held by queued handlers while the registry above lives.
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> accept_retry;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
};

// websocket_session.cpp:
// Whether `req` asks for a WebSocket upgrade (GET, Connection: upgrade, Upgrade: websocket).
bool is_websocket_upgrade(const http::request<http::string_body>& req);
// Takes over an HTTP connection whose upgrade was accepted: completes the handshake on
// `stream` and runs the WebSocket session. Call on the connection's executor. `counted`
// hands over the connection's slot against max_connections.
void start_websocket(server_core& core, beast::tcp_stream&& stream,
                     http::request<http::string_body>&& req, websocket_accept accept,
                     bool counted);

// http_session.cpp: one accepted connection, started on its own strand.
void start_http_session(server_core& core, tcp::socket&& sock, bool counted);

// "host:port", IPv6 in brackets.
std::string format_endpoint(const tcp::endpoint& ep);

// Request shaping shared by sessions and http_server::parse_request (http_session.cpp).
void apply_limits(http::request_parser<http::string_body>& parser,
                  const http_server::options& opts);
// What a read error is answered with before the connection closes; nullopt: close silently.
std::optional<http_response> read_error_response(const beast::error_code& ec,
                                                 const http_server::options& opts);
// The handler's view of a parsed request; takes the body out of `req`.
http_request to_http_request(http::request<http::string_body>& req, const std::string& remote);

}  // namespace cityops::gateway::http_detail
