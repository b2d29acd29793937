#pragma once
// Scenarios: behaviours added to the city without editing its core (docs/extending.md). A
// scenario is a C++ class registered by name in a scenario_registry; an admin or supervisor
// activates it at run time with JSON parameters (POST /api/v1/scenarios/{name}/activate) and
// deactivates it again. While active it may
//   - contribute rules to the overlay every decision reads (domain/scenario_rules.hpp):
//     routing of an area to another centre with departments stationed there, SLA limits and
//     priorities per category — set_rules;
//   - bring the open cases of an area in line with the rules through the normal case moves
//     (an `adjusted` event through each case actor) — adjust_open_cases;
//   - follow the committed-event stream (only synced batches) and the vital-sign samples,
//     and read stored cases page by page (query_cases → on_cases);
//   - spawn actors of its own (stopped with it), set timers, publish on the live feed
//     (`kind: "scenario"`), answer REST requests under /api/v1/scenarios/{name}/…, keep a
//     durable journal (restored with it after a restart), and end itself.
//
// Isolation: each active scenario lives in its own actor (its host; a detached one in the
// service, so a stalled handler holds no shared CAF worker) under the scenario supervisor.
// A handler that throws, or runs longer than the watchdog's budget, fails the scenario: its
// rules are withdrawn, its actors stopped, a `failed` event audited; the core goes on.
//
// Threading: every method of a scenario is called on its host, one call at a time, so a
// scenario needs no locks. Handlers must return promptly: long work belongs in an actor of
// its own (scenario_context::spawn).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/local_actor.hpp>

#include "actors/domain/domain_error.hpp"
#include "actors/domain/indicator_sample.hpp"
#include "actors/domain/scenario_event.hpp"
#include "actors/domain/scenario_rules.hpp"
#include "actors/intake_protocol.hpp"
#include "actors/scenario_params.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"

namespace cityops {

// One parameter as GET /api/v1/scenarios lists it (a summary, not a full schema).
struct scenario_parameter {
  std::string name;  // dotted path: "area", "area.node", "sla.limit"
  std::string type;  // "string", "integer", "number", "boolean", "time", "area", "sla_limit",
                     // "categories", "departments", "object", "array"
  bool required = false;
  std::string description;
};

// What a registered scenario says about itself.
struct scenario_description {
  std::string name;         // [a-z][a-z0-9_]{0,31}: the URL segment and the audit log's key
  std::string title;        // 考试静音期
  std::string description;  // one paragraph: what it changes while active
  std::vector<scenario_parameter> parameters;
};

// A request to a scenario's own REST resources, /api/v1/scenarios/{name}/{path}: the
// gateway has authenticated the caller (any role but citizen_app and iot) and the scenario
// decides what that caller may do.
struct scenario_request {
  std::string method;  // "GET", "POST", …
  std::string path;    // below /api/v1/scenarios/{name}/, e.g. "board", "resources/bus-3/runs"
  std::map<std::string, std::string> query;
  std::string body;
  std::string caller;      // the principal's name: `by` of what it does
  std::string role;        // operator, department, supervisor, admin
  std::string node;        // an operator's centre
  std::string department;  // department staff's department
};

// The answer: a JSON body with its status, or an error the gateway renders like every other
// (code → HTTP status, the field named).
struct scenario_reply {
  int status = 200;
  std::string body = "{}";
  std::optional<domain::domain_error> error;

  static scenario_reply json(int status, std::string body) {
    return scenario_reply{status, std::move(body), std::nullopt};
  }
  static scenario_reply fail(domain::domain_error e) {
    return scenario_reply{0, {}, std::move(e)};
  }
};

class scenario_context;

// What configure() may consult besides the parameters.
struct scenario_setup {
  const config::city_model& city;
  std::int64_t now_ms = 0;  // the wall clock (unix ms)
  bool restoring = false;   // the re-activation at start of an activation stored before
};

class scenario {
 public:
  virtual ~scenario() = default;

  // Reads and checks the activation parameters against the city and keeps what they say.
  // The first error refuses the activation (HTTP 400 naming the field); nothing of the
  // scenario may happen yet. Also called when the scenario is restored after a restart
  // (setup.restoring): refusing then fails the stored activation.
  virtual std::optional<domain::domain_error> configure(param_reader& params,
                                                        const scenario_setup& setup) = 0;
  // Starts the behaviour: rules, actors, timers. ctx.restoring() says whether this is the
  // re-activation at start (its journal() holds what it recorded before).
  virtual void activate(scenario_context& ctx) = 0;
  // Stops it (deactivation asked by a caller or by itself). The supervisor withdraws its
  // rules and stops its actors afterwards; adjust_open_cases called here runs after the
  // withdrawal.
  virtual void deactivate(scenario_context&) {}
  // Every synced batch of case commits while active (committed state only).
  virtual void on_committed(const committed_batch&, scenario_context&) {}
  // Every stored batch of vital-sign samples while active (docs/vital-signs.md).
  virtual void on_samples(const std::vector<domain::indicator_sample>&, scenario_context&) {}
  // A timer set with ctx.schedule.
  virtual void on_timer(const std::string& tag, scenario_context& ctx);
  // GET/POST/… /api/v1/scenarios/{name}/{path}; by default 404.
  virtual scenario_reply on_request(const scenario_request& req, scenario_context& ctx);
  // A page of cases asked with ctx.query_cases(query, tag), or why it could not be read.
  virtual void on_cases(const std::string& tag, const domain::result<case_list>& page,
                        scenario_context& ctx);
};

// What an active scenario may do, handed to each of its handlers. Valid only during the
// call, on the scenario's host.
class scenario_context {
 public:
  const std::string& name() const { return name_; }
  const config::city_model& city() const { return *city_; }
  std::int64_t now_ms() const { return clock_->now_ms(); }
  // The activation: its parameters as given (JSON), its audit sequence number, whether it is
  // the re-activation at start, and the journal it recorded before (at activate()).
  const std::string& parameters() const { return parameters_; }
  std::uint64_t activation() const { return activation_; }
  bool restoring() const { return restoring_; }
  const std::vector<domain::scenario_event>& journal() const { return journal_; }

