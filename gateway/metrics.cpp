#include "gateway/metrics.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <deque>
#include <iterator>
#include <memory>
#include <system_error>

#include "gateway/access_log.hpp"
#include "gateway/auth.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {

// ---- prometheus_writer ----------------------------------------------------------------------

std::string prometheus_writer::escape_label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string prometheus_writer::format_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Plain decimals where they stay short (bucket bounds read "0.0005", not "5e-04"), the
  // shortest round-trip form otherwise.
  char buf[512];
  const double a = std::fabs(v);
  const auto res = (a == 0 || (a >= 1e-6 && a < 1e15))
                       ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                       : std::to_chars(buf, buf + sizeof buf, v);
  if (res.ec != std::errc()) return "NaN";
  return std::string(buf, res.ptr);
}

namespace {

bool is_sample_value(std::string_view v) {
  if (v == "+Inf" || v == "-Inf" || v == "NaN") return true;
  double d = 0;
  const auto res = std::from_chars(v.data(), v.data() + v.size(), d);
  return res.ec == std::errc() && res.ptr == v.data() + v.size();
}

}  // namespace

prometheus_writer& prometheus_writer::family(std::string_view name, std::string_view type,
                                             std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  for (char c : help) {  // HELP escapes backslash and newline only
    if (c == '\\')
      out_ += "\\\\";
    else if (c == '\n')
      out_ += "\\n";
    else
      out_.push_back(c);
  }
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
  return *this;
}

prometheus_writer& prometheus_writer::sample_line(std::string_view name, labels l,
                                                  std::string_view value) {
  out_ += name;
  if (l.size() > 0) {
    out_ += '{';
    bool first = true;
    for (const auto& [k, v] : l) {
      if (!first) out_ += ',';
      first = false;
      out_ += k;
      out_ += "=\"";
      out_ += escape_label(v);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
  out_ += value;
  out_ += '\n';
  return *this;
}

prometheus_writer& prometheus_writer::sample(std::string_view name, labels l, double value) {
  return sample_line(name, l, format_double(value));
}

prometheus_writer& prometheus_writer::sample(std::string_view name, labels l,
                                             std::uint64_t value) {
  return sample_line(name, l, std::to_string(value));
}

prometheus_writer& prometheus_writer::sample(std::string_view name, labels l,
                                             std::int64_t value) {
  return sample_line(name, l, std::to_string(value));
}

prometheus_writer& prometheus_writer::gauge_lines(std::string_view lines, std::string_view help) {
  // family name -> its lines, in first-seen order
  std::vector<std::pair<std::string, std::vector<std::string_view>>> families;
  while (!lines.empty()) {
    const auto nl = lines.find('\n');
    std::string_view line = lines.substr(0, nl);
    lines.remove_prefix(nl == std::string_view::npos ? lines.size() : nl + 1);
    const auto name_end = line.find_first_of("{ ");
    const auto space = line.rfind(' ');
    if (line.empty() || line.front() == '#' || name_end == 0 ||
        name_end == std::string_view::npos || space == std::string_view::npos ||
        space + 1 == line.size() || !is_sample_value(line.substr(space + 1))) {
      continue;
    }
    const std::string name(line.substr(0, name_end));
    const bool valid_name = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == ':';
    });
    if (!valid_name) continue;
    auto it = std::find_if(families.begin(), families.end(),
                           [&](const auto& f) { return f.first == name; });
    if (it == families.end()) {
      families.emplace_back(name, std::vector<std::string_view>{});
      it = std::prev(families.end());
    }
    it->second.push_back(line);
  }
  for (const auto& [name, samples] : families) {
    family(name, "gauge", help);
    for (auto s : samples) {
      out_ += s;
      out_ += '\n';
    }
  }
  return *this;
}

// ---- methods --------------------------------------------------------------------------------

std::string_view normalized_method(std::string_view method) {
  static constexpr std::string_view known[] = {"GET",     "HEAD",    "POST",  "PUT",
                                               "DELETE",  "PATCH",   "OPTIONS", "CONNECT",
                                               "TRACE"};
  for (auto k : known)
    if (k == method) return k;
  return "OTHER";
}

// ---- http_metrics ---------------------------------------------------------------------------

