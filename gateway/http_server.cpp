// The HTTP server's core (accepting, counting and stopping connections) and
// http_server::parse_request; one connection's HTTP side is in http_session.cpp, the
// WebSocket side in websocket_session.cpp, the state they share in http_server_impl.hpp.
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

// ---- server core --------------------------------------------------------------------------

bool server_core::register_session(const std::shared_ptr<tracked_connection>& s) {
  std::lock_guard<std::mutex> lock(reg_m);
  if (registration_closed) return false;
  sessions.emplace(s.get(), s);
  return true;
}

void server_core::unregister_session(tracked_connection* s, bool counted) {
  if (counted) counted_sessions.fetch_sub(1, std::memory_order_acq_rel);
  std::lock_guard<std::mutex> lock(reg_m);
  sessions.erase(s);
  if (sessions.empty()) reg_cv.notify_all();
}

void server_core::do_accept() {
  acceptor->async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket sock) {
    on_accept(ec, std::move(sock));
  });
}

void server_core::on_accept(beast::error_code ec, tcp::socket sock) {
  if (stopping.load(std::memory_order_acquire) || ec == asio::error::operation_aborted ||
      !acceptor->is_open()) {
    return;
  }
  if (ec) {
    // Typically EMFILE/ENFILE: back off briefly instead of spinning on the error.
    accept_retry->expires_after(std::chrono::milliseconds(50));
    accept_retry->async_wait([this](beast::error_code e) {
      if (!e && !stopping.load(std::memory_order_acquire)) do_accept();
    });
    return;
  }
  beast::error_code ignored;
  sock.set_option(tcp::no_delay(true), ignored);
  const bool counted = counted_sessions.load(std::memory_order_acquire) < opts.max_connections;
  if (counted) counted_sessions.fetch_add(1, std::memory_order_acq_rel);
  start_http_session(*this, std::move(sock), counted);
  do_accept();
}

}  // namespace http_detail

// ---- http_server --------------------------------------------------------------------------

struct http_server::impl {
  impl(options o, handler h) : core(std::move(o), std::move(h)) {}
  http_detail::server_core core;
};

parsed_http_request http_server::parse_request(std::string_view bytes, const options& opts,
                                               std::string remote) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace http = beast::http;
  parsed_http_request out;
  http::request_parser<http::string_body> parser;
  http_detail::apply_limits(parser, opts);
  beast::error_code ec;
  // As async_read_header + async_read feed the parser: repeatedly, with what is buffered.
  while (!parser.is_done() && out.consumed < bytes.size()) {
    const std::size_t n =
        parser.put(asio::buffer(bytes.data() + out.consumed, bytes.size() - out.consumed), ec);
    out.consumed += n;
    if (ec == http::error::need_more) {
      ec = {};
      if (n == 0) break;  // the rest is a partial element: wait for more bytes
      continue;
    }
    if (ec) break;
  }
  if (ec) {
    out.kind = parsed_http_request::outcome::error;
    // Every parse error and limit is answered (only reads end silently: EOF, timeouts).
    auto res = http_detail::read_error_response(ec, opts);
    out.error = res ? std::move(*res)
                    : error_response(400, "invalid_request",
                                     "malformed HTTP request: " + ec.message());
    out.keep_alive = false;
    return out;
  }
  if (!parser.is_done()) return out;  // incomplete
  http::request<http::string_body> req = parser.release();
  out.kind = parsed_http_request::outcome::request;
  out.keep_alive = req.keep_alive();
  out.head = req.method() == http::verb::head;
  out.websocket_upgrade = http_detail::is_websocket_upgrade(req);
  out.request = http_detail::to_http_request(req, remote);
  return out;
}

http_server::http_server(options opts, handler fn)
    : impl_(std::make_unique<impl>(std::move(opts), std::move(fn))) {}

http_server::~http_server() { stop(std::chrono::milliseconds(0)); }

