#include "actors/scenario_host.hpp"

#include <array>
#include <exception>
#include <optional>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/protocol.hpp"
#include "actors/scenario_protocol.hpp"

namespace cityops {

using self_ptr = caf::stateful_actor<scenario_host_state>*;

// Sets up a host's context (scenario_context's private parts are for the host alone).
class scenario_host_access {
 public:
  static void wire(scenario_context& ctx, self_ptr self, const scenario_host_setup& s) {
    ctx.self_ = self;
    ctx.city_ = s.city;
    ctx.clock_ = s.clock;
    ctx.name_ = s.name;
    ctx.supervisor_ = s.supervisor;
    ctx.directory_ = s.directory;
    ctx.store_ = s.store;
  }
  static void start(scenario_context& ctx, std::string parameters, host_start& start) {
    ctx.parameters_ = std::move(parameters);
    ctx.activation_ = start.activation;
    ctx.restoring_ = start.restoring;
    ctx.journal_ = std::move(start.journal);
  }
  static std::vector<domain::scenario_event> take_recorded(scenario_context& ctx) {
    return std::exchange(ctx.recorded_, {});
  }
  static self_ptr self(const scenario_context& ctx) { return static_cast<self_ptr>(ctx.self_); }
};

namespace {

using access = scenario_host_access;

caf::error internal(std::string message) {
  return make_domain_error(domain::field_error(domain::error_code::internal, "", std::move(message)));
}

// Runs one handler under the watch; what it threw, or nothing.
template <class F>
std::optional<std::string> guarded(self_ptr self, host_watch::handler h, F&& handler) {
  auto& watch = *self->state.setup.watch;
  watch.running = h;
  watch.since_ms = steady_now_ms();
  std::optional<std::string> failure;
  try {
    handler();
  } catch (const std::exception& e) {
    failure = std::string(to_string(h)) + " threw: " + e.what();
  } catch (...) {
    failure = std::string(to_string(h)) + " threw a non-standard exception";
  }
  watch.since_ms = 0;
  watch.running = host_watch::idle;
  return failure;
}

// A handler failed: the supervisor withdraws the scenario; this host ends.
void fail(self_ptr self, const std::string& why) {
  const auto& st = self->state;
  spdlog::error("scenario {}: {}", st.setup.name, why);
  self->send(st.setup.supervisor, failed_atom::value, st.setup.name, st.ctx.activation(), why);
  self->quit(internal("scenario '" + st.setup.name + "' failed: " + why));
}

// Hands the journal entries the last handler recorded to the store actor; `done` runs once
// they are stored (or could not be).
template <class Done>
void flush_journal(self_ptr self, Done done) {
  auto recorded = access::take_recorded(self->state.ctx);
  if (recorded.empty()) return done(caf::error{});
  self->request(self->state.setup.store, caf::infinite, scenario_atom::value, put_atom::value,
                std::move(recorded))
      .then([done](const std::vector<domain::scenario_event>&) mutable { done(caf::error{}); },
            [self, done](caf::error& e) mutable {
              spdlog::error("scenario {}: journal not stored: {}", self->state.setup.name,
                            to_domain_error(e).message);
              done(e);
            });
}

void ignore(const caf::error&) {}

// Journal data and feed notices are embedded in JSON answers as they are: a scenario that
// hands over anything but a JSON object has a bug, and fails like one.
std::string json_object(std::string json, const char* what) {
  if (json.empty()) return "{}";
  param_reader in;
  if (auto err = param_reader::parse(json, in))
    throw std::invalid_argument(std::string(what) + " is not a JSON object: " + err->message);
  return json;
}

// A stream or timer handler: nobody waits for it.
template <class F>
void run(self_ptr self, host_watch::handler h, F&& handler) {
  if (!self->state.active) return;
  if (auto why = guarded(self, h, std::forward<F>(handler))) return fail(self, *why);
  flush_journal(self, ignore);
}

void follow_streams(self_ptr self, bool on) {
  auto& groups = self->system().groups();
  for (const char* name : {committed_stream_name, sample_stream_name}) {
    auto g = groups.get_local(name);
    if (on)
      self->join(g);
    else
      self->leave(g);
  }
}

}  // namespace

std::string_view to_string(host_watch::handler h) {
  static constexpr std::array<std::string_view, 9> names{
      "idle", "configure", "activate", "deactivate", "on_committed", "on_samples", "on_timer",
      "on_request", "on_cases"};
  const auto i = static_cast<std::size_t>(h);
  return i < names.size() ? names[i] : "unknown";
}

std::int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// ---- scenario_context: what a scenario asks, as messages from its host --------------------

void scenario_context::set_rules(domain::scenario_rule_set rules) {
  auto self = access::self(*this);
  self->send(supervisor_, rules_atom::value, name_, activation_, std::move(rules));
}

void scenario_context::adjust_open_cases(domain::scenario_area area) {
  auto self = access::self(*this);
  self->send(supervisor_, adjust_atom::value, name_, activation_, std::move(area));
}

void scenario_context::record(std::string kind, std::string json) {
  if (!domain::valid_journal_kind(kind))
    throw std::invalid_argument("journal kind '" + kind +
                                "' is not [a-z][a-z0-9_]* or is a lifecycle kind");
  domain::scenario_event e;
  e.scenario = name_;
  e.kind = std::move(kind);
  e.at_ms = now_ms();
  e.by = "scenario:" + name_;
  e.detail = json_object(std::move(json), "journal data");
  e.activation = activation_;
  recorded_.push_back(std::move(e));
}

void scenario_context::publish(std::string event, std::string json, std::string node) {
  auto self = access::self(*this);
  scenario_notice n{name_, std::move(event), now_ms(), std::move(node),
                    json_object(std::move(json), "a feed notice's data")};
  self->send(self->system().groups().get_local(scenario_stream_name), scenario_atom::value,
             std::move(n));
}

void scenario_context::query_cases(case_query query, std::string tag) {
  auto self = access::self(*this);
  auto deliver = [self](const std::string& tag, const domain::result<case_list>& page) {
    auto& st = self->state;
    run(self, host_watch::on_cases, [&] { st.setup.instance->on_cases(tag, page, st.ctx); });
  };
  self->request(store_, caf::infinite, query_atom::value, std::move(query))
      .then([deliver, tag](case_list& page) { deliver(tag, std::move(page)); },
            [deliver, tag](caf::error& e) { deliver(tag, to_domain_error(e)); });
}

void scenario_context::schedule(std::chrono::milliseconds delay, std::string tag) {
  auto self = access::self(*this);
  self->delayed_send(self, delay, timer_atom::value, std::move(tag));
}

void scenario_context::deactivate_self(std::string reason) {
  auto self = access::self(*this);
  self->send(supervisor_, deactivate_atom::value, name_, activation_, std::move(reason));
}

void scenario_context::adopt(const caf::actor& child) {
  auto self = access::self(*this);
  self->send(supervisor_, spawned_atom::value, name_, activation_, child);
}

// ---- the host ------------------------------------------------------------------------------

caf::behavior scenario_host(self_ptr self, scenario_host_setup setup) {
  self->state.setup = std::move(setup);
  if (!self->state.setup.watch) self->state.setup.watch = std::make_shared<host_watch>();
  access::wire(self->state.ctx, self, self->state.setup);
  return {
      [self](configure_atom, const std::string& parameters, bool restoring) -> caf::result<bool> {
        auto& st = self->state;
        auto params = parse_params(parameters);
        if (!params) return make_domain_error(params.error());
        std::optional<domain::domain_error> refused;
        const scenario_setup setup{*st.setup.city, st.setup.clock->now_ms(), restoring};
        if (auto why = guarded(self, host_watch::configure, [&] {
              refused = st.setup.instance->configure(*params, setup);
            })) {
          fail(self, *why);
          return internal("scenario '" + st.setup.name + "' failed: " + *why);
        }
        if (!refused && params->error()) refused = param_error(*params->error());
        if (refused) return make_domain_error(*refused);
        return true;
      },
      [self](activate_atom, std::string& parameters, host_start& start) -> caf::result<bool> {
        auto& st = self->state;
        access::start(st.ctx, std::move(parameters), start);
        if (auto why = guarded(self, host_watch::activate,
                               [&] { st.setup.instance->activate(st.ctx); })) {
          fail(self, *why);
          return internal("scenario '" + st.setup.name + "' failed: " + *why);
        }
        st.active = true;
        follow_streams(self, true);
        flush_journal(self, ignore);
        return true;
      },
      [self](deactivate_atom) -> caf::result<bool> {
        auto& st = self->state;
        if (st.active) follow_streams(self, false);
        st.active = false;
        if (auto why = guarded(self, host_watch::deactivate,
                               [&] { st.setup.instance->deactivate(st.ctx); })) {
          fail(self, *why);
          return internal("scenario '" + st.setup.name + "' failed: " + *why);
        }
        flush_journal(self, ignore);
        return true;
      },
      [self](committed_atom, const committed_batch& batch) {
        auto& st = self->state;
        run(self, host_watch::on_committed, [&] { st.setup.instance->on_committed(batch, st.ctx); });
      },
      [self](indicator_atom, const std::vector<domain::indicator_sample>& samples) {
        auto& st = self->state;
        run(self, host_watch::on_samples, [&] { st.setup.instance->on_samples(samples, st.ctx); });
      },
      [self](timer_atom, const std::string& tag) {
        auto& st = self->state;
        run(self, host_watch::on_timer, [&] { st.setup.instance->on_timer(tag, st.ctx); });
      },
      [self](call_atom, const scenario_request& req) -> caf::result<scenario_reply> {
        auto& st = self->state;
        if (!st.active)
          return make_domain_error(domain::field_error(
              domain::error_code::not_found, "name", "scenario '" + st.setup.name + "' is not active"));
        scenario_reply reply;
        if (auto why = guarded(self, host_watch::on_request,
                               [&] { reply = st.setup.instance->on_request(req, st.ctx); })) {
          fail(self, *why);
          return internal("scenario '" + st.setup.name + "' failed: " + *why);
        }
        auto rp = self->make_response_promise<scenario_reply>();
        flush_journal(self, [rp, reply = std::move(reply)](const caf::error& e) mutable {
          if (e)
            rp.deliver(e);
          else
            rp.deliver(std::move(reply));
        });
        return rp;
      },
  };
}

}  // namespace cityops
