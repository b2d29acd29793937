#pragma once
// The host of one scenario activation (actors/scenario.hpp): the actor that owns the scenario
// instance and calls its handlers, one at a time, under the supervisor's watch. The
// supervisor spawns one per activation attempt (detached in the service: a stalled handler
// holds this host's own thread, no shared worker) and stops it when the activation ends.
//
// Every handler runs inside a guard: the host's watch says which handler runs since when (the
// supervisor's watchdog reads it from its own thread), and an exception is caught there — the
// host then tells the supervisor `(failed_atom, name, activation, what)` and quits. This
// catch is the isolation boundary: a scenario's bug must not take an actor of the core along.
//
// Accepts (from the supervisor):
//   (configure_atom, std::string parameters, bool restoring)
//                                             -> bool | the first parameter error | internal
//   (activate_atom, host_start)               -> bool | internal; then follows the streams
//   (deactivate_atom)                         -> bool | internal; stops following them
//   (call_atom, scenario_request)             -> scenario_reply, once the journal entries
//                                                its handler recorded are stored
// and, while active, the committed-event stream, the sample stream, its own timers and the
// pages of cases its scenario asked the store for.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/scenario.hpp"
#include "actors/wall_clock.hpp"
#include "config/city_model.hpp"

namespace cityops {

// Which handler of a host runs since when: written by the host, read by the watchdog.
struct host_watch {
  enum handler : int { idle = 0, configure, activate, deactivate, on_committed, on_samples,
                       on_timer, on_request, on_cases };
  std::atomic<std::int64_t> since_ms{0};  // steady clock, ms; 0 while idle
  std::atomic<int> running{idle};
};
std::string_view to_string(host_watch::handler h);
// Milliseconds of the steady clock the watch counts in.
std::int64_t steady_now_ms();

struct scenario_host_setup {
  std::string name;
  std::shared_ptr<scenario> instance;
  const config::city_model* city = nullptr;  // outlives the host
  const wall_clock* clock = nullptr;         // outlives the host
  caf::actor supervisor;
  caf::actor directory;
  caf::actor store;
  std::shared_ptr<host_watch> watch;
};

struct scenario_host_state {
  scenario_host_setup setup;
  scenario_context ctx;
  bool active = false;
  static inline const char* name = "scenario_host";
};

caf::behavior scenario_host(caf::stateful_actor<scenario_host_state>* self,
                            scenario_host_setup setup);

}  // namespace cityops
