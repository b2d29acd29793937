#pragma once
// GET /api/v1/feed: the live WebSocket feed of committed case events and alerts
// (gateway/feed_json.hpp shapes), through the feed hub (actors/feed_hub.hpp).
//
// The upgrade request must carry a bearer token: `Authorization: Bearer TOKEN`, or
// `?token=TOKEN` because browsers cannot set headers on a WebSocket. Filters: node= and
// department=, held to the caller's scope like GET /api/v1/alerts (oversight_scope).
// Refusals are plain HTTP answers (401/403/400/503) before the upgrade.
//
// Backpressure: each connection has a bounded outgoing queue (feed_options); a message
// that would exceed it closes the connection with 1008 "slow consumer", drops what was
// queued and unregisters it from the hub — a client that does not read costs at most the
// bound, never the hub's or the server's memory beyond it.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "gateway/api_context.hpp"
#include "gateway/http_server.hpp"

namespace cityops::gateway {

class router;

struct feed_options {
  std::size_t max_queued_messages = 1000;  // per connection
  std::size_t max_queued_bytes = 1u << 20;  // per connection (1 MiB)
  std::size_t max_connections = 1000;       // feed connections at once; more: 503
  // Kernel send buffer per connection (fixed: no autotuning to megabytes for a client that
  // does not read); 256 KiB still carries a busy feed over a slow link.
  std::size_t send_buffer_bytes = 256 * 1024;
  std::chrono::seconds close_timeout{5};
  std::chrono::seconds idle_timeout{60};  // pings keep a quiet but live client connected
};

// Counters of the feed (thread-safe; for /metrics and tests).
struct feed_stats {
  std::atomic<std::uint64_t> open{0};                  // connections now
  std::atomic<std::uint64_t> opened{0};                // since start
  std::atomic<std::uint64_t> slow_consumer_closes{0};  // closed for not reading
  std::atomic<std::uint64_t> peak_queued_bytes{0};     // most any connection ever queued
};

// GET /api/v1/feed without an upgrade: 426 Upgrade Required (so the route is listed).
void add_feed_routes(router& r, api_context& ctx);

// The server's upgrade handler (http_server::options::upgrade): /api/v1/feed becomes a feed
// connection; any other path answers 404. `ctx` must outlive the server; `stats` may be null.
upgrade_handler make_feed_upgrade(api_context& ctx, feed_options opts = {},
                                  std::shared_ptr<feed_stats> stats = nullptr);

}  // namespace cityops::gateway
