#pragma once
// A tiny blocking HTTP/1.1 client for tests (Beast underneath, hidden here). Every operation
// has a timeout (default 30 s), so a test never hangs on a dead server.
//
//   auto r = cityops::testing::http_call(server.local_address(), "GET", "/healthz");
//   REQUIRE(r.status == 200);
//
//   cityops::testing::http_connection conn(addr);          // keep-alive: one TCP connection
//   auto a = conn.request("POST", "/api/v1/cases", body, {{"Idempotency-Key", "k1"}});
//   auto b = conn.request("GET", "/api/v1/cases/" + id);
//
// Failures (connect refused, timeout, reset, malformed response) throw std::runtime_error.
//
// Authentication: a request without an Authorization header gets
// `Authorization: Bearer <default bearer>` when a default is set (service_process sets the
// admin token it gives the child). Pass {"Authorization", ""} to send no Authorization header
// at all, or your own header to use another token.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityops::testing {

struct client_response {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; repeated ones joined ", "

  // Value of a header (any case), "" when absent.
  std::string header(const std::string& name) const;
};

using header_list = std::vector<std::pair<std::string, std::string>>;

// The process-wide default bearer token ("" = none); thread-safe.
void set_default_bearer(std::string token);
std::string default_bearer();

// One request on a fresh connection (closed afterwards). host_port: "127.0.0.1:8080".
// A non-empty body without a Content-Type header is sent as application/json.
client_response http_call(const std::string& host_port, const std::string& method,
                          const std::string& target, const std::string& body = "",
                          header_list headers = {});

class http_connection {
 public:
  explicit http_connection(const std::string& host_port,
                           std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~http_connection();
  http_connection(http_connection&&) noexcept;
  http_connection& operator=(http_connection&&) noexcept;

  // Sends a request and reads its response on this connection. After a response with
  // "Connection: close" the connection is closed (is_open() == false); a request on a closed
  // connection throws.
  client_response request(const std::string& method, const std::string& target,
                          const std::string& body = "", header_list headers = {});

  // Low level, for protocol tests: write raw bytes / read one response / wait for the server
  // to close the connection (true) or `limit` to pass (false). Data received while waiting is
  // discarded.
  void send_raw(std::string_view bytes);
  client_response read_response();
  bool wait_closed(std::chrono::milliseconds limit);

  bool is_open() const;
  void close();
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::testing