bool http_server::start(std::string& error) {
  namespace asio = boost::asio;
  using tcp = asio::ip::tcp;
  using state = http_detail::server_core::state;
  auto& c = impl_->core;
  if (c.st != state::fresh) {
    error = "http server already started";
    return false;
  }
  const std::string where = c.opts.host + ":" + std::to_string(c.opts.port);
  boost::system::error_code ec;
  tcp::endpoint ep;
  auto addr = asio::ip::make_address(c.opts.host, ec);
  if (!ec) {
    ep = tcp::endpoint(addr, c.opts.port);
  } else {
    tcp::resolver resolver(c.ioc);
    auto results = resolver.resolve(c.opts.host, std::to_string(c.opts.port), ec);
    if (ec || results.empty()) {
      error = "cannot resolve " + where + ": " + (ec ? ec.message() : "no address");
      return false;
    }
    ep = results.begin()->endpoint();
  }
  c.acceptor.emplace(asio::make_strand(c.ioc));
  auto fail = [&](const char* what) {
    error = std::string(what) + " " + where + ": " + ec.message();
    boost::system::error_code ignored;
    c.acceptor->close(ignored);
    c.acceptor.reset();
    return false;
  };
  if (c.acceptor->open(ep.protocol(), ec)) return fail("cannot open socket for");
  if (c.acceptor->set_option(asio::socket_base::reuse_address(true), ec)) {
    return fail("cannot set SO_REUSEADDR for");
  }
  if (c.acceptor->bind(ep, ec)) return fail("cannot bind");
  if (c.acceptor->listen(asio::socket_base::max_listen_connections, ec)) {
    return fail("cannot listen on");
  }
  auto local = c.acceptor->local_endpoint(ec);
  if (ec) return fail("cannot read local address of");
  c.local = http_detail::format_endpoint(local);
  c.accept_retry.emplace(c.acceptor->get_executor());
  c.work.emplace(asio::make_work_guard(c.ioc));
  c.do_accept();
  c.st = state::running;
  const unsigned n = std::max(1u, c.opts.io_threads);
  for (unsigned i = 0; i < n; ++i) {
    c.threads.emplace_back([&c] {
      for (;;) {
        try {
          c.ioc.run();
          return;
        } catch (...) {
          // A handler threw through Asio: keep serving.
        }
      }
    });
  }
  return true;
}

std::string http_server::local_address() const { return impl_->core.local; }

std::size_t http_server::connection_count() const {
  auto& c = impl_->core;
  std::lock_guard<std::mutex> lock(c.reg_m);
  return c.sessions.size();
}

std::size_t http_server::websocket_count() const {
  return impl_->core.websockets.load(std::memory_order_acquire);
}

void http_server::stop(std::chrono::milliseconds drain) {
  namespace asio = boost::asio;
  using state = http_detail::server_core::state;
  using http_detail::tracked_connection;
  auto& c = impl_->core;
  if (c.st != state::running) {
    c.st = state::stopped;
    return;
  }
  c.st = state::stopped;
  const auto deadline = std::chrono::steady_clock::now() + drain;

  std::vector<std::weak_ptr<tracked_connection>> snapshot;
  {
    std::lock_guard<std::mutex> lock(c.reg_m);
    c.registration_closed = true;
    c.stopping.store(true, std::memory_order_release);
    snapshot.reserve(c.sessions.size());
    for (const auto& entry : c.sessions) snapshot.push_back(entry.second);
  }
  asio::post(c.acceptor->get_executor(), [&c] {
    boost::system::error_code ignored;
    c.acceptor->close(ignored);
    c.accept_retry->cancel();
  });
  for (const auto& w : snapshot) {
    if (auto s = w.lock()) {
      const asio::any_io_executor ex = s->executor();
      asio::post(ex, [s] { s->on_stop(); });
    }
  }
  snapshot.clear();
  {
    std::unique_lock<std::mutex> lock(c.reg_m);
    c.reg_cv.wait_until(lock, deadline, [&c] { return c.sessions.empty(); });
  }
  {
    std::lock_guard<std::mutex> lock(c.gate->m);
    c.gate->open = false;
  }
  c.work.reset();
  c.ioc.stop();
  for (auto& t : c.threads) {
    if (t.joinable()) t.join();
  }
  c.threads.clear();
  // Handlers that did not answer within the drain time: close their connections.
  {
    std::lock_guard<std::mutex> lock(c.reg_m);
    for (const auto& entry : c.sessions) snapshot.push_back(entry.second);
  }
  for (const auto& w : snapshot) {
    if (auto s = w.lock()) s->abandon();
  }
}

}  // namespace cityops::gateway
