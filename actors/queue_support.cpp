#include "actors/queue_support.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/domain/case_deadline.hpp"
#include "actors/protocol.hpp"

namespace cityops {

queue_view make_queue_view(const std::string& owner, const domain::case_queue& queue,
                           std::uint64_t assisting) {
  queue_view v;
  v.owner = owner;
  v.length = queue.size();
  v.overdue = queue.overdue();
  v.urgent = queue.urgent();
  v.assisting = assisting;
  if (queue.size() > 0) {
    v.oldest_case = queue.oldest_case();
    v.oldest_since_ms = queue.oldest_since();
  }
  for (auto& e : queue.first(queue_view_next))
    v.next.push_back({std::move(e.case_id), e.since_ms, e.urgent, e.overdue});
  return v;
}

void enqueue(domain::case_queue& queue, const domain::case_record& r) {
  queue.put(r.id, r.updated_ms, r.overdue, domain::is_urgent(r));
}

void rebuild_queue(caf::event_based_actor* self, const caf::actor& store, const std::string& kind,
                   const std::string& id, std::function<void(const domain::case_record&)> on_case) {
  // Awaited: no queue message is handled before the queue is whole again.
  self->request(store, caf::infinite, load_atom::value, kind, id)
      .await(
          [on_case, kind, id](case_list& cases) {
            for (const auto& r : cases.items) on_case(r);
            spdlog::info("{} {}: queue rebuilt from storage, {} cases", kind, id,
                         cases.items.size());
          },
          [kind, id](caf::error& err) {
            spdlog::error("{} {}: queue rebuild failed: {}", kind, id, caf::to_string(err));
          });
}

}  // namespace cityops
