// One HTTP/1.1 connection of the server (Beast/Asio, slow to compile): reads a request with
// the limits, hands it to the handler, writes the response, keeps alive or closes; and the
// request-shaping helpers http_server::parse_request shares with it. The server core is in
// http_server.cpp, the WebSocket side in websocket_session.cpp.
#include "gateway/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <limits>
#include <utility>

#include "gateway/error_json.hpp"
#include "gateway/http_server_impl.hpp"

namespace cityops::gateway {
namespace http_detail {

namespace {

bool is_http_parse_error(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

// RFC 9110 token characters: anything else makes a header name unusable.
bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Header values from handlers must not smuggle line breaks into the response.
std::string sanitize_header(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return out;
}

constexpr std::size_t max_linger_bytes = 1024 * 1024;
constexpr auto linger_time = std::chrono::seconds(2);

}  // namespace

std::string format_endpoint(const tcp::endpoint& ep) {
  std::string addr = ep.address().to_string();
  if (ep.address().is_v6()) addr = "[" + addr + "]";
  return addr + ":" + std::to_string(ep.port());
}

// The limits of `opts` on a fresh parser.
void apply_limits(http::request_parser<http::string_body>& parser,
                  const http_server::options& opts) {
  parser.body_limit(static_cast<std::uint64_t>(opts.max_body_bytes));
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(opts.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
}

// What a read error is answered with before the connection closes; nullopt: close silently
// (peer closed, timeout, reset, stop()).
std::optional<http_response> read_error_response(const beast::error_code& ec,
                                                 const http_server::options& opts) {
  if (ec == http::error::body_limit) {
    return error_response(413, "too_large",
                          "request body exceeds " + std::to_string(opts.max_body_bytes) +
                              " bytes");
  }
  if (ec == http::error::header_limit) {
    return error_response(431, "too_large",
                          "request header exceeds " + std::to_string(opts.max_header_bytes) +
                              " bytes");
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      !is_http_parse_error(ec)) {
    return std::nullopt;
  }
  return error_response(400, "invalid_request", "malformed HTTP request: " + ec.message());
}

// The handler's view of a parsed request; takes the body out of `req`.
http_request to_http_request(http::request<http::string_body>& req, const std::string& remote) {
  http_request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  std::string_view target = r.target;
  std::size_t q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    std::string_view qs = target.substr(q + 1);
    while (!qs.empty()) {
      std::size_t amp = qs.find('&');
      std::string_view item = qs.substr(0, amp);
      if (!item.empty()) {
        std::size_t eq = item.find('=');
        std::string_view k = item.substr(0, eq);
        std::string_view v = eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1);
        r.query.emplace(percent_decode(k, true), percent_decode(v, true));
      }
      if (amp == std::string_view::npos) break;
      qs.remove_prefix(amp + 1);
    }
  }
  r.headers.reserve(16);
  for (const auto& f : req) {
    r.headers.emplace_back(ascii_lower(f.name_string()), std::string(f.value()));
  }
  r.body = std::move(req.body());
  r.remote = remote;
  return r;
}

class session final : public tracked_connection, public std::enable_shared_from_this<session> {
 public:
  session(server_core& core, tcp::socket&& sock, bool counted)
      : core_(core), stream_(std::move(sock)), ex_(stream_.get_executor()), counted_(counted) {}
  ~session() override { core_.unregister_session(this, counted_); }
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  asio::any_io_executor executor() const override { return ex_; }

  void start();
  void on_stop() override;
  void abandon() override { close_now(); }  // io threads joined: no concurrent access
  void on_response(http_response r);

 private:
  enum class phase { reading, handling, writing, closing, closed };

  void read_request();
  void on_first_bytes(beast::error_code ec, std::size_t n);
  void read_header();
  void on_header(beast::error_code ec, std::size_t n);
  void on_continue_written(beast::error_code ec, std::size_t n);
  void read_body();
  void on_body(beast::error_code ec, std::size_t n);
  void on_read_error(beast::error_code ec);
  void on_request();
  void on_upgrade(http::request<http::string_body>&& req, const http_request& r);
  void write_response(http_response r, bool keep_alive, bool linger);
  void on_write(beast::error_code ec, std::size_t n);
  void graceful_close(bool linger);
  void drain();
  void on_drain(beast::error_code ec, std::size_t n);
  void close_now();

