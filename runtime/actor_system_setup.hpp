#pragma once
// The CAF configuration of a cityops actor system: registers every message type of
// actors/protocol.hpp (required for remote nodes, and it gives readable logs) and the
// "cityops" error category. Tests pass `deterministic = true` to get CAF's test
// coordinator (manual scheduler and clock).

#include <caf/actor_system_config.hpp>

namespace cityops {

class actor_system_setup : public caf::actor_system_config {
 public:
  explicit actor_system_setup(bool deterministic = false, unsigned worker_threads = 0);
  // How many scheduler workers the system runs (one per core unless told otherwise).
  unsigned worker_count() const { return workers_; }

 private:
  unsigned workers_ = 1;
};

}  // namespace cityops
