#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <cctype>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace cityops::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::pair<std::string, std::string> split_host_port(const std::string& host_port) {
  auto colon = host_port.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("expected HOST:PORT, got " + host_port);
  std::string host = host_port.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return {host, host_port.substr(colon + 1)};
}

std::mutex bearer_mutex;
std::string bearer;  // guarded by bearer_mutex

}  // namespace

void set_default_bearer(std::string token) {
  std::lock_guard<std::mutex> lock(bearer_mutex);
  bearer = std::move(token);
}

std::string default_bearer() {
  std::lock_guard<std::mutex> lock(bearer_mutex);
  return bearer;
}

std::string client_response::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

struct http_connection::impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::string host_port;
  std::chrono::milliseconds timeout;
  bool open = false;

  // Runs the io_context until the started operation completes; returns its error.
  beast::error_code run(beast::error_code& ec) {
    ioc.restart();
    ioc.run();
    return ec;
  }

  void connect() {
    auto [host, port] = split_host_port(host_port);
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(host, port, ec);
    if (ec) throw std::runtime_error("resolve " + host_port + ": " + ec.message());
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    if (run(ec)) throw std::runtime_error("connect " + host_port + ": " + ec.message());
    beast::error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored);
    open = true;
  }

  void write_bytes(std::string_view bytes) {
    if (!open) throw std::runtime_error("connection to " + host_port + " is closed");
    beast::error_code ec;
    stream.expires_after(timeout);
    asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()),
                      [&](beast::error_code e, std::size_t) { ec = e; });
    if (run(ec)) {
      open = false;
      throw std::runtime_error("write to " + host_port + ": " + ec.message());
    }
  }

  client_response read(bool head = false) {
    if (!open) throw std::runtime_error("connection to " + host_port + " is closed");
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);  // a response to HEAD has headers only
    beast::error_code ec;
    stream.expires_after(timeout);
    http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    if (run(ec)) {
      open = false;
      throw std::runtime_error("read from " + host_port + ": " + ec.message());
    }
    auto res = parser.release();
    client_response out;
    out.status = static_cast<int>(res.result_int());
    out.body = std::move(res.body());
    for (const auto& f : res) {
      std::string name = lower(f.name_string());
      auto [it, inserted] = out.headers.emplace(name, std::string(f.value()));
      if (!inserted) it->second += ", " + std::string(f.value());
    }
    if (!res.keep_alive() && out.status >= 200) close();
    return out;
  }

  void close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    open = false;
  }
};

http_connection::http_connection(const std::string& host_port,
                                  std::chrono::milliseconds timeout)
    : impl_(std::make_unique<impl>()) {
  impl_->host_port = host_port;
  impl_->timeout = timeout;
  impl_->connect();
}

http_connection::~http_connection() = default;
http_connection::http_connection(http_connection&&) noexcept = default;
http_connection& http_connection::operator=(http_connection&&) noexcept = default;

client_response http_connection::request(const std::string& method, const std::string& target,
                                         const std::string& body, header_list headers) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  bool has_host = false;
  bool has_type = false;
  bool has_auth = false;
  for (const auto& [k, v] : headers) {
    std::string lk = lower(k);
    has_host = has_host || lk == "host";
    has_type = has_type || lk == "content-type";
    if (lk == "authorization") {
      has_auth = true;
      if (v.empty()) continue;  // {"Authorization", ""}: send none
    }
    req.insert(k, v);
  }
  if (!has_auth) {
    if (auto token = default_bearer(); !token.empty())
      req.set(http::field::authorization, "Bearer " + token);
  }
  if (!has_host) req.set(http::field::host, impl_->host_port);
  if (!has_type && !body.empty()) req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "cityops-test");
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req.prepare_payload();
  }
  if (!impl_->open) throw std::runtime_error("connection to " + impl_->host_port + " is closed");
  beast::error_code ec;
  impl_->stream.expires_after(impl_->timeout);
  http::async_write(impl_->stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  if (impl_->run(ec)) {
    impl_->open = false;
    throw std::runtime_error("write to " + impl_->host_port + ": " + ec.message());
  }
  return impl_->read(req.method() == http::verb::head);
}

void http_connection::send_raw(std::string_view bytes) { impl_->write_bytes(bytes); }

client_response http_connection::read_response() { return impl_->read(); }

bool http_connection::wait_closed(std::chrono::milliseconds limit) {
  if (!impl_->open) return true;
  // Bytes already buffered do not count; wait for EOF/reset on the socket.
  impl_->buffer.consume(impl_->buffer.size());
  std::array<char, 4096> scratch{};
  impl_->stream.expires_after(limit);
  for (;;) {
    beast::error_code ec;
    impl_->stream.async_read_some(asio::buffer(scratch),
                                  [&](beast::error_code e, std::size_t) { ec = e; });
    impl_->run(ec);
    if (!ec) continue;
    impl_->open = false;  // a timeout closes the stream too
    return ec != beast::error::timeout;  // eof, reset, ...
  }
}

bool http_connection::is_open() const { return impl_->open; }

void http_connection::close() { impl_->close(); }

void http_connection::set_timeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }

client_response http_call(const std::string& host_port, const std::string& method,
                          const std::string& target, const std::string& body,
                          header_list headers) {
  http_connection conn(host_port);
  bool has_connection = false;
  for (const auto& h : headers) has_connection = has_connection || lower(h.first) == "connection";
  if (!has_connection) headers.emplace_back("Connection", "close");
  return conn.request(method, target, body, std::move(headers));
}

}  // namespace cityops::testing
