#include "runtime/store_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace cityops {
namespace {

using self_ptr = caf::stateful_actor<store_actor_state>*;

caf::error storage_error(domain::error_code code, const storage::status& s) {
  return make_domain_error(domain::field_error(code, "", s.to_string()));
}

void flush(self_ptr self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.pending.empty()) return;
  std::vector<storage::case_write> batch;
  batch.reserve(st.pending.size());
  for (auto& c : st.pending) {
    storage::case_write w;
    w.case_id = c.case_id;
    w.events = c.events;
    w.snapshot = c.snapshot;
    if (c.previous.version != 0) w.previous = c.previous;
    batch.push_back(std::move(w));
  }
  const auto written = st.store->append(batch);
  ++st.batches;
  if (written.is_ok()) {
    for (auto& rp : st.waiting) rp.deliver(caf::ok_atom::value);
    for (auto& c : st.pending) self->send(st.committed, committed_atom::value, std::move(c));
  } else {
    spdlog::error("store: batch of {} cases not written: {}", batch.size(), written.to_string());
    const auto err = storage_error(domain::error_code::storage_failure, written);
    for (auto& rp : st.waiting) rp.deliver(err);
  }
  st.pending.clear();
  st.waiting.clear();
}

}  // namespace

caf::behavior store_actor(self_ptr self, std::shared_ptr<storage::event_store> store) {
  self->state.store = std::move(store);
  self->state.committed = self->system().groups().get_local(committed_stream_name);
  return {
      [self](append_atom, case_commit& c) {
        auto& st = self->state;
        st.pending.push_back(std::move(c));
        st.waiting.push_back(self->make_response_promise());
        if (!st.flush_scheduled) {
          st.flush_scheduled = true;
          self->send(self, flush_atom::value);
        }
      },
      [self](flush_atom) { flush(self); },
      [self](load_atom, const std::string& case_id) -> caf::result<domain::case_record> {
        domain::case_record r;
        const auto s = self->state.store->load_case(case_id, r);
        if (s.is_ok()) return r;
        return storage_error(s.is_not_found() ? domain::error_code::not_found
                                              : domain::error_code::storage_failure,
                             s);
      },
      [self](reserve_atom, const std::string& scope,
             std::uint64_t count) -> caf::result<std::uint64_t> {
        std::uint64_t first = 0;
        const auto s = self->state.store->reserve_ids(scope, count, first);
        if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
        return first;
      },
      [self](scan_atom, const std::string& prefix, const std::string& cursor,
             std::uint64_t limit) -> caf::result<case_page> {
        storage::index_page page;
        const auto s = self->state.store->scan_index(prefix, cursor, limit, page);
        if (!s.is_ok()) return storage_error(domain::error_code::storage_failure, s);
        return case_page{std::move(page.case_ids), std::move(page.next_cursor)};
      },
      [self](stop_atom) {
        flush(self);
        self->quit();
      },
  };
}

}  // namespace cityops
