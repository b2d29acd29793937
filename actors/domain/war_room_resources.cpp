#include "actors/domain/war_room_resources.hpp"

#include <algorithm>

namespace cityops::domain {
namespace {

domain_error unknown(const std::string& id) {
  return field_error(error_code::not_found, "resource", "the war room has no resource '" + id + "'");
}

}  // namespace

resource_ledger::resource_ledger(const std::vector<war_room_resource>& resources,
                                 std::int64_t from_ms, std::int64_t until_ms)
    : resources_(resources), from_ms_(from_ms), until_ms_(until_ms) {
  states_.resize(resources_.size());
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    states_[i].resource = &resources_[i];
    index_.emplace(resources_[i].id, i);
  }
}

const resource_state* resource_ledger::find(const std::string& id) const {
  const auto it = index_.find(id);
  return it == index_.end() ? nullptr : &states_[it->second];
}

resource_state* resource_ledger::state(const std::string& id) {
  const auto it = index_.find(id);
  return it == index_.end() ? nullptr : &states_[it->second];
}

std::optional<domain_error> resource_ledger::check_dispatch(const std::string& id) const {
  const auto* s = find(id);
  if (!s) return unknown(id);
  if (s->out)
    return field_error(error_code::conflict, "resource",
                       "'" + id + "' is out to " + s->out->to + ": record its run or release it first");
  return std::nullopt;
}

void resource_ledger::dispatch(const std::string& id, resource_dispatch d) {
  if (auto* s = state(id)) s->out = std::move(d);
}

std::optional<domain_error> resource_ledger::check_release(const std::string& id) const {
  const auto* s = find(id);
  if (!s) return unknown(id);
  if (!s->out) return field_error(error_code::conflict, "resource", "'" + id + "' is not out");
  return std::nullopt;
}

void resource_ledger::release(const std::string& id) {
  if (auto* s = state(id)) s->out.reset();
}

result<resource_run> resource_ledger::prepare_run(resource_run r, std::int64_t now_ms) const {
  const auto* s = find(r.resource);
  if (!s) return unknown(r.resource);
  if (r.people > s->resource->capacity)
    return field_error(error_code::invalid_field, "people",
                       "'people' must be within 0.." + std::to_string(s->resource->capacity) +
                           " (the capacity of '" + r.resource + "')");
  if (r.at_ms == 0) r.at_ms = now_ms;
  if (r.at_ms < from_ms_ || (until_ms_ != 0 && r.at_ms > until_ms_))
    return field_error(error_code::invalid_field, "at", "'at' must lie within the war room's window");
  if (r.at_ms > now_ms + clock_skew_ms)
    return field_error(error_code::invalid_field, "at", "'at' must not lie in the future");
  if (s->out) {
    if (r.to.empty()) r.to = s->out->to;
    if (r.case_id.empty()) r.case_id = s->out->case_id;
  }
  r.number = runs_.size() + 1;
  return r;
}

const resource_run& resource_ledger::add_run(resource_run r) {
  if (r.number == 0) r.number = runs_.size() + 1;
  if (auto* s = state(r.resource)) {
    s->out.reset();
    ++s->runs;
    s->people += r.people;
    s->last_run_ms = std::max(s->last_run_ms, r.at_ms);
  }
  ++totals_.runs;
  totals_.people += r.people;
  runs_.push_back(std::move(r));
  return runs_.back();
}

const resource_run* resource_ledger::by_ref(const std::string& resource,
                                            const std::string& ref) const {
  if (ref.empty()) return nullptr;
  for (auto it = runs_.rbegin(); it != runs_.rend(); ++it)
    if (it->resource == resource && it->ref == ref) return &*it;
  return nullptr;
}

std::vector<const resource_run*> resource_ledger::runs_of(const std::string& id,
                                                          std::size_t limit) const {
  std::vector<const resource_run*> out;
  for (auto it = runs_.rbegin(); it != runs_.rend() && out.size() < limit; ++it)
    if (it->resource == id) out.push_back(&*it);
  return out;
}

run_totals resource_ledger::after(std::int64_t from_ms) const {
  run_totals t;
  for (const auto& r : runs_)
    if (r.at_ms > from_ms) {
      ++t.runs;
      t.people += r.people;
    }
  return t;
}

}  // namespace cityops::domain
