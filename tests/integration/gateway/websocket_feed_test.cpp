// GET /api/v1/feed over a real server, real actors and a real store, with a Beast WebSocket
// client: filters, authentication before the upgrade, alerts on the feed and over REST, and
// the slow-consumer rule (a client that never reads is closed with 1008 "slow consumer",
// its queue stays under the bound and it is dropped from the hub).
#include <catch2/catch.hpp>

#include "tests/support/eventually.hpp"
#include <caf/all.hpp>
#include <simdjson.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "actors/oversight_protocol.hpp"
#include "actors/protocol.hpp"
#include "gateway/actor_bridge.hpp"
#include "gateway/api_context.hpp"
#include "gateway/auth.hpp"
#include "gateway/feed_routes.hpp"
#include "gateway/http_server.hpp"
#include "gateway/router.hpp"
#include "runtime/city_runtime.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/service_process.hpp"
#include "tests/support/test_city.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using namespace cityops;
using cityops::testing::header_list;
using cityops::testing::http_call;

namespace {

constexpr const char* admin_token = "admin-token-0123456789";
constexpr const char* street_token = "street-operator-token-1";  // operator of 990001001
constexpr const char* squad_token = "squad-token-0123456789";    // 990001002.squad staff
constexpr const char* app_token = "citizen-app-token-12345";

// Feed deliveries cross the actor system and a socket: a longer limit than the default.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 20s) {
  return cityops::testing::eventually(pred, limit);
}

// A blocking WebSocket client with a deadline on every operation.
class ws_client {
 public:
  // Connects to ws://host_port/target. When the server refuses the upgrade, status() is its
  // HTTP status and is_open() false. `receive_buffer` > 0 shrinks the socket's receive
  // buffer (so a client that does not read fills up quickly).
  ws_client(const std::string& host_port, const std::string& target, header_list headers = {},
            int receive_buffer = 0) {
    const auto colon = host_port.rfind(':');
    const auto host = host_port.substr(0, colon);
    const auto port = static_cast<unsigned short>(std::stoi(host_port.substr(colon + 1)));
    auto& stream = beast::get_lowest_layer(ws_);
    stream.socket().open(tcp::v4());
    if (receive_buffer > 0)
      stream.socket().set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    stream.expires_after(10s);
    stream.connect(tcp::endpoint(asio::ip::make_address(host), port));
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
      for (const auto& [k, v] : headers) req.set(k, v);
    }));
    websocket::response_type res;
    beast::error_code result;
    ws_.async_handshake(res, host_port, target, [&](beast::error_code ec) { result = ec; });
    ioc_.run();
    status_ = static_cast<int>(res.result_int());
    body_ = res.body();
    open_ = !result;
    stream.expires_never();
    if (open_) ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  }

  bool is_open() const { return open_; }
  int status() const { return status_; }
  const std::string& body() const { return body_; }

  // The next message, or nullopt once the connection ended (see closed_with()). Throws when
  // nothing happens within `limit`.
  std::optional<std::string> read(std::chrono::milliseconds limit = 10s) {
    if (!open_) return std::nullopt;
    bool done = false;
    beast::error_code result;
    ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    ioc_.restart();
    ioc_.run_for(limit);
    if (!done) {
      beast::get_lowest_layer(ws_).close();
      ioc_.restart();
      ioc_.run();
      open_ = false;
      throw std::runtime_error("no WebSocket message within the limit");
    }
    if (result) {
      open_ = false;
      error_ = result;
      return std::nullopt;
    }
    std::string out = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    return out;
  }

  // Reads until a message contains `needle`; every message read is appended to `seen`.
  std::string read_until(const std::string& needle, std::vector<std::string>& seen) {
    for (;;) {
      auto m = read();
      if (!m) throw std::runtime_error("connection ended before '" + needle + "' arrived");
      seen.push_back(*m);
      if (m->find(needle) != std::string::npos) return *m;
    }
  }

  // After read() returned nullopt: the close frame the server sent (code 0 when none).
  websocket::close_reason closed_with() const {
    if (error_ != websocket::error::closed) return {};
    return ws_.reason();
  }

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_{ioc_};
  beast::flat_buffer buffer_;
  bool open_ = false;
  int status_ = 0;
  std::string body_;
  beast::error_code error_;
};

header_list bearer(const char* token) { return {{"Authorization", std::string("Bearer ") + token}}; }

