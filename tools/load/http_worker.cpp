#include "tools/load/http_worker.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <simdjson.h>

#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

#include "tools/load/request_mix.hpp"

namespace cityops::load {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

void interval_figures::merge(const interval_figures& other) {
  latency.merge(other.latency);
  ok += other.ok;
  errors += other.errors;
}

void interval_figures::reset() {
  latency.reset();
  ok = errors = 0;
}

namespace {

// A connection that failed waits this long before it is used again, so a dead or refusing
// target costs a bounded error rate instead of a busy loop.
constexpr auto failure_backoff = std::chrono::milliseconds(100);
// Responses larger than this are refused (a listing page of 200 cases is ~200 KiB).
constexpr std::uint64_t max_response_bytes = 64ULL << 20;

struct connection {
  explicit connection(asio::io_context& io) : stream(io), backoff(io) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  std::optional<http::response_parser<http::string_body>> parser;
  asio::steady_timer backoff;
  bool connected = false;
  bool backing_off = false;
  planned_request current;
  std::int64_t due_ns = 0;  // latency counts from here
  int phase = 0;
};

}  // namespace

struct http_worker::impl {
  impl(const worker_context& c, int index, int worker_count, int connection_count)
      : ctx(c),
        io(1),
        arrival_timer(io),
        drain_timer(io),
        mix(c.city, mix_options_for(c, index), c.config.seed * 1000003ULL + static_cast<std::uint64_t>(index)),
        stats(measured_flags(c.schedule)),
        next_arrival(static_cast<std::uint64_t>(index)),
        stride(static_cast<std::uint64_t>(worker_count)),
        end_ns(to_ns(c.schedule.end_s())) {
    tcp::resolver resolver(io);
    boost::system::error_code ec;
    endpoints = resolver.resolve(c.config.host, std::to_string(c.config.port), ec);
    if (ec) throw std::runtime_error("cannot resolve " + c.config.host + ": " + ec.message());
    for (int i = 0; i < connection_count; ++i) conns.push_back(std::make_unique<connection>(io));
  }

  static mix_options mix_options_for(const worker_context& c, int index) {
    mix_options m = c.config.mix;
    m.key_prefix = c.key_prefix + "-t" + std::to_string(index);
    return m;
  }
  static std::vector<bool> measured_flags(const arrival_schedule& s) {
    std::vector<bool> flags;
    for (const auto& p : s.phases()) flags.push_back(p.measured);
    return flags;
  }
  static std::int64_t to_ns(double seconds) { return static_cast<std::int64_t>(seconds * 1e9); }
  std::int64_t now_ns() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(steady::now() - ctx.start).count();
  }
  int phase_of(std::int64_t t_ns) const { return ctx.schedule.phase_at(static_cast<double>(t_ns) / 1e9); }
  bool open_loop() const { return ctx.config.mode == loop_mode::open; }
  bool past_end() const { return stopping || now_ns() >= end_ns; }

  // --- driving -------------------------------------------------------------------------

  void start() {
    if (open_loop()) {
      for (auto& c : conns) idle.push_back(c.get());
      schedule_next_arrival();
    } else {
      for (auto& c : conns) dispatch(*c, now_ns(), false);
    }
  }