  // Replaces this scenario's contribution to the overlay. In force for decisions as soon as
  // the supervisor has published it; rules set in activate() are in force before the
  // activation is answered.
  void set_rules(domain::scenario_rule_set rules);
  // Brings the open cases of `area` that are not yet worked on in line with the overlay
  // (domain::adjustment_for: moved to or back from a war-room node, recalled, deadline
  // shortened, priority raised), one `adjusted` event each through the case actors, after
  // the rules set so far are in force; called from deactivate(), after this scenario's rules
  // are withdrawn. Progress is published on the feed (`cases_adjusted`).
  void adjust_open_cases(domain::scenario_area area);
  // Keeps a journal entry (`kind`: [a-z][a-z0-9_]*, not a lifecycle kind; `json`: its
  // data, a JSON object) in the audit log of this activation, written synced; a REST request
  // is answered only after the entries its handler recorded are durable. A malformed kind or
  // data throws (the scenario fails).
  void record(std::string kind, std::string json);
  // A message on the live feed: {"kind":"scenario","scenario":name,"event":…,"data":json}
  // (a JSON object) to subscribers whose node filter is related to `node` ("" = the whole
  // city).
  void publish(std::string event, std::string json, std::string node = {});
  // One page of stored cases (actors/protocol.hpp case_query, like GET /api/v1/cases: at
  // most 200, `next_cursor` for the next page): on_cases(tag, page) once read, while still
  // active. For state a scenario shows that the committed stream alone cannot rebuild after
  // a restart (the open cases of its area).
  void query_cases(case_query query, std::string tag);
  // on_timer(tag) after `delay`, while still active.
  void schedule(std::chrono::milliseconds delay, std::string tag);
  // Ends this activation (e.g. at the end of its time window), audited as deactivated by
  // "scenario:<name>" with `reason`.
  void deactivate_self(std::string reason);

  // An actor of the scenario, linked to its host and stopped with it. A function actor takes
  // at least one argument besides its self pointer (CAF 0.17 dereferences an empty argument
  // tuple otherwise).
  template <class F, class... Ts>
  caf::actor spawn(F fun, Ts&&... xs) {
    static_assert(sizeof...(Ts) > 0, "give the actor function an argument besides self");
    auto a = self_->spawn<caf::linked>(std::move(fun), std::forward<Ts>(xs)...);
    adopt(a);
    return a;
  }
  caf::actor_system& system() const { return self_->system(); }
  // Actors of the core a scenario may ask: the case directory (moves as
  // (act_atom, case_id, action_request) with `by` "scenario:<name>", reads as fetch_atom)
  // and the store actor (queries: query_atom, load_atom). See actors/protocol.hpp.
  const caf::actor& directory() const { return directory_; }
  const caf::actor& store() const { return store_; }

 private:
  friend class scenario_host_access;
  void adopt(const caf::actor& child);

  caf::local_actor* self_ = nullptr;
  const config::city_model* city_ = nullptr;
  const wall_clock* clock_ = nullptr;
  std::string name_;
  std::string parameters_;
  std::uint64_t activation_ = 0;
  bool restoring_ = false;
  std::vector<domain::scenario_event> journal_;
  caf::actor supervisor_;
  caf::actor directory_;
  caf::actor store_;
  std::vector<domain::scenario_event> recorded_;  // this handler's journal entries
};

// The scenario kinds this service knows, by name. Filled once at start (runtime/
// scenario_catalogue.cpp registers the built-in ones; tests add their own), then shared
// read-only.
class scenario_registry {
 public:
  using factory = std::function<std::unique_ptr<scenario>()>;
  // False when the name is malformed or taken.
  bool add(scenario_description description, factory make);
  const scenario_description* find(std::string_view name) const;
  // A fresh instance (one per activation); nullptr for an unknown name.
  std::unique_ptr<scenario> make(std::string_view name) const;
  // Every description, by name.
  std::vector<const scenario_description*> all() const;

 private:
  std::map<std::string, std::pair<scenario_description, factory>, std::less<>> kinds_;
};

using scenario_registry_ptr = std::shared_ptr<const scenario_registry>;

// Whether `name` may name a scenario: [a-z][a-z0-9_]{0,31}.
bool valid_scenario_name(std::string_view name);

}  // namespace cityops