namespace {

std::atomic<std::uint64_t> next_metrics_id{1};
std::atomic<std::uint64_t> next_thread_serial{1};

// This thread's number, never reused (a thread id may be, once its thread is gone).
std::uint64_t thread_serial() {
  thread_local const std::uint64_t serial = next_thread_serial.fetch_add(1);
  return serial;
}

// One more on a counter only this thread writes: a load and a store, no locked instruction.
void bump(std::atomic<std::uint64_t>& c, std::memory_order order = std::memory_order_relaxed) {
  c.store(c.load(std::memory_order_relaxed) + 1, order);
}

}  // namespace

// What one thread observed. Its owner is the only writer: it reads the maps without a lock
// and takes `m` only to add a route or a label set; readers hold `m` throughout.
struct http_metrics::shard {
  struct code_cell {
    code_cell(std::string_view m, int s) : method(m), status(s) {}
    const std::string_view method;  // normalized_method's static string
    const int status;
    std::atomic<std::uint64_t> n{0};
  };
  struct route_cell {
    std::array<std::atomic<std::uint64_t>, request_duration_buckets.size()> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<double> sum{0};
    std::deque<code_cell> codes;  // grows at the back: cells never move
  };
  explicit shard(std::uint64_t t) : thread(t) {}
  const std::uint64_t thread;
  std::mutex m;
  std::map<std::string, route_cell, std::less<>> routes;
};

// The shards summed, in the order /metrics lists them.
struct http_metrics::totals {
  struct histogram {
    std::array<std::uint64_t, request_duration_buckets.size()> buckets{};  // not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests;
  std::map<std::string, histogram> durations;
};

http_metrics::http_metrics() : id_(next_metrics_id.fetch_add(1)) {}

http_metrics::~http_metrics() = default;

http_metrics::shard& http_metrics::local_shard() {
  // The shard this thread used last, by instance id (an address could be reused).
  struct last_used {
    std::uint64_t id = 0;
    shard* s = nullptr;
  };
  thread_local last_used last;
  if (last.id == id_) return *last.s;
  const std::uint64_t me = thread_serial();
  std::lock_guard<std::mutex> lock(shards_m_);
  shard* mine = nullptr;
  for (const auto& s : shards_)
    if (s->thread == me) mine = s.get();
  if (!mine) mine = shards_.emplace_back(std::make_unique<shard>(me)).get();
  last = {id_, mine};
  return *mine;
}

void http_metrics::observe(std::string_view route, std::string_view method, int status,
                           double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // also NaN
  const std::string_view m = normalized_method(method);
  shard& s = local_shard();
  auto it = s.routes.find(route);
  if (it == s.routes.end()) {
    std::lock_guard<std::mutex> lock(s.m);
    it = s.routes
             .emplace(std::piecewise_construct, std::forward_as_tuple(route),
                      std::forward_as_tuple())
             .first;
  }
  shard::route_cell& r = it->second;
  shard::code_cell* cell = nullptr;
  for (auto& c : r.codes) {
    if (c.status == status && c.method == m) {
      cell = &c;
      break;
    }
  }
  if (!cell) {
    std::lock_guard<std::mutex> lock(s.m);
    cell = &r.codes.emplace_back(m, status);
  }
  bump(cell->n);
  // The count before the bucket, the bucket with release: a reader that sees the bucket sees
  // the count, so the cumulative buckets never pass +Inf.
  bump(r.count);
  for (std::size_t i = 0; i < request_duration_buckets.size(); ++i) {
    if (seconds <= request_duration_buckets[i]) {
      bump(r.buckets[i], std::memory_order_release);
      break;
    }
  }
  r.sum.store(r.sum.load(std::memory_order_relaxed) + seconds, std::memory_order_relaxed);
}

http_metrics::totals http_metrics::sum() const {
  totals t;
  std::lock_guard<std::mutex> lock(shards_m_);
  for (const auto& s : shards_) {
    std::lock_guard<std::mutex> shard_lock(s->m);
    for (const auto& [route, r] : s->routes) {
      auto& h = t.durations[route];
      for (std::size_t i = 0; i < h.buckets.size(); ++i)
        h.buckets[i] += r.buckets[i].load(std::memory_order_acquire);
      h.count += r.count.load(std::memory_order_relaxed);
      h.sum += r.sum.load(std::memory_order_relaxed);
      for (const auto& c : r.codes)
        t.requests[std::make_tuple(route, std::string(c.method), c.status)] +=
            c.n.load(std::memory_order_relaxed);
    }
  }
  // A route whose first request is being counted right now appears once that count is in
  // (as if the request came after the scrape).
  for (auto it = t.durations.begin(); it != t.durations.end();)
    it = it->second.count == 0 ? t.durations.erase(it) : std::next(it);
  return t;
}

std::size_t http_metrics::shard_count() const {
  std::lock_guard<std::mutex> lock(shards_m_);
  return shards_.size();
}

std::uint64_t http_metrics::requests(std::string_view route, std::string_view method,
                                     int status) const {
  const totals t = sum();
  auto it = t.requests.find(std::make_tuple(std::string(route), std::string(method), status));
  return it == t.requests.end() ? 0 : it->second;
}

void http_metrics::render(prometheus_writer& w) const {
  const totals t = sum();
  w.family("cityops_http_requests_total", "counter",
           "HTTP requests answered, by route pattern, method and status code.");
  for (const auto& [key, n] : t.requests) {
    const auto code = std::to_string(std::get<2>(key));
    w.sample("cityops_http_requests_total",
             {{"route", std::get<0>(key)}, {"method", std::get<1>(key)}, {"code", code}}, n);
  }
  w.family("cityops_http_request_duration_seconds", "histogram",
           "Time from a complete request to its response being handed to the connection, by "
           "route pattern.");
  for (const auto& [route, h] : t.durations) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < request_duration_buckets.size(); ++i) {
      cumulative += h.buckets[i];
      const auto le = prometheus_writer::format_double(request_duration_buckets[i]);
      w.sample("cityops_http_request_duration_seconds_bucket", {{"route", route}, {"le", le}},
               cumulative);
    }
    w.sample("cityops_http_request_duration_seconds_bucket", {{"route", route}, {"le", "+Inf"}},
             h.count);
    w.sample("cityops_http_request_duration_seconds_sum", {{"route", route}}, h.sum);
    w.sample("cityops_http_request_duration_seconds_count", {{"route", route}}, h.count);
  }
}

