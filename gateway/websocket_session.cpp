// The WebSocket side of the HTTP server (Beast): an upgraded connection, its bounded
// outgoing queue and the channel the application sends on. See http_server.hpp for the
// contract; http_server.cpp hands connections over through start_websocket().
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <deque>
#include <exception>
#include <utility>

#include "gateway/http_server_impl.hpp"

namespace cityops::gateway::http_detail {
namespace {

namespace websocket = beast::websocket;

class ws_session;

// The application's handle. Counts what is queued (posted to the session and not yet
// written) with atomics, so the bound holds whatever thread sends and however far behind
// the io thread is; the session subtracts as messages are written or dropped.
class ws_channel final : public websocket_channel {
 public:
  ws_channel(std::shared_ptr<reply_gate> gate, std::weak_ptr<ws_session> session,
             std::size_t max_messages, std::size_t max_bytes)
      : gate_(std::move(gate)),
        session_(std::move(session)),
        max_messages_(max_messages),
        max_bytes_(max_bytes) {}

  send_result send_text(std::shared_ptr<const std::string> text) override;
  void close(std::uint16_t code, std::string reason) override;
  bool is_open() const override { return !closing_.load(std::memory_order_acquire); }
  std::size_t queued_messages() const override { return messages_.load(); }
  std::size_t queued_bytes() const override { return bytes_.load(); }
  std::size_t peak_queued_bytes() const override { return peak_.load(); }

  // From the session (its strand): one queued message left the queue (written or dropped).
  void release(std::size_t size) {
    messages_.fetch_sub(1, std::memory_order_acq_rel);
    bytes_.fetch_sub(size, std::memory_order_acq_rel);
  }
  // From the session: no more sends.
  void mark_closing() { closing_.store(true, std::memory_order_release); }

 private:
  // Runs `f(session)` on the session's executor; false when the session or server is gone.
  // The channel holds no executor of its own: it outlives the server in whoever keeps it
  // (the feed hub), and a strand must not outlive its io_context.
  template <class F>
  bool post(F f);