  server_core& core_;
  beast::tcp_stream stream_;
  const asio::any_io_executor ex_;
  bool counted_;  // handed to the WebSocket session on an upgrade
  phase phase_ = phase::reading;
  bool first_request_ = true;
  bool head_request_ = false;
  bool keep_alive_ = true;
  bool close_after_write_ = false;
  bool linger_ = false;
  unsigned version_ = 11;
  std::chrono::steady_clock::time_point request_deadline_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::shared_ptr<session> self_keep_;  // while a handler owes a response
  std::string remote_;
  std::array<char, 4096> drain_buf_{};
  std::size_t drained_ = 0;
};

// Shared by all copies of one request's responder.
struct reply_slot {
  reply_slot(std::shared_ptr<reply_gate> g, std::weak_ptr<session> s)
      : gate(std::move(g)), target(std::move(s)) {}
  reply_slot(const reply_slot&) = delete;
  reply_slot& operator=(const reply_slot&) = delete;
  ~reply_slot() {
    if (done.load(std::memory_order_acquire)) return;
    try {
      deliver(error_response(500, "internal", "the request was dropped without a response"));
    } catch (...) {
    }
  }

  void deliver(http_response r) {
    if (done.exchange(true, std::memory_order_acq_rel)) return;
    std::lock_guard<std::mutex> lock(gate->m);
    if (!gate->open) return;
    std::shared_ptr<session> s = target.lock();
    if (!s) return;
    const asio::any_io_executor ex = s->executor();
    asio::post(ex, [s = std::move(s), r = std::move(r)]() mutable {
      s->on_response(std::move(r));
    });
  }

  std::shared_ptr<reply_gate> gate;
  std::weak_ptr<session> target;
  std::atomic<bool> done{false};
};

// ---- session ------------------------------------------------------------------------------

void session::start() {
  if (!core_.register_session(shared_from_this())) {
    close_now();
    return;
  }
  beast::error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = format_endpoint(ep);
  if (!counted_) {
    write_response(overloaded_response("too many open connections", 1), false, true);
    return;
  }
  read_request();
}

void session::on_stop() {
  if (phase_ == phase::reading || phase_ == phase::closing) close_now();
  // handling / writing: the response goes out, then the connection closes (stopping is set).
}

void session::read_request() {
  if (core_.stopping.load(std::memory_order_acquire)) {
    close_now();
    return;
  }
  phase_ = phase::reading;
  head_request_ = false;
  parser_.emplace();
  apply_limits(*parser_, core_.opts);
  if (!first_request_ && buffer_.size() == 0) {
    // Kept-alive connection waiting for its next request: the idle timeout applies until the
    // first byte arrives, then the read timeout.
    stream_.expires_after(core_.opts.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&session::on_first_bytes,
                                                      shared_from_this()));
    return;
  }
  first_request_ = false;
  read_header();
}

void session::on_first_bytes(beast::error_code ec, std::size_t n) {
  if (ec) {
    close_now();  // idle timeout, peer closed, or stop()
    return;
  }
  buffer_.commit(n);
  read_header();
}

void session::read_header() {
  request_deadline_ = std::chrono::steady_clock::now() + core_.opts.read_timeout;
  stream_.expires_at(request_deadline_);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&session::on_header, shared_from_this()));
}

void session::on_header(beast::error_code ec, std::size_t) {
  if (ec) {
    on_read_error(ec);
    return;
  }
  if (parser_->is_done()) {
    on_request();
    return;
  }
  const auto& req = parser_->get();
  auto expect = req.find(http::field::expect);
  if (expect != req.end() && beast::iequals(expect->value(), "100-continue")) {
    static const std::string continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(core_.opts.read_timeout);
    asio::async_write(stream_, asio::buffer(continue_line),
                      beast::bind_front_handler(&session::on_continue_written,
                                                shared_from_this()));
    return;
  }
  read_body();
}

void session::on_continue_written(beast::error_code ec, std::size_t) {
  if (ec) {
    close_now();
    return;
  }
  // The client starts sending the body only now.
  request_deadline_ = std::chrono::steady_clock::now() + core_.opts.read_timeout;
  read_body();
}

void session::read_body() {
  stream_.expires_at(request_deadline_);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&session::on_body, shared_from_this()));
}

void session::on_body(beast::error_code ec, std::size_t) {
  if (ec) {
    on_read_error(ec);
    return;
  }
  on_request();
}

void session::on_read_error(beast::error_code ec) {
  if (phase_ != phase::reading) return;
  if (auto res = read_error_response(ec, core_.opts)) {
    write_response(std::move(*res), false, true);
  } else {
    close_now();  // peer closed, timeout, reset, stop()
  }
}

void session::on_request() {
  http::request<http::string_body> req = parser_->release();
  parser_.reset();
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  head_request_ = req.method() == http::verb::head;

  http_request r = to_http_request(req, remote_);

  if (core_.opts.upgrade && is_websocket_upgrade(req)) {
    on_upgrade(std::move(req), r);
    return;
  }

  phase_ = phase::handling;
  self_keep_ = shared_from_this();
  stream_.expires_never();
  auto slot = std::make_shared<reply_slot>(core_.gate, weak_from_this());
  responder respond = [slot](http_response res) { slot->deliver(std::move(res)); };
  try {
    core_.fn(std::move(r), respond);
  } catch (const std::exception& e) {
    respond(error_response(500, "internal",
                           core_.opts.expose_exception_messages
                               ? std::string("internal error: ") + e.what()
                               : std::string("internal error")));
  } catch (...) {
    respond(error_response(500, "internal", "internal error"));
  }
}