// ---- observed_dispatch ----------------------------------------------------------------------

namespace {

// One request being observed: recorded exactly once, when answered or when its responder is
// dropped unanswered (the server then answers 500).
struct observation {
  observation(std::shared_ptr<const request_observers> o, const http_request& req)
      : obs(std::move(o)),
        started(std::chrono::steady_clock::now()),
        method(normalized_method(req.method)),
        remote(req.remote) {}
  observation(const observation&) = delete;
  observation& operator=(const observation&) = delete;
  ~observation() {
    if (!done.load(std::memory_order_acquire)) record(500, 0);
  }

  void record(int status, std::size_t bytes) {
    if (done.exchange(true, std::memory_order_acq_rel)) return;
    if (status < 100 || status > 999) status = 500;  // what the server sends then
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::string_view r = route ? std::string_view(*route) : std::string_view("unmatched");
    if (obs->metrics) obs->metrics->observe(r, method, status, seconds);
    if (obs->log) {
      access_record a;
      a.method = method;
      a.route = r;
      a.status = status;
      a.duration_ms = seconds * 1000.0;
      a.bytes = bytes;
      a.remote = remote;
      a.principal = principal;
      obs->log->write(a);
    }
  }

  const std::shared_ptr<const request_observers> obs;
  const std::chrono::steady_clock::time_point started;
  const std::string_view method;  // a static string (normalized_method)
  const std::string remote;
  std::string principal;
  const std::string* route = nullptr;  // owned by the router; set before the handler runs
  std::atomic<bool> done{false};
};

}  // namespace

http_server::handler observed_dispatch(const router& r, request_observers obs) {
  auto shared = std::make_shared<const request_observers>(std::move(obs));
  return [&r, shared](http_request req, responder respond) {
    auto o = std::make_shared<observation>(shared, req);
    // The log's principal and the handler's require() resolve the token once between them.
    const token_scope tokens(req);
    if (shared->log && shared->principal_of) o->principal = shared->principal_of(req);
    responder observed = [o, respond = std::move(respond)](http_response res) {
      if (o->done.load(std::memory_order_acquire)) return;  // a second call: ignored anyway
      o->record(res.status, res.body.size());
      respond(std::move(res));
    };
    r.dispatch(req, std::move(observed), [&o](const std::string& pattern) { o->route = &pattern; });
  };
}

}  // namespace cityops::gateway