  std::shared_ptr<reply_gate> gate_;
  std::weak_ptr<ws_session> session_;
  const std::size_t max_messages_;
  const std::size_t max_bytes_;
  std::atomic<bool> closing_{false};
  std::atomic<std::size_t> messages_{0};
  std::atomic<std::size_t> bytes_{0};
  std::atomic<std::size_t> peak_{0};
};

class ws_session final : public tracked_connection,
                         public std::enable_shared_from_this<ws_session> {
 public:
  ws_session(server_core& core, beast::tcp_stream&& stream, websocket_accept accept,
             bool counted)
      : core_(core),
        ws_(std::move(stream)),
        ex_(ws_.get_executor()),
        close_timer_(ex_),
        accept_(std::move(accept)),
        counted_(counted) {}
  ~ws_session() override { core_.unregister_session(this, counted_); }
  ws_session(const ws_session&) = delete;
  ws_session& operator=(const ws_session&) = delete;

  asio::any_io_executor executor() const override { return ex_; }
  void on_stop() override {
    begin_close(websocket_close_going_away, "server shutting down", /*drop_queued=*/true);
  }
  void abandon() override {
    drop_connection();
    finish(websocket_close_abnormal, "server stopped");
  }

  void run(http::request<http::string_body>&& req);

  // Posted by the channel.
  void enqueue(std::shared_ptr<const std::string> text);
  void overflow() {
    begin_close(websocket_close_policy, websocket_slow_consumer_reason, /*drop_queued=*/true);
  }
  void begin_close(std::uint16_t code, std::string reason, bool drop_queued);

 private:
  enum class state { handshake, open, closing, closed };

  void on_handshake(beast::error_code ec);
  void read_next();
  void on_read(beast::error_code ec, std::size_t n);
  void write_next();
  void on_write(beast::error_code ec, std::size_t n);
  void send_close();
  void on_closed(beast::error_code ec);
  void drop_queue();
  void drop_connection();
  void finish(std::uint16_t code, std::string reason);

  server_core& core_;
  websocket::stream<beast::tcp_stream> ws_;
  const asio::any_io_executor ex_;
  asio::steady_timer close_timer_;
  websocket_accept accept_;
  bool counted_;
  state state_ = state::handshake;
  std::shared_ptr<ws_channel> channel_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // front is being written if writing_
  bool writing_ = false;
  bool close_sent_ = false;
  std::uint16_t close_code_ = websocket_close_normal;
  std::string close_reason_;
  beast::flat_buffer read_buffer_;
  bool opened_ = false;    // on_open was called
  bool finished_ = false;  // on_close was called (or will never be)
};

template <class F>
bool ws_channel::post(F f) {
  std::lock_guard<std::mutex> lock(gate_->m);
  if (!gate_->open) return false;
  std::shared_ptr<ws_session> s = session_.lock();
  if (!s) return false;
  const asio::any_io_executor ex = s->executor();
  asio::post(ex, [s = std::move(s), f = std::move(f)]() mutable { f(*s); });
  return true;
}

websocket_channel::send_result ws_channel::send_text(std::shared_ptr<const std::string> text) {
  if (!text || closing_.load(std::memory_order_acquire)) return send_result::closed;
  const std::size_t size = text->size();
  const std::size_t n = messages_.fetch_add(1, std::memory_order_acq_rel) + 1;
  const std::size_t b = bytes_.fetch_add(size, std::memory_order_acq_rel) + size;
  if (n > max_messages_ || b > max_bytes_) {
    release(size);
    if (!closing_.exchange(true, std::memory_order_acq_rel))
      post([](ws_session& s) { s.overflow(); });
    return send_result::overflow;
  }
  std::size_t peak = peak_.load(std::memory_order_relaxed);
  while (b > peak && !peak_.compare_exchange_weak(peak, b, std::memory_order_relaxed)) {
  }
  if (!post([text = std::move(text)](ws_session& s) mutable { s.enqueue(std::move(text)); })) {
    release(size);
    closing_.store(true, std::memory_order_release);
    return send_result::closed;
  }
  return send_result::queued;
}

void ws_channel::close(std::uint16_t code, std::string reason) {
  if (closing_.exchange(true, std::memory_order_acq_rel)) return;
  post([code, reason = std::move(reason)](ws_session& s) mutable {
    s.begin_close(code, std::move(reason), /*drop_queued=*/false);
  });
}

// ---- ws_session ---------------------------------------------------------------------------

void ws_session::run(http::request<http::string_body>&& req) {
  if (!core_.register_session(shared_from_this())) {
    finished_ = true;
    drop_connection();
    return;
  }
  // Beast's own timers from here on; the TCP stream's would cut long-lived connections.
  beast::get_lowest_layer(ws_).expires_never();
  if (accept_.send_buffer_bytes > 0) {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(
        asio::socket_base::send_buffer_size(static_cast<int>(accept_.send_buffer_bytes)),
        ignored);
  }
  websocket::stream_base::timeout t;
  t.handshake_timeout = accept_.close_timeout;
  t.idle_timeout = accept_.idle_timeout;
  t.keep_alive_pings = true;
  ws_.set_option(t);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "cityops"); }));
  ws_.read_message_max(accept_.max_incoming_bytes);
  ws_.async_accept(req, beast::bind_front_handler(&ws_session::on_handshake, shared_from_this()));
}

void ws_session::on_handshake(beast::error_code ec) {
  if (finished_) return;  // stop() came first
  if (ec) {  // Beast answered the bad handshake itself
    finished_ = true;
    drop_connection();
    return;
  }
  state_ = state::open;
  core_.websockets.fetch_add(1, std::memory_order_acq_rel);
  channel_ = std::make_shared<ws_channel>(core_.gate, weak_from_this(),
                                          std::max<std::size_t>(1, accept_.max_queued_messages),
                                          accept_.max_queued_bytes);
  opened_ = true;
  read_next();
  if (accept_.on_open) {
    try {
      accept_.on_open(channel_);
    } catch (...) {
      begin_close(1011, "internal error", true);
      return;
    }
  }
  if (core_.stopping.load(std::memory_order_acquire))
    begin_close(websocket_close_going_away, "server shutting down", true);
}

void ws_session::read_next() {
  ws_.async_read(read_buffer_,
                 beast::bind_front_handler(&ws_session::on_read, shared_from_this()));
}

void ws_session::on_read(beast::error_code ec, std::size_t) {
  if (ec) {
    if (ec == websocket::error::closed) {  // the peer closed; Beast answered and tore down
      const auto& r = ws_.reason();
      if (close_sent_)
        finish(close_code_, close_reason_);
      else
        finish(r.code, std::string(r.reason.c_str()));
      return;
    }
    if (state_ == state::closing && ec == asio::error::operation_aborted) return;  // ours
    drop_connection();
    finish(close_sent_ ? close_code_ : websocket_close_abnormal,
           close_sent_ ? close_reason_ : ec.message());
    return;
  }
  if (state_ == state::open && accept_.on_message) {
    try {
      accept_.on_message(beast::buffers_to_string(read_buffer_.data()));
    } catch (...) {
    }
  }
  read_buffer_.consume(read_buffer_.size());
  read_next();
}

