#include "gateway/error_json.hpp"

#include <utility>

namespace cityops::gateway {

http_response error_response(int status, std::string_view code, std::string_view message,
                             std::string_view field,
                             const std::function<void(json_writer&)>& extra) {
  json_writer w;
  w.reserve(64 + message.size() + field.size());
  w.begin_object().key("error").begin_object();
  w.key("code").value(code);
  w.key("message").value(message);
  if (!field.empty()) w.key("field").value(field);
  if (extra) extra(w);
  w.end_object().end_object();
  return json_response(status, w.take());
}

http_response error_response(const input_error& e) {
  return error_response(400, e.code, e.message, e.field);
}

http_response overloaded_response(std::string_view message, int retry_after_seconds) {
  http_response r = error_response(503, "overloaded", message);
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return r;
}

http_response json_response(int status, std::string body) {
  http_response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace cityops::gateway