// Runtime + bridge + API + server on 127.0.0.1:0, stopped in order at the end.
struct feed_fixture {
  explicit feed_fixture(gateway::feed_options feed = {})
      : city(testing::make_test_city()), clock(1'795'000'000'000) {
    city_runtime::options o;
    o.data_dir = dir.path();
    o.worker_threads = 2;
    std::string error;
    rt = city_runtime::start(city, clock, o, error);
    REQUIRE(rt);
    bridge = std::make_unique<gateway::actor_bridge>(rt->system(), rt->directory(), rt->network(),
                                                     rt->store(), 10s);
    bridge->attach_oversight(rt->alert_board(), rt->feed_hub());
    tokens.add_plain(admin_token, {"admin", gateway::role::admin, "", ""});
    tokens.add_plain(street_token,
                     {"street-seat", gateway::role::operator_role, "990001001", ""});
    tokens.add_plain(squad_token, {"squad-1", gateway::role::department, "", "990001002.squad"});
    tokens.add_plain(app_token, {"app", gateway::role::citizen_app, "", ""});
    api = std::make_unique<gateway::api_context>(city, *bridge, tokens, "salt", 4096);
    gateway::add_api_routes(router, *api);
    gateway::http_server::options http;
    http.host = "127.0.0.1";
    http.port = 0;
    http.io_threads = 2;
    http.upgrade = gateway::make_feed_upgrade(*api, feed, stats);
    server = std::make_unique<gateway::http_server>(
        http, [r = &router](gateway::http_request req, gateway::responder respond) {
          r->dispatch(req, std::move(respond));
        });
    REQUIRE(server->start(error));
    address = server->local_address();
  }
  ~feed_fixture() {
    server->stop(2s);
    server.reset();
    bridge.reset();
    rt->stop();
  }

  domain::new_case new_case(const std::string& node) {
    domain::new_case n;
    n.source = domain::case_source::grid;
    n.text = "路口有流动摊贩占道经营，影响通行";
    n.category = "0601";
    n.node = node;
    return n;
  }

  // Reports `n` cases at `node`, at most `in_flight` at a time; returns their ids in order
  // of acknowledgement.
  std::vector<std::string> report(const std::string& node, int n, int in_flight = 1) {
    struct waiter {
      std::mutex m;
      std::condition_variable cv;
      int pending = 0;
      std::vector<std::string> ids;
      std::vector<std::string> errors;
    };
    auto w = std::make_shared<waiter>();
    for (int i = 0; i < n; ++i) {
      {
        std::unique_lock<std::mutex> lock(w->m);
        REQUIRE(w->cv.wait_for(lock, 30s, [&] { return w->pending < in_flight; }));
        ++w->pending;
      }
      bridge->report(new_case(node), [w](domain::result<domain::case_record> r) {
        std::lock_guard<std::mutex> lock(w->m);
        if (r.ok())
          w->ids.push_back(r->id);
        else
          w->errors.push_back(r.error().message);
        --w->pending;
        w->cv.notify_all();
      });
    }
    std::unique_lock<std::mutex> lock(w->m);
    REQUIRE(w->cv.wait_for(lock, 60s, [&] { return w->pending == 0; }));
    REQUIRE(w->errors.empty());
    return w->ids;
  }

  std::uint64_t hub_subscribers() {
    caf::scoped_actor self{rt->system()};
    std::uint64_t n = 0;
    self->request(rt->feed_hub(), 10s, feed_atom::value, queue_atom::value)
        .receive([&](std::uint64_t x) { n = x; },
                 [](caf::error& e) { FAIL("feed hub: " << caf::to_string(e)); });
    return n;
  }

  testing::temp_dir dir;
  config::city_model city;
  manual_clock clock;
  std::unique_ptr<city_runtime> rt;
  std::unique_ptr<gateway::actor_bridge> bridge;
  gateway::token_registry tokens;
  std::unique_ptr<gateway::api_context> api;
  gateway::router router;
  std::shared_ptr<gateway::feed_stats> stats = std::make_shared<gateway::feed_stats>();
  std::unique_ptr<gateway::http_server> server;
  std::string address;
};

std::string str(simdjson::dom::element e, const char* key) {
  return std::string(std::string_view(e[key]));
}

std::size_t count_items(simdjson::dom::element e) {
  simdjson::dom::array items = e["items"];
  return items.size();
}

// Stops the server (closing every WebSocket with 1001) and joins a reader thread, also when
// a REQUIRE fails halfway.
struct reader_guard {
  gateway::http_server& server;
  std::thread& thread;
  ~reader_guard() {
    server.stop(2s);
    if (thread.joinable()) thread.join();
  }
};

}  // namespace

