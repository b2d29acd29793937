#include "tools/load/http_fetch.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace cityops::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

fetch_result exchange(const std::string& host, std::uint16_t port,
                      http::request<http::string_body> req, const std::string& token,
                      std::chrono::milliseconds timeout) {
  fetch_result result;
  asio::io_context io(1);
  tcp::resolver resolver(io);
  boost::system::error_code ec;
  const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) {
    result.error = "cannot resolve " + host + ": " + ec.message();
    return result;
  }
  // Asynchronous operations under one deadline (tcp_stream's timeout covers them all);
  // synchronous Beast calls would have none.
  beast::tcp_stream stream(io);
  beast::flat_buffer buffer;
  req.set(http::field::host, host + ":" + std::to_string(port));
  req.set(http::field::user_agent, "cityops-load");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  req.prepare_payload();
  http::response_parser<http::string_body> parser;
  parser.body_limit(256ULL << 20);
  const std::string where = host + ":" + std::to_string(port);

  stream.expires_after(timeout);
  stream.async_connect(endpoints, [&](boost::system::error_code cec, const tcp::endpoint&) {
    if (cec) {
      result.error = "cannot connect to " + where + ": " + cec.message();
      return;
    }
    http::async_write(stream, req, [&](boost::system::error_code wec, std::size_t) {
      if (wec) {
        result.error = "write to " + where + " failed: " + wec.message();
        return;
      }
      http::async_read(stream, buffer, parser, [&](boost::system::error_code rec, std::size_t) {
        if (rec) {
          result.error = "read from " + where + " failed: " + rec.message();
          return;
        }
        result.status = static_cast<int>(parser.get().result_int());
        result.body = std::move(parser.get().body());
      });
    });
  });
  io.run();
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return result;
}

}  // namespace

fetch_result http_get(const std::string& host, std::uint16_t port, const std::string& target,
                      const std::string& token, std::chrono::milliseconds timeout) {
  return exchange(host, port, http::request<http::string_body>{http::verb::get, target, 11},
                  token, timeout);
}

fetch_result http_post(const std::string& host, std::uint16_t port, const std::string& target,
                       const std::string& token, std::string body,
                       std::chrono::milliseconds timeout) {
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::content_type, "application/json");
  req.body() = std::move(body);
  return exchange(host, port, std::move(req), token, timeout);
}

}  // namespace cityops::load
