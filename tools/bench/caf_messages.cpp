// cityops-bench caf-messages: CAF message rate with the service's actor system set-up
// (runtime/actor_system_setup.hpp), request/response only:
//   ping-pong  two actors, one request in flight: the round-trip rate of one pair;
//   fan-in     many sender actors, one request in flight each, all to one actor that answers
//              every request (like many case actors appending to the store actor); each
//              request carries a realistic case_commit (a new case's `reported` event).
// Rates count both directions: messages/s = 2 x requests/s.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <vector>

#include <caf/all.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/protocol.hpp"
#include "config/city_loader.hpp"
#include "runtime/actor_system_setup.hpp"
#include "runtime/case_id_allocator.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"
#include "tools/bench/seed_generator.hpp"

namespace cityops::bench {
namespace {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
using steady = std::chrono::steady_clock;

struct pinger_state {
  caf::actor pong;
  caf::actor report_to;
  std::uint64_t left = 0;
};

void ping_next(caf::stateful_actor<pinger_state>* self) {
  auto& st = self->state;
  if (st.left == 0) {
    self->send(st.report_to, done_atom::value);
    self->quit();
    return;
  }
  --st.left;
  self->request(st.pong, caf::infinite, ping_atom::value, st.left)
      .then([self](std::uint64_t) { ping_next(self); });
}

caf::behavior pinger(caf::stateful_actor<pinger_state>* self, caf::actor pong,
                     std::uint64_t rounds, caf::actor report_to) {
  self->state.pong = std::move(pong);
  self->state.report_to = std::move(report_to);
  self->state.left = rounds;
  ping_next(self);
  return {[](caf::ok_atom) {}};
}

caf::behavior ponger(caf::event_based_actor*) {
  return {[](ping_atom, std::uint64_t n) { return n; }};
}

struct sender_state {
  caf::actor sink;
  caf::actor report_to;
  std::uint64_t left = 0;
  std::shared_ptr<const case_commit> commit;
};

void send_next(caf::stateful_actor<sender_state>* self) {
  auto& st = self->state;
  if (st.left == 0) {
    self->send(st.report_to, done_atom::value);
    self->quit();
    return;
  }
  --st.left;
  self->request(st.sink, caf::infinite, append_atom::value, *st.commit)
      .then([self](caf::ok_atom) { send_next(self); });
}

caf::behavior sender(caf::stateful_actor<sender_state>* self, caf::actor sink,
                     std::uint64_t requests, std::shared_ptr<const case_commit> commit,
                     caf::actor report_to) {
  self->state.sink = std::move(sink);
  self->state.report_to = std::move(report_to);
  self->state.left = requests;
  self->state.commit = std::move(commit);
  send_next(self);
  return {[](caf::ok_atom) {}};
}

caf::behavior sink(caf::event_based_actor*) {
  return {[](append_atom, const case_commit&) { return caf::ok_atom::value; }};
}

// Waits for `n` done messages on `self`.
void await_done(caf::scoped_actor& self, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) self->receive([](done_atom) {});
}

case_commit sample_commit() {
  const auto& city = config::default_city().city;
  seed_options o;
  o.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  seed_generator gen(city, "bench-salt", o);
  std::mt19937_64 rng(7);
  const auto id = make_case_id(city.city_id, domain::local_day_stamp(o.now_ms), 1);
  auto r = gen.make_reported(id, o.now_ms, rng);
  case_commit c;
  c.case_id = id;
  c.events = std::move(r.history);
  r.history.clear();
  c.snapshot = std::move(r);
  c.previous.id = id;
  return c;
}

struct caf_options {
  std::uint64_t rounds = 1'000'000;
  std::uint64_t senders = 1000;
  std::uint64_t requests = 2'000'000;  // fan-in total
  unsigned threads = 0;
  std::string json;
};

void run(const caf_options& o, int& exit_code) {
  actor_system_setup setup(false, o.threads);
  caf::actor_system sys{setup};
  caf::scoped_actor self{sys};
  const auto workers = sys.scheduler().num_workers();

  // Ping-pong.
  auto pong = sys.spawn(ponger);
  const auto t0 = steady::now();
  sys.spawn(pinger, pong, o.rounds, caf::actor_cast<caf::actor>(self));
  await_done(self, 1);
  const double pp_s = std::chrono::duration<double>(steady::now() - t0).count();
  self->send_exit(pong, caf::exit_reason::user_shutdown);
  const double pp_rate = rate_per_second(2 * o.rounds, pp_s);
  std::printf("caf-messages ping-pong: %s round trips in %.2f s = %s messages/s (%zu workers)\n",
              human_count(static_cast<double>(o.rounds)).c_str(), pp_s,
              human_count(pp_rate).c_str(), workers);

  // Fan-in.
  auto commit = std::make_shared<const case_commit>(sample_commit());
  auto target = sys.spawn(sink);
  const std::uint64_t senders = std::max<std::uint64_t>(1, o.senders);
  const std::uint64_t each = std::max<std::uint64_t>(1, o.requests / senders);
  const auto t1 = steady::now();
  for (std::uint64_t i = 0; i < senders; ++i)
    sys.spawn(sender, target, each, commit, caf::actor_cast<caf::actor>(self));
  await_done(self, senders);
  const double fi_s = std::chrono::duration<double>(steady::now() - t1).count();
  self->send_exit(target, caf::exit_reason::user_shutdown);
  const double fi_rate = rate_per_second(2 * senders * each, fi_s);
  std::printf("caf-messages fan-in: %s senders x %s requests (case_commit) to one actor in "
              "%.2f s = %s messages/s, %s requests/s\n",
              human_count(static_cast<double>(senders)).c_str(),
              human_count(static_cast<double>(each)).c_str(), fi_s, human_count(fi_rate).c_str(),
              human_count(fi_rate / 2).c_str());

  gateway::json_writer w;
  begin_result(w, "caf-messages");
  w.member("scheduler_workers", static_cast<std::uint64_t>(workers));
  w.key("ping_pong").begin_object();
  w.member("round_trips", o.rounds);
  w.member("seconds", pp_s);
  w.member("messages_per_s", pp_rate);
  w.end_object();
  w.key("fan_in").begin_object();
  w.member("senders", senders);
  w.member("requests_per_sender", each);
  w.member("payload", "case_commit");
  w.member("seconds", fi_s);
  w.member("messages_per_s", fi_rate);
  w.member("requests_per_s", fi_rate / 2);
  w.end_object();
  w.end_object();
  std::string error;
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "caf-messages: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_caf_messages(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<caf_options>();
  auto* sub = app.add_subcommand("caf-messages", "CAF request/response rate: ping-pong, fan-in");
  sub->add_option("--rounds", o->rounds, "ping-pong round trips");
  sub->add_option("--senders", o->senders, "fan-in sender actors");
  sub->add_option("--requests", o->requests, "fan-in requests in total");
  sub->add_option("--threads", o->threads, "CAF worker threads (0: one per core, as cityopsd)");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run(*o, exit_code); });
}

}  // namespace cityops::bench