TEST_CASE("feed: a node filter lets through only the cases inside it", "[gateway][feed]") {
  feed_fixture f;
  // An operator of street 990001001, token in the query (as a browser sends it): held to
  // its street.
  ws_client street(f.address, std::string("/api/v1/feed?token=") + street_token);
  REQUIRE(street.is_open());
  CHECK(street.status() == 101);
  // An admin narrowing to the other street, token in the header.
  ws_client other(f.address, "/api/v1/feed?node=990001002", bearer(admin_token));
  REQUIRE(other.is_open());
  // Department staff of the other street's squad: held to their department.
  ws_client squad(f.address, "/api/v1/feed", bearer(squad_token));
  REQUIRE(squad.is_open());

  simdjson::dom::parser p;
  auto hello = street.read();
  REQUIRE(hello);
  simdjson::dom::element h = p.parse(*hello);
  CHECK(str(h, "kind") == "subscribed");
  CHECK(str(h["filter"], "node") == "990001001");
  CHECK(h["filter"]["department"].is_null());
  auto other_hello = other.read();
  REQUIRE(other_hello);
  CHECK(other_hello->find("\"node\":\"990001002\"") != std::string::npos);
  auto squad_hello = squad.read();
  REQUIRE(squad_hello);
  CHECK(squad_hello->find("\"department\":\"990001002.squad\"") != std::string::npos);
  REQUIRE(eventually([&] { return f.hub_subscribers() == 3; }));

  const auto outside = f.report("990001002001", 1).at(0);  // below street 990001002
  const auto inside = f.report("990001001001", 1).at(0);   // below street 990001001

  // The street sees the inside case, and nothing of the outside one before it.
  std::vector<std::string> seen;
  const auto msg = street.read_until(inside, seen);
  for (const auto& m : seen) CHECK(m.find(outside) == std::string::npos);
  simdjson::dom::element e = p.parse(msg);
  CHECK(str(e, "kind") == "case_event");
  CHECK(str(e, "case_id") == inside);
  CHECK(str(e["event"], "type") == "reported");
  CHECK(std::int64_t(e["event"]["seq"]) == 1);
  CHECK(str(e["event"], "node") == "990001001001");
  CHECK(str(e["case"], "status") == "reported");
  CHECK(str(e["case"], "node") == "990001001001");
  CHECK(str(e["case"], "department") == "990001001.squad");

  // The other street and the squad see the outside case first and never the inside one.
  std::vector<std::string> other_seen;
  other.read_until(outside, other_seen);
  std::vector<std::string> squad_seen;
  squad.read_until(outside, squad_seen);
  // A third case inside the other street: whatever came before it must not be the inside one.
  const auto later = f.report("990001002001", 1).at(0);
  other.read_until(later, other_seen);
  squad.read_until(later, squad_seen);
  for (const auto& m : other_seen) CHECK(m.find(inside) == std::string::npos);
  for (const auto& m : squad_seen) CHECK(m.find(inside) == std::string::npos);
}

TEST_CASE("feed: the upgrade needs a token and a filter inside the caller's scope",
          "[gateway][feed]") {
  feed_fixture f;
  ws_client none(f.address, "/api/v1/feed");
  CHECK_FALSE(none.is_open());
  CHECK(none.status() == 401);
  ws_client wrong(f.address, "/api/v1/feed?token=not-a-token");
  CHECK_FALSE(wrong.is_open());
  CHECK(wrong.status() == 401);
  ws_client app(f.address, "/api/v1/feed", bearer(app_token));
  CHECK_FALSE(app.is_open());
  CHECK(app.status() == 403);
  ws_client outside(f.address, std::string("/api/v1/feed?node=990001002&token=") + street_token);
  CHECK_FALSE(outside.is_open());
  CHECK(outside.status() == 403);
  ws_client other_dept(f.address, "/api/v1/feed?department=990001001.squad", bearer(squad_token));
  CHECK_FALSE(other_dept.is_open());
  CHECK(other_dept.status() == 403);
  ws_client unknown(f.address, "/api/v1/feed?node=123", bearer(admin_token));
  CHECK_FALSE(unknown.is_open());
  CHECK(unknown.status() == 400);
  ws_client elsewhere(f.address, "/api/v1/cases", bearer(admin_token));
  CHECK_FALSE(elsewhere.is_open());
  CHECK(elsewhere.status() == 404);
  // A narrower node inside the operator's subtree is fine.
  ws_client narrower(f.address,
                     std::string("/api/v1/feed?node=990001001002&token=") + street_token);
  CHECK(narrower.is_open());
  // Without the upgrade the route says what it is.
  auto plain = http_call(f.address, "GET", "/api/v1/feed", "", bearer(admin_token));
  CHECK(plain.status == 426);
  CHECK(plain.header("upgrade") == "websocket");
  CHECK(eventually([&] { return f.stats->open.load() == 1; }));
}