// The upgrade handler decides at once: an HTTP refusal (then close), or the hand-over of
// the socket to a WebSocket session, which owns it from then on.
void session::on_upgrade(http::request<http::string_body>&& req, const http_request& r) {
  upgrade_decision decision;
  try {
    decision = core_.opts.upgrade(r);
  } catch (const std::exception& e) {
    decision.refuse = error_response(500, "internal",
                                     core_.opts.expose_exception_messages
                                         ? std::string("internal error: ") + e.what()
                                         : std::string("internal error"));
  } catch (...) {
    decision.refuse = error_response(500, "internal", "internal error");
  }
  if (decision.refuse || core_.stopping.load(std::memory_order_acquire)) {
    if (!decision.refuse) decision.refuse = error_response(503, "overloaded", "shutting down");
    write_response(std::move(*decision.refuse), false, false);
    return;
  }
  phase_ = phase::closed;  // the stream is the WebSocket session's now
  const bool counted = counted_;
  counted_ = false;
  start_websocket(core_, std::move(stream_), std::move(req), std::move(decision.accept),
                  counted);
}

void session::on_response(http_response r) {
  if (phase_ != phase::handling) return;  // closed meanwhile
  self_keep_.reset();                     // the posted handler holds us now
  write_response(std::move(r), keep_alive_ && !core_.stopping.load(std::memory_order_acquire),
                 false);
}

void session::write_response(http_response r, bool keep_alive, bool linger) {
  res_ = {};
  res_.version(version_);
  int status = r.status;
  if (status < 100 || status > 999) status = 500;
  res_.result(static_cast<unsigned>(status));
  res_.set(http::field::server, "cityops");
  if (!r.content_type.empty()) res_.set(http::field::content_type, sanitize_header(r.content_type));
  for (const auto& [name, value] : r.headers) {
    std::string lower = ascii_lower(name);
    if (!valid_header_name(name) || lower == "content-length" || lower == "transfer-encoding" ||
        lower == "server") {
      continue;
    }
    if (lower == "connection") {
      if (beast::iequals(value, "close")) keep_alive = false;
      continue;
    }
    res_.insert(name, sanitize_header(value));
  }
  const bool bodyless = status < 200 || status == 204 || status == 304;
  if (!bodyless) {
    res_.body() = std::move(r.body);
    res_.prepare_payload();
    if (head_request_) res_.body().clear();  // Content-Length stays: that of the GET body
  }
  res_.keep_alive(keep_alive);
  close_after_write_ = !keep_alive;
  linger_ = linger;
  phase_ = phase::writing;
  stream_.expires_after(core_.opts.read_timeout);
  http::async_write(stream_, res_,
                    beast::bind_front_handler(&session::on_write, shared_from_this()));
}

void session::on_write(beast::error_code ec, std::size_t) {
  if (ec) {
    close_now();
    return;
  }
  res_ = {};
  if (close_after_write_) {
    graceful_close(linger_);
    return;
  }
  read_request();
}

// Sends FIN; with linger, keeps reading (and discarding) briefly so that unread request bytes
// do not turn the close into a reset that could destroy the response before the client reads it.
void session::graceful_close(bool linger) {
  phase_ = phase::closing;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (!linger || ec || core_.stopping.load(std::memory_order_acquire)) {
    close_now();
    return;
  }
  stream_.expires_after(linger_time);
  drain();
}

void session::drain() {
  stream_.async_read_some(asio::buffer(drain_buf_),
                          beast::bind_front_handler(&session::on_drain, shared_from_this()));
}

void session::on_drain(beast::error_code ec, std::size_t n) {
  drained_ += n;
  if (ec || phase_ != phase::closing || drained_ > max_linger_bytes) {
    close_now();
    return;
  }
  drain();
}

void session::close_now() {
  if (phase_ == phase::closed) return;
  phase_ = phase::closed;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();  // cancels the timer and pending operations
  auto keep = std::move(self_keep_);  // may be the last reference: released on return
}

void start_http_session(server_core& core, tcp::socket&& sock, bool counted) {
  auto s = std::make_shared<session>(core, std::move(sock), counted);
  const asio::any_io_executor ex = s->executor();
  asio::post(ex, [s] { s->start(); });
}

}  // namespace http_detail
}  // namespace cityops::gateway
