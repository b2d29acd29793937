#pragma once
// Shared by department and tier-node actors: the queue view they answer, and the refill of
// a queue from the store's waiting index after a restart, so a crash loses no queued case.

#include <functional>
#include <string>

#include <caf/fwd.hpp>

#include "actors/domain/case_queue.hpp"
#include "actors/domain/case_record.hpp"
#include "actors/protocol.hpp"

namespace cityops {

queue_view make_queue_view(const std::string& owner, const domain::case_queue& queue,
                           std::uint64_t assisting = 0);

// Queues `r` (or updates its flags): since its last update, overdue and urgent as it is.
void enqueue(domain::case_queue& queue, const domain::case_record& r);

// Asks the store for every open case waiting on (kind, id) — kind "department" or "node" —
// and calls `on_case` for each; runs in `self`'s context.
void rebuild_queue(caf::event_based_actor* self, const caf::actor& store, const std::string& kind,
                   const std::string& id, std::function<void(const domain::case_record&)> on_case);

}  // namespace cityops