TEST_CASE("feed: a client that never reads is closed as a slow consumer, memory bounded",
          "[gateway][feed][backpressure]") {
  // Small bounds, with headroom for a reader that keeps up (a group commit hands the hub
  // dozens of events at once, and the io thread may lag the hub on a busy machine).
  gateway::feed_options opts;
  opts.max_queued_messages = 256;
  opts.max_queued_bytes = 128 * 1024;
  opts.send_buffer_bytes = 8 * 1024;  // the kernel holds little for the slow client
  opts.close_timeout = 20s;  // room for the client to start reading and see the close frame
  feed_fixture f(opts);

  ws_client slow(f.address, "/api/v1/feed", bearer(admin_token), /*receive_buffer=*/4096);
  REQUIRE(slow.is_open());
  ws_client fast(f.address, "/api/v1/feed", bearer(admin_token));
  REQUIRE(fast.is_open());
  REQUIRE(eventually([&] { return f.hub_subscribers() == 2; }));
  REQUIRE(f.server->websocket_count() == 2);

  // The fast client reads everything on a thread of its own; the slow one reads nothing.
  std::atomic<int> fast_messages{0};
  std::atomic<bool> fast_ok{true};
  std::thread reader([&] {
    try {
      while (fast.read(60s)) ++fast_messages;
    } catch (...) {
      fast_ok = false;
    }
  });
  reader_guard guard{*f.server, reader};

  // Cases until the slow client overflows its queue (kernel buffers absorb the first ones).
  int reported = 0;
  while (f.stats->slow_consumer_closes.load() == 0 && reported < 4000) {
    reported += static_cast<int>(f.report("990001001001", 50, 25).size());
  }
  WARN("cases reported before the slow client overflowed: " << reported);
  REQUIRE(f.stats->slow_consumer_closes.load() == 1);

  // Dropped from the hub at once; the queue never went past its bound.
  CHECK(eventually([&] { return f.hub_subscribers() == 1; }));
  CHECK(f.stats->peak_queued_bytes.load() <= opts.max_queued_bytes);
  // Cases keep flowing to the fast client; the slow one costs nothing any more.
  f.report("990001001001", 20, 10);
  CHECK(f.stats->slow_consumer_closes.load() == 1);

  // Now the slow client reads: what the kernel held, then the close frame with the reason.
  int drained = 0;
  while (slow.read(30s)) ++drained;
  const auto why = slow.closed_with();
  CHECK(why.code == gateway::websocket_close_policy);
  CHECK(std::string(why.reason.c_str()) == "slow consumer");
  CHECK(drained > 0);
  CHECK(eventually([&] { return f.server->websocket_count() == 1; }));
  CHECK(eventually([&] { return f.stats->open.load() == 1; }));

  // The fast client got every event (one `reported` per case) and is still subscribed.
  CHECK(f.hub_subscribers() == 1);
  const int expected = reported + 20 + 1;  // + its hello
  CHECK(eventually([&] { return fast_messages.load() >= expected; }, 30s));
  f.server->stop(2s);  // closes the fast client too (1001): the reader thread ends
  reader.join();
  CHECK(fast_ok.load());
  CHECK(fast_messages.load() == expected);
}

