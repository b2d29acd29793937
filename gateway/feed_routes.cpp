// GET /api/v1/feed: authentication, filters and hub registration of WebSocket feed
// connections. The WebSocket protocol itself is the server's (websocket_session.cpp).
#include "gateway/feed_routes.hpp"

#include <string>
#include <utility>

#include "gateway/alert_routes.hpp"
#include "gateway/error_json.hpp"
#include "gateway/feed_json.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

constexpr const char* feed_path = "/api/v1/feed";

// Hub subscriber ids: unique within the process.
std::atomic<std::uint64_t> next_subscriber_id{1};

void raise_peak(std::atomic<std::uint64_t>& peak, std::uint64_t v) {
  std::uint64_t seen = peak.load(std::memory_order_relaxed);
  while (v > seen && !peak.compare_exchange_weak(seen, v, std::memory_order_relaxed)) {
  }
}

// The request as `require` should see it: a `?token=` becomes the Authorization header when
// none was sent (browsers cannot set headers on a WebSocket).
http_request with_query_token(const http_request& req) {
  http_request out = req;
  if (!out.has_header("authorization"))
    if (auto token = out.query_param("token"); token && !token->empty())
      out.headers.emplace_back("authorization", "Bearer " + *token);
  return out;
}

// Shared by the callbacks of one connection.
struct feed_connection {
  std::uint64_t id = 0;
  bool registered = false;
};

}  // namespace

void add_feed_routes(router& r, api_context&) {
  r.add("GET", feed_path, [](const http_request&, const route_params&, responder respond) {
    auto res = error_response(426, "upgrade_required",
                              "GET /api/v1/feed is a WebSocket: send Upgrade: websocket");
    res.headers.emplace_back("Upgrade", "websocket");
    res.headers.emplace_back("Connection", "Upgrade");
    respond(std::move(res));
  });
}

upgrade_handler make_feed_upgrade(api_context& ctx, feed_options opts,
                                  std::shared_ptr<feed_stats> stats) {
  if (!stats) stats = std::make_shared<feed_stats>();
  return [&ctx, opts, stats](const http_request& raw) -> upgrade_decision {
    upgrade_decision d;
    if (raw.path != feed_path) {
      d.refuse = error_response(404, "not_found", "no WebSocket endpoint at " + raw.path);
      return d;
    }
    std::optional<http_response> refusal;
    responder capture = [&refusal](http_response r) { refusal = std::move(r); };
    const http_request req = with_query_token(raw);
    const auto who = require(ctx.tokens, req, capture,
                             {role::operator_role, role::department, role::supervisor,
                              role::admin});
    if (!who) {
      d.refuse = std::move(refusal);
      return d;
    }
    auto scope = oversight_scope(ctx, *who, req, capture);
    if (!scope) {
      d.refuse = std::move(refusal);
      return d;
    }
    if (stats->open.load() >= opts.max_connections) {
      d.refuse = overloaded_response("too many feed connections; retry later", 5);
      return d;
    }

    feed_filter filter{scope->node, scope->department};
    auto conn = std::make_shared<feed_connection>();
    auto& a = d.accept;
    a.max_queued_messages = opts.max_queued_messages;
    a.max_queued_bytes = opts.max_queued_bytes;
    a.send_buffer_bytes = opts.send_buffer_bytes;
    a.close_timeout = opts.close_timeout;
    a.idle_timeout = opts.idle_timeout;
    a.on_open = [&ctx, stats, conn, filter](std::shared_ptr<websocket_channel> channel) {
      ++stats->open;
      ++stats->opened;
      conn->id = next_subscriber_id.fetch_add(1);
      conn->registered = true;
      feed_subscriber s;
      s.id = conn->id;
      s.filter = filter;
      s.hello = std::make_shared<const std::string>(
          feed_subscribed_json(filter.node, filter.department));
      // Runs on the hub's thread: queue and return, never wait.
      s.sink = [channel, stats](const std::shared_ptr<const std::string>& text) {
        const auto r = channel->send_text(text);
        if (r == websocket_channel::send_result::overflow) ++stats->slow_consumer_closes;
        raise_peak(stats->peak_queued_bytes, channel->peak_queued_bytes());
        return r == websocket_channel::send_result::queued;
      };
      ctx.bridge.feed_subscribe(std::move(s));
    };
    a.on_close = [&ctx, stats, conn](std::uint16_t, std::string) {
      if (!conn->registered) return;
      conn->registered = false;
      --stats->open;
      ctx.bridge.feed_unsubscribe(conn->id);
    };
    return d;
  };
}

}  // namespace cityops::gateway
