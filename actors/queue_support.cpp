#include "actors/queue_support.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/protocol.hpp"

namespace cityops {

queue_view make_queue_view(const std::string& owner, const case_queue& queue,
                           std::uint64_t assisting) {
  queue_view v;
  v.owner = owner;
  v.length = queue.size();
  v.overdue = queue.overdue();
  v.assisting = assisting;
  if (queue.size() > 0) {
    v.oldest_case = queue.oldest_case();
    v.oldest_since_ms = queue.oldest_since();
  }
  return v;
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