void ws_session::enqueue(std::shared_ptr<const std::string> text) {
  if (state_ != state::open) {
    channel_->release(text->size());
    return;
  }
  queue_.push_back(std::move(text));
  if (!writing_) write_next();
}

void ws_session::write_next() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(asio::buffer(*queue_.front()),
                  beast::bind_front_handler(&ws_session::on_write, shared_from_this()));
}

void ws_session::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  if (!queue_.empty()) {
    channel_->release(queue_.front()->size());
    queue_.pop_front();
  }
  if (ec) {
    drop_connection();
    finish(close_sent_ ? close_code_ : websocket_close_abnormal,
           close_sent_ ? close_reason_ : ec.message());
    return;
  }
  if (state_ == state::closing) {
    if (queue_.empty())
      send_close();
    else
      write_next();
    return;
  }
  if (state_ == state::open && !queue_.empty()) write_next();
}

void ws_session::drop_queue() {
  // The front stays while it is being written: its buffer must outlive the write.
  const std::size_t keep = writing_ ? 1 : 0;
  while (queue_.size() > keep) {
    channel_->release(queue_.back()->size());
    queue_.pop_back();
  }
}

void ws_session::begin_close(std::uint16_t code, std::string reason, bool drop_queued) {
  if (state_ == state::handshake) {  // stop() during the handshake
    finished_ = true;
    drop_connection();
    return;
  }
  if (state_ != state::open) {
    // Already closing: a slow consumer or a stop() drops what still waits.
    if (state_ == state::closing && drop_queued) drop_queue();
    return;
  }
  state_ = state::closing;
  channel_->mark_closing();
  close_code_ = code;
  if (reason.size() > 123) reason.resize(123);  // a close frame's reason: at most 123 bytes
  close_reason_ = std::move(reason);
  if (drop_queued) drop_queue();
  // Bounds the whole close: a write stalled on a client that does not read, then the
  // closing handshake. Past it the TCP connection is dropped.
  close_timer_.expires_after(accept_.close_timeout);
  close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec) return;  // cancelled: closed in time
    self->drop_connection();
    self->finish(self->close_code_, self->close_reason_);
  });
  if (writing_) return;  // on_write goes on
  if (queue_.empty())
    send_close();
  else
    write_next();
}

void ws_session::send_close() {
  if (close_sent_ || finished_) return;
  close_sent_ = true;
  const websocket::close_reason why(static_cast<websocket::close_code>(close_code_),
                                    close_reason_);
  ws_.async_close(why, beast::bind_front_handler(&ws_session::on_closed, shared_from_this()));
}

void ws_session::on_closed(beast::error_code ec) {
  if (ec) drop_connection();
  finish(close_code_, close_reason_);
}

void ws_session::drop_connection() {
  beast::error_code ignored;
  auto& sock = beast::get_lowest_layer(ws_).socket();
  if (sock.is_open()) {
    sock.shutdown(tcp::socket::shutdown_both, ignored);
    sock.close(ignored);
  }
}

// Once per session: the application hears the end (if it saw the start), the queue empties.
void ws_session::finish(std::uint16_t code, std::string reason) {
  if (finished_) return;
  finished_ = true;
  const bool was_open = opened_;
  state_ = state::closed;
  close_timer_.cancel();
  if (channel_) {
    channel_->mark_closing();
    drop_queue();
  }
  drop_connection();  // after a clean close the socket is closed already: no-op
  if (was_open) {
    core_.websockets.fetch_sub(1, std::memory_order_acq_rel);
    if (accept_.on_close) {
      try {
        accept_.on_close(code, std::move(reason));
      } catch (...) {
      }
    }
  }
}

}  // namespace

bool is_websocket_upgrade(const http::request<http::string_body>& req) {
  return websocket::is_upgrade(req);
}

void start_websocket(server_core& core, beast::tcp_stream&& stream,
                     http::request<http::string_body>&& req, websocket_accept accept,
                     bool counted) {
  auto s = std::make_shared<ws_session>(core, std::move(stream), std::move(accept), counted);
  s->run(std::move(req));
}

}  // namespace cityops::gateway::http_detail
