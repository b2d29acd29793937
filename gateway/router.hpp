#pragma once
// Method + path-pattern routing.
//
//   router r;
//   r.add("POST", "/api/v1/cases/{id}/actions/{action}",
//         [](const http_request& req, const route_params& p, responder respond) {
//           respond(json_response(200, ...p.at("id")...));
//         });
//   server handler: [&r](http_request req, responder respond) { r.dispatch(req, respond); }
//
// Patterns: '/'-separated segments, each a literal or a whole-segment `{name}` (matches one
// non-empty segment); the last segment may be `{name*}` (the rest of the path, possibly empty,
// slashes included). Param values are percent-decoded ('+' stays '+'); literal segments are
// compared after decoding too. No trailing-slash folding: "/x/" is not "/x". When several
// patterns match, the most specific wins (literal before {param} before {rest*}, left to
// right), then the one added first. No match -> 404 not_found "unknown route GET /x"; the path
// matches only for other methods -> 405 method_not_allowed with an Allow header.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gateway/http_types.hpp"

namespace cityops::gateway {

struct route_params {
  std::vector<std::pair<std::string, std::string>> values;  // in pattern order

  const std::string* find(std::string_view name) const;
  std::string get(std::string_view name) const;         // "" when absent
  const std::string& at(std::string_view name) const;  // throws std::out_of_range when absent
};

class router {
 public:
  using route_handler =
      std::function<void(const http_request&, const route_params&, responder)>;

  // Throws std::invalid_argument for a malformed pattern or a duplicate (method, pattern).
  void add(std::string method, std::string pattern, route_handler fn);

  // Calls the matching route's handler (exceptions propagate: the server answers 500), or
  // answers 404/405 itself.
  void dispatch(const http_request& req, responder respond) const;

  // Told which route dispatch chose: its pattern as added (e.g. "/api/v1/cases/{id}"), just
  // before the handler runs — so also before a handler that answers at once. Not called
  // when the router answers 404/405 itself. The string lives as long as the router. Lets a
  // wrapper label metrics and logs by pattern (bounded) instead of the raw path.
  using match_observer = std::function<void(const std::string& pattern)>;
  void dispatch(const http_request& req, responder respond, const match_observer& on_match) const;

  // Answers, for the listed methods, the requests no route matches at all (those the router
  // would answer 404 itself) whose raw path `takes` accepts: the web app's files under every
  // path the API does not use. A path some route matches for another method still gets 405;
  // one `takes` refuses, the router's own 404 ("unmatched" for the observer). `label` is what
  // dispatch's observer is told for the fallback's requests. Not listed by routes().
  using path_filter = std::function<bool(std::string_view raw_path)>;
  void set_fallback(std::vector<std::string> methods, std::string label, route_handler fn,
                    path_filter takes);

  // The router's own 404 for `req` ("unknown route GET /x").
  static http_response unknown_route(const http_request& req);

  // (method, pattern) pairs in registration order.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct segment {
    enum kind_t { literal, param, rest } kind = literal;
    std::string text;  // literal text or param name
  };
  struct route {
    std::string method;
    std::string pattern;
    std::vector<segment> segments;
    route_handler fn;
  };

  static bool match(const route& r, const std::vector<std::string_view>& raw_segments,
                    std::string_view raw_path, route_params* params);
  static bool more_specific(const route& a, const route& b);

  std::vector<route> routes_;
  std::vector<std::string> fallback_methods_;
  std::string fallback_label_;
  route_handler fallback_;
  path_filter fallback_takes_;
};

}  // namespace cityops::gateway