TEST_CASE("alerts: raised by supervision, on the feed, listed and acknowledged over HTTP",
          "[gateway][alerts]") {
  feed_fixture f;
  ws_client street(f.address, std::string("/api/v1/feed?token=") + street_token);
  REQUIRE(street.is_open());
  REQUIRE(street.read());  // subscribed
  REQUIRE(eventually([&] { return f.hub_subscribers() == 1; }));

  const auto id = f.report("990001001001", 1).at(0);
  domain::action_request q;
  q.action = domain::case_action::supervise;
  q.by = "city-seat";
  q.reason = "群众反复投诉";
  q.node = "9900";
  std::promise<domain::result<domain::case_record>> acted;
  f.bridge->act(id, q, [&acted](domain::result<domain::case_record> r) {
    acted.set_value(std::move(r));
  });
  auto fut = acted.get_future();
  REQUIRE(fut.wait_for(10s) == std::future_status::ready);
  REQUIRE(fut.get().ok());

  simdjson::dom::parser p;
  std::vector<std::string> seen;
  const auto msg = street.read_until("\"kind\":\"alert\"", seen);
  simdjson::dom::element a = p.parse(msg)["alert"];
  const auto alert_id = str(a, "id");
  CHECK(str(a, "kind") == "supervised");
  CHECK(str(a, "case_id") == id);
  CHECK(str(a, "status") == "open");
  CHECK(a["acked_by"].is_null());
  CHECK_THAT(alert_id, Catch::StartsWith(id + "-e"));

  auto open = http_call(f.address, "GET", "/api/v1/alerts?status=open", "", bearer(street_token));
  REQUIRE(open.status == 200);
  simdjson::dom::element list = p.parse(open.body);
  REQUIRE(count_items(list) == 1);
  CHECK(str(list["items"].at(0), "id") == alert_id);
  CHECK(list["next_cursor"].is_null());

  // The other street's squad neither sees nor acknowledges it; a citizen app may not list.
  auto squad_list = http_call(f.address, "GET", "/api/v1/alerts", "", bearer(squad_token));
  REQUIRE(squad_list.status == 200);
  CHECK(count_items(p.parse(squad_list.body)) == 0);
  auto squad_ack =
      http_call(f.address, "POST", "/api/v1/alerts/" + alert_id + "/ack", "", bearer(squad_token));
  CHECK(squad_ack.status == 403);
  CHECK(http_call(f.address, "GET", "/api/v1/alerts", "", bearer(app_token)).status == 403);
  CHECK(http_call(f.address, "GET", "/api/v1/alerts?status=bogus", "", bearer(admin_token))
            .status == 400);
  CHECK(http_call(f.address, "POST", "/api/v1/alerts/3706-20261118-000001-e9/ack", "",
                  bearer(admin_token))
            .status == 404);

  auto acked =
      http_call(f.address, "POST", "/api/v1/alerts/" + alert_id + "/ack", "", bearer(street_token));
  REQUIRE(acked.status == 200);
  simdjson::dom::element b = p.parse(acked.body);
  CHECK(str(b, "status") == "acked");
  CHECK(str(b, "acked_by") == "street-seat");
  CHECK_FALSE(b["acked_at"].is_null());

  // The acknowledgement reaches the feed too.
  const auto update = street.read_until("\"status\":\"acked\"", seen);
  CHECK(update.find(alert_id) != std::string::npos);

  auto listed_acked =
      http_call(f.address, "GET", "/api/v1/alerts?status=acked", "", bearer(admin_token));
  REQUIRE(listed_acked.status == 200);
  simdjson::dom::element l2 = p.parse(listed_acked.body);
  REQUIRE(count_items(l2) == 1);
  CHECK(str(l2["items"].at(0), "acked_by") == "street-seat");
  auto now_open = http_call(f.address, "GET", "/api/v1/alerts", "", bearer(admin_token));
  CHECK(count_items(p.parse(now_open.body)) == 0);

  // Closing needs a note saying what was done; the squad of the other street may not close.
  const auto close_path = "/api/v1/alerts/" + alert_id + "/close";
  auto no_note = http_call(f.address, "POST", close_path, "{}", bearer(street_token));
  CHECK(no_note.status == 400);
  CHECK(str(p.parse(no_note.body)["error"], "field") == "note");
  auto blank = http_call(f.address, "POST", close_path, R"({"note":"  "})", bearer(street_token));
  CHECK(blank.status == 400);
  CHECK(http_call(f.address, "POST", close_path, R"({"note":"x"})", bearer(squad_token)).status ==
        403);
  auto closed = http_call(f.address, "POST", close_path, R"({"note":"井盖已更换，现场复核无误"})",
                          bearer(street_token));
  REQUIRE(closed.status == 200);
  simdjson::dom::element c = p.parse(closed.body);
  CHECK(str(c, "status") == "closed");
  CHECK(str(c, "closed_by") == "street-seat");
  CHECK(str(c, "close_note") == "井盖已更换，现场复核无误");
  CHECK(str(c, "acked_by") == "street-seat");  // the first acknowledgement stands
  const auto closed_update = street.read_until("\"status\":\"closed\"", seen);
  CHECK(closed_update.find(alert_id) != std::string::npos);
  // Closing again returns the first close; the alert is listed among the closed.
  auto again = http_call(f.address, "POST", close_path, R"({"note":"again"})", bearer(admin_token));
  REQUIRE(again.status == 200);
  CHECK(str(p.parse(again.body), "close_note") == "井盖已更换，现场复核无误");
  auto listed_closed =
      http_call(f.address, "GET", "/api/v1/alerts?status=closed", "", bearer(admin_token));
  REQUIRE(listed_closed.status == 200);
  CHECK(count_items(p.parse(listed_closed.body)) == 1);
}
