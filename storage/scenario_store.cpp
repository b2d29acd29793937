// scenario_store: the scenarios' audit log and active set (see scenario_store.hpp).
#include "storage/scenario_store.hpp"

#include <algorithm>
#include <cstdio>

#include <rocksdb/write_batch.h>

#include "storage/detail/event_store_impl.hpp"
#include "storage/detail/family_pages.hpp"
#include "storage/detail/rocks_setup.hpp"
#include "storage/detail/store_keys.hpp"
#include "storage/event_store.hpp"
#include "storage/wire_format.hpp"

namespace cityops::storage {

using detail::to_status;

namespace {

constexpr std::string_view cf_scenarios = "scenarios";
constexpr std::string_view counter_key = "n";
constexpr std::string_view active_prefix = "a/";
constexpr std::uint8_t event_format_version = 1;

// Field tags are forever: never reuse or renumber one, only add new ones.
namespace event_tag {
constexpr std::uint32_t seq = 1, scenario = 2, kind = 3, at_ms = 4, by = 5, parameters = 6,
                        detail = 7, activation = 8;
}  // namespace event_tag

std::string events_prefix(std::string_view scenario) {
  std::string k = "e/";
  k.append(scenario);
  k.push_back('/');
  return k;
}

std::string event_key(std::string_view scenario, std::uint64_t seq) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(seq));
  return events_prefix(scenario) + hex;
}

std::string active_key(std::string_view scenario) {
  return std::string(active_prefix) + std::string(scenario);
}

status decode_field(const wire::field_reader& r, const wire::field& f,
                    domain::scenario_event& e) {
  switch (f.tag) {
    case event_tag::seq: return r.as_uint(f, UINT64_MAX, e.seq);
    case event_tag::scenario: e.scenario.assign(f.value); return status::ok();
    case event_tag::kind: e.kind.assign(f.value); return status::ok();
    case event_tag::at_ms: return r.as_int64(f, e.at_ms);
    case event_tag::by: e.by.assign(f.value); return status::ok();
    case event_tag::parameters: e.parameters.assign(f.value); return status::ok();
    case event_tag::detail: e.detail.assign(f.value); return status::ok();
    case event_tag::activation: return r.as_uint(f, UINT64_MAX, e.activation);
    default: return status::ok();  // written by a newer binary: skipped
  }
}

// Reads the value at each key of an iterator into events; `keep` filters, `more` stops.
template <class Keep, class More>
status collect(rocksdb::Iterator& it, bool backwards, const std::string& prefix, Keep keep,
               More more, std::vector<domain::scenario_event>& out) {
  for (; it.Valid() && it.key().starts_with(prefix) && more(); backwards ? it.Prev() : it.Next()) {
    domain::scenario_event e;
    const auto v = it.value();
    if (auto s = decode_scenario_event(std::string_view(v.data(), v.size()), e); !s.is_ok())
      return status::corruption("scenario event " + it.key().ToString() + ": " + s.message());
    if (!keep(e)) break;
    out.push_back(std::move(e));
  }
  return to_status(it.status(), "read scenario events");
}

}  // namespace

std::string encode_scenario_event(const domain::scenario_event& e) {
  std::string body;
  wire::field_writer w(body);
  w.uint_if(event_tag::seq, e.seq);
  w.bytes_if(event_tag::scenario, e.scenario);
  w.bytes_if(event_tag::kind, e.kind);
  w.sint_if(event_tag::at_ms, e.at_ms);
  w.bytes_if(event_tag::by, e.by);
  w.bytes_if(event_tag::parameters, e.parameters);
  w.bytes_if(event_tag::detail, e.detail);
  w.uint_if(event_tag::activation, e.activation);
  return wire::frame_record(event_format_version, body);
}

status decode_scenario_event(std::string_view bytes, domain::scenario_event& out) {
  return wire::decode_record(bytes, event_format_version, "scenario event", out, decode_field);
}

struct scenario_store::impl {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* family = nullptr;
  bool sync = true;
  std::uint64_t last_seq = 0;
};

scenario_store::scenario_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
scenario_store::~scenario_store() = default;

status scenario_store::open(event_store& events, std::unique_ptr<scenario_store>& out) {
  out.reset();
  auto& e = *events.impl_;
  auto p = std::make_unique<impl>();
  p->db = e.db.get();
  p->sync = e.options.sync;
  if (auto s = detail::open_family(e, cf_scenarios, p->family); !s.is_ok()) return s;
  std::string value;
  const auto got = p->db->Get(rocksdb::ReadOptions(), p->family, counter_key, &value);
  if (got.ok()) {
    try {
      std::size_t used = 0;
      p->last_seq = std::stoull(value, &used);
      if (used != value.size()) throw std::invalid_argument(value);
    } catch (const std::exception&) {
      return status::corruption("scenario counter '" + value + "' is not a number");
    }
  } else if (!got.IsNotFound()) {
    return to_status(got, "read the scenario counter");
  }
  out.reset(new scenario_store(std::move(p)));
  return status::ok();
}

status scenario_store::write(std::vector<domain::scenario_event>& events) {
  if (events.empty()) return status::ok();
  auto seq = impl_->last_seq;
  rocksdb::WriteBatch wb;
  for (auto& e : events) {
    e.seq = ++seq;
    if (e.kind == domain::scenario_kind::activated) e.activation = e.seq;
    const auto bytes = encode_scenario_event(e);
    wb.Put(impl_->family, event_key(e.scenario, e.seq), bytes);
    if (e.kind == domain::scenario_kind::activated)
      wb.Put(impl_->family, active_key(e.scenario), bytes);
    else if (e.kind == domain::scenario_kind::deactivated || e.kind == domain::scenario_kind::failed)
      wb.Delete(impl_->family, active_key(e.scenario));
  }
  wb.Put(impl_->family, counter_key, std::to_string(seq));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->sync;
  const auto s = to_status(impl_->db->Write(wo, &wb),
                           "write " + std::to_string(events.size()) + " scenario events");
  if (s.is_ok())
    impl_->last_seq = seq;
  else
    for (auto& e : events) e.seq = 0;
  return s;
}

status scenario_store::active(std::vector<domain::scenario_event>& out) const {
  out.clear();
  const std::string prefix(active_prefix);
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->family));
  it->Seek(prefix);
  const auto s = collect(
      *it, false, prefix, [](const domain::scenario_event&) { return true; },
      [] { return true; }, out);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.activation < b.activation; });
  return s;
}

status scenario_store::history(const std::string& scenario, std::uint64_t before_seq,
                               std::size_t limit, std::vector<domain::scenario_event>& out) const {
  out.clear();
  const auto prefix = events_prefix(scenario);
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->family));
  if (before_seq == 0)
    it->SeekForPrev(detail::prefix_successor(prefix));
  else
    it->SeekForPrev(event_key(scenario, before_seq - 1));
  return collect(
      *it, true, prefix, [](const domain::scenario_event&) { return true; },
      [&out, limit] { return out.size() < limit; }, out);
}

status scenario_store::journal(const std::string& scenario, std::uint64_t activation,
                               std::vector<domain::scenario_event>& out) const {
  out.clear();
  const auto prefix = events_prefix(scenario);
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->family));
  it->Seek(event_key(scenario, activation + 1));
  // An activation's events follow it until it ends; the next activation's come after.
  auto s = collect(
      *it, false, prefix,
      [activation](const domain::scenario_event& e) { return e.activation == activation; },
      [] { return true; }, out);
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const auto& e) { return domain::is_lifecycle_kind(e.kind); }),
            out.end());
  return s;
}

}  // namespace cityops::storage
