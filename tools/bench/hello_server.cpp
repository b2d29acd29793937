// cityops-hello: the ceiling of this box for the HTTP benchmarks. A bare Boost.Beast async
// HTTP/1.1 keep-alive server that answers every request `200 hello`, built with the same
// threading model as the service's gateway (gateway/http_server.cpp): one io_context run by
// --threads io threads (the service's [service] io_threads, default 1), the acceptor on a
// strand, every connection on its own strand, TCP_NODELAY, a per-request read deadline.
// It prints `listening on HOST:PORT` like cityopsd and stops on SIGINT/SIGTERM.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <CLI/CLI.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::chrono::seconds read_timeout{30};
constexpr std::chrono::seconds idle_timeout{60};

class session : public std::enable_shared_from_this<session> {
 public:
  explicit session(tcp::socket&& sock) : stream_(std::move(sock)) {}

  void start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024);
    parser_->header_limit(8 * 1024);
    stream_.expires_after(first_ ? read_timeout : idle_timeout);
    first_ = false;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return close();
    auto req = parser_->release();
    res_ = {};
    res_.version(req.version());
    res_.result(http::status::ok);
    res_.set(http::field::server, "cityops-hello");
    res_.set(http::field::content_type, "text/plain; charset=utf-8");
    res_.keep_alive(req.keep_alive());
    res_.body() = "hello";
    res_.prepare_payload();
    stream_.expires_after(read_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return close();
    if (!res_.keep_alive()) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  bool first_ = true;
};

class listener {
 public:
  listener(asio::io_context& ioc, const tcp::endpoint& ep)
      : ioc_(ioc), acceptor_(asio::make_strand(ioc)) {
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  tcp::endpoint local() const { return acceptor_.local_endpoint(); }
  void accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        beast::error_code ignored;
        s.set_option(tcp::no_delay(true), ignored);
        std::make_shared<session>(std::move(s))->start();
      }
      accept();
    });
  }
  void close() {
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
};

std::string format_endpoint(const tcp::endpoint& ep) {
  const auto a = ep.address();
  const std::string host = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
  return host + ":" + std::to_string(ep.port());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cityops-hello — bare Beast HTTP/1.1 keep-alive server answering 200 hello"};
  std::string listen = "127.0.0.1:8081";
  unsigned threads = 1;
  app.add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)");
  app.add_option("--threads", threads, "io threads running the one io_context (cityopsd: io_threads, default 1)")
      ->check(CLI::Range(1u, 256u));
  CLI11_PARSE(app, argc, argv);

  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    std::fprintf(stderr, "cityops-hello: --listen must be HOST:PORT\n");
    return 2;
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned long port = 0;
  try {
    port = std::stoul(listen.substr(colon + 1));
  } catch (...) {
    port = 70000;
  }
  if (port > 65535) {
    std::fprintf(stderr, "cityops-hello: bad port in '%s'\n", listen.c_str());
    return 2;
  }
  asio::io_context ioc(static_cast<int>(threads));
  beast::error_code ec;
  const auto addr = asio::ip::make_address(host, ec);
  if (ec) {
    std::fprintf(stderr, "cityops-hello: '%s' is not an IP address\n", host.c_str());
    return 2;
  }
  std::unique_ptr<listener> l;
  try {
    l = std::make_unique<listener>(ioc, tcp::endpoint(addr, static_cast<unsigned short>(port)));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cityops-hello: cannot listen on %s: %s\n", listen.c_str(), e.what());
    return 1;
  }
  l->accept();
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    l->close();
    ioc.stop();
  });
  std::cout << "listening on " << format_endpoint(l->local()) << std::endl;
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