  void schedule_next_arrival() {
    const auto t = stopping ? std::nullopt : ctx.schedule.time_of(next_arrival);
    if (!t) {
      arrivals_done();
      return;
    }
    arrival_timer.expires_at(ctx.start + std::chrono::nanoseconds(to_ns(*t)));
    arrival_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) on_arrivals_due();
    });
  }

  // Every arrival now due goes out or into the queue — a late timer wake-up sends the whole
  // backlog at once, each request still timed from its own due instant.
  void on_arrivals_due() {
    const std::int64_t now = now_ns();
    for (;;) {
      const auto t = ctx.schedule.time_of(next_arrival);
      if (!t) {
        arrivals_done();
        return;
      }
      const std::int64_t due = to_ns(*t);
      if (due > now) break;
      next_arrival += stride;
      arrival(due);
    }
    schedule_next_arrival();
  }

  // One open-loop arrival: onto an idle connection, else into the queue (else dropped).
  // An idle connection never coexists with a non-empty queue: a freed connection takes
  // from the queue first (became_idle).
  void arrival(std::int64_t due) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      ++stats.queue.due;
      if (idle.empty()) {
        if (queue.size() >= ctx.config.max_queue) {
          ++stats.queue.dropped;
        } else {
          queue.push_back(due);
          ++stats.queue.queued;
          stats.queue.max_depth = std::max<std::uint64_t>(stats.queue.max_depth, queue.size());
          depth.store(queue.size(), std::memory_order_relaxed);
        }
        return;
      }
    }
    connection* c = idle.back();
    idle.pop_back();
    dispatch(*c, due, true);
  }

  void arrivals_done() {
    if (no_more_arrivals) return;
    no_more_arrivals = true;
    // What is still queued gets one request timeout to go out; then it is dropped.
    drain_timer.expires_after(std::chrono::nanoseconds(to_ns(ctx.config.timeout_s)));
    drain_timer.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      drop_queue();
      maybe_finish();
    });
    maybe_finish();
  }

  void drop_queue() {
    std::lock_guard<std::mutex> lock(mutex);
    stats.queue.dropped += queue.size();
    queue.clear();
    depth.store(0, std::memory_order_relaxed);
  }

  // A fresh request from the mix on `c`, due at `due`; `scheduled` for open-loop arrivals.
  void dispatch(connection& c, std::int64_t due, bool scheduled) {
    planned_request req = mix.next();
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (req.duplicate) ++stats.mix.duplicates;
      if (!req.idempotency_key.empty()) ++stats.mix.keyed;
      if (scheduled) {
        ++stats.queue.sent;
        const double late_ms = static_cast<double>(now_ns() - due) / 1e6;
        if (late_ms > ctx.config.late_threshold_ms) ++stats.queue.late;
      }
    }
    send(c, std::move(req), due);
  }

  void send(connection& c, planned_request req, std::int64_t due) {
    c.current = std::move(req);
    c.due_ns = due;
    c.phase = phase_of(due);
    auto& r = c.request;
    r = {};
    r.version(11);
    r.method(c.current.method == "GET" ? http::verb::get : http::verb::post);
    r.target(c.current.target);
    r.set(http::field::host, ctx.config.host + ":" + std::to_string(ctx.config.port));
    r.set(http::field::user_agent, "cityops-load");
    // Open311 carries its api_key in the form, as its clients do; /api/v1 takes the bearer.
    if (c.current.kind != request_kind::open311) {
      r.set(http::field::authorization, "Bearer " + ctx.config.token);
    }
    if (!c.current.content_type.empty()) r.set(http::field::content_type, c.current.content_type);
    if (!c.current.idempotency_key.empty()) r.set("Idempotency-Key", c.current.idempotency_key);
    r.keep_alive(true);
    r.body() = c.current.body;
    r.prepare_payload();

    in_flight_count.fetch_add(1, std::memory_order_relaxed);
    c.stream.expires_after(std::chrono::nanoseconds(to_ns(ctx.config.timeout_s)));
    if (c.connected) {
      write(c);
      return;
    }
    c.stream.async_connect(endpoints, [this, &c](boost::system::error_code ec, const tcp::endpoint&) {
      if (ec) {
        transport_failure(c, ec);
        return;
      }
      c.connected = true;
      boost::system::error_code ignored;
      c.stream.socket().set_option(tcp::no_delay(true), ignored);
      write(c);
    });
  }

  void write(connection& c) {
    http::async_write(c.stream, c.request, [this, &c](boost::system::error_code ec, std::size_t) {
      if (ec) {
        transport_failure(c, ec);
        return;
      }
      c.parser.emplace();
      c.parser->body_limit(max_response_bytes);
      http::async_read(c.stream, c.buffer, *c.parser,
                       [this, &c](boost::system::error_code rec, std::size_t) {
                         if (rec) {
                           transport_failure(c, rec);
                           return;
                         }
                         on_response(c);
                       });
    });
  }

  void transport_failure(connection& c, boost::system::error_code ec) {
    const bool timed_out = ec == beast::error::timeout;
    record(c, timed_out ? "timeout" : "io", false, std::nullopt);
    close(c);
    c.backing_off = true;
    finished_request(c, std::nullopt);
  }

  void close(connection& c) {
    boost::system::error_code ignored;
    c.stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    c.stream.socket().close(ignored);
    c.connected = false;
    c.buffer.clear();
  }

  // --- answers ---------------------------------------------------------------------------

  void on_response(connection& c) {
    reached_any.store(true, std::memory_order_relaxed);
    const auto latency = static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ns() - c.due_ns));
    auto res = c.parser->release();
    const unsigned status = res.result_int();
    const request_kind kind = c.current.kind;
    std::string label = std::to_string(status);
    bool ok = false;
    std::optional<planned_request> replay;

    if (kind == request_kind::replay) {
      const bool replayed = res["Idempotent-Replay"] == "true";
      if (status == 200 && replayed && id_of(res.body(), false) == c.current.expected_id) {
        ok = true;
        std::lock_guard<std::mutex> lock(mutex);
        ++stats.mix.replays_matched;
      } else if (status == 200 || status == 201) {
        label = "mismatch";
        std::lock_guard<std::mutex> lock(mutex);
        ++stats.mix.replays_mismatched;
      }
    } else if (is_create(kind)) {
      const bool open311 = kind == request_kind::open311;
      if (status == (open311 ? 200u : 201u)) {
        const std::string id = id_of(res.body(), open311);
        if (id.empty()) {
          label = "bad_body";
        } else {
          ok = true;
          {
            std::lock_guard<std::mutex> lock(mutex);
            ++stats.mix.cases_created;
          }
          if (ctx.acks) ctx.acks->append(id, c.current.idempotency_key);
          replay = mix.on_created(c.current, id);
        }
      }
    } else {
      ok = status == 200;
    }
    record(c, label, ok, latency);
    if (!res.keep_alive()) close(c);
    finished_request(c, std::move(replay));
  }

  // The case id of a create's answer ("" when absent): `id` of the case, or Open311's
  // `[{"service_request_id": …}]`.
  std::string id_of(const std::string& body, bool open311) {
    simdjson::dom::element doc;
    if (parser.parse(body).get(doc)) return "";
    std::string_view id;
    if (open311) {
      simdjson::dom::array items;
      if (doc.get(items) || items.size() == 0) return "";
      if (items.at(0)["service_request_id"].get(id)) return "";
    } else if (doc["id"].get(id)) {
      return "";
    }
    return std::string(id);
  }

  void record(const connection& c, const std::string& label, bool ok,
              std::optional<std::uint64_t> latency) {
    std::lock_guard<std::mutex> lock(mutex);
    stats.record(c.current.kind, c.phase, label, ok, latency);
    if (latency) interval.latency.record(*latency);
    (ok ? interval.ok : interval.errors) += 1;
  }

  // The connection is free again: a pending replay goes first (a client retrying at once),
  // then — after a failure's back-off — the next request or the idle list.
  void finished_request(connection& c, std::optional<planned_request> replay) {
    in_flight_count.fetch_sub(1, std::memory_order_relaxed);
    if (replay && !stopping) {
      send(c, std::move(*replay), now_ns());
      return;
    }
    if (c.backing_off) {
      c.backoff.expires_after(failure_backoff);
      c.backoff.async_wait([this, &c](boost::system::error_code ec) {
        c.backing_off = false;
        if (!ec) became_idle(c);
      });
      return;
    }
    became_idle(c);
  }

  void became_idle(connection& c) {
    if (finished) return;
    if (!open_loop()) {
      if (!past_end()) {
        dispatch(c, now_ns(), false);
        return;
      }
      idle.push_back(&c);
      maybe_finish();
      return;
    }
    std::optional<std::int64_t> due;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!queue.empty()) {
        due = queue.front();
        queue.pop_front();
        depth.store(queue.size(), std::memory_order_relaxed);
      }
    }
    if (due) {
      dispatch(c, *due, true);
      return;
    }
    idle.push_back(&c);
    maybe_finish();
  }

  // Done when nothing is in flight or waiting and no request will come: then the timers
  // are cancelled and the sockets closed, so io.run() returns.
  void maybe_finish() {
    if (finished) return;
    const bool no_more = open_loop() ? no_more_arrivals : past_end();
    if (!no_more || in_flight_count.load(std::memory_order_relaxed) != 0) return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!queue.empty()) return;
    }
    for (auto& c : conns) {
      if (c->backing_off) return;  // its timer is pending; it comes back through became_idle
    }
    finished = true;
    arrival_timer.cancel();
    drain_timer.cancel();
    for (auto& c : conns) {
      c->backoff.cancel();
      close(*c);
    }
  }

  void stop() {
    if (stopping) return;
    stopping = true;
    arrival_timer.cancel();
    drop_queue();
    if (open_loop()) arrivals_done();
    maybe_finish();
  }

  const worker_context& ctx;
  asio::io_context io;  // first, so sockets and timers go before it
  tcp::resolver::results_type endpoints;
  std::vector<std::unique_ptr<connection>> conns;
  std::vector<connection*> idle;
  asio::steady_timer arrival_timer;
  asio::steady_timer drain_timer;
  request_mix mix;
  simdjson::dom::parser parser;

  mutable std::mutex mutex;  // guards stats, interval, queue
  run_stats stats;
  interval_figures interval;
  std::deque<std::int64_t> queue;  // due times of open-loop arrivals waiting for a connection

  std::atomic<std::uint64_t> in_flight_count{0};
  std::atomic<std::uint64_t> depth{0};
  std::atomic<bool> reached_any{false};

  std::uint64_t next_arrival;
  std::uint64_t stride;
  std::int64_t end_ns;
  bool no_more_arrivals = false;
  bool stopping = false;
  bool finished = false;
};

http_worker::http_worker(const worker_context& context, int index, int worker_count,
                         int connections)
    : impl_(std::make_unique<impl>(context, index, worker_count, connections)) {}

http_worker::~http_worker() = default;

void http_worker::run() {
  impl_->start();
  impl_->io.run();
}

void http_worker::request_stop() {
  asio::post(impl_->io, [i = impl_.get()] { i->stop(); });
}

void http_worker::take_interval(interval_figures& into) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  into.merge(impl_->interval);
  impl_->interval.reset();
}

std::uint64_t http_worker::in_flight() const {
  return impl_->in_flight_count.load(std::memory_order_relaxed);
}

std::uint64_t http_worker::queue_depth() const {
  return impl_->depth.load(std::memory_order_relaxed);
}

bool http_worker::reached() const { return impl_->reached_any.load(std::memory_order_relaxed); }

run_stats http_worker::final_stats() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->stats;
}

}  // namespace cityops::load
