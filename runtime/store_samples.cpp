#include "runtime/store_samples.hpp"

#include "runtime/store_errors.hpp"

namespace cityops {
namespace {

caf::error unavailable() {
  return field_failure(domain::error_code::storage_failure, "", "the sample store is not available");
}

}  // namespace

caf::result<caf::ok_atom> write_samples(storage::sample_store* samples, const sample_write& w) {
  if (!samples) return unavailable();
  if (const auto s = samples->write(w.samples, w.latest); !s.is_ok()) return storage_failed(s);
  return caf::ok_atom::value;
}

caf::result<std::vector<domain::indicator_status>> load_latest(
    const storage::sample_store* samples) {
  if (!samples) return unavailable();
  std::vector<domain::indicator_status> out;
  if (const auto s = samples->latest(out); !s.is_ok()) return storage_failed(s);
  return out;
}

caf::result<domain::indicator_history> read_history(const storage::sample_store* samples,
                                                    const history_query& q) {
  if (!samples) return unavailable();
  if (q.points == 0 || q.points > domain::history_max_points)
    return field_failure(domain::error_code::invalid_field, "points",
                "points must be 1.." + std::to_string(domain::history_max_points));
  if (q.from_ms > q.to_ms)
    return field_failure(domain::error_code::invalid_field, "from", "from must not be after to");
  domain::history_builder builder(q.from_ms, q.to_ms, q.points);
  const auto s = samples->history(q.indicator, q.from_ms, q.to_ms,
                                  [&builder](std::int64_t at, double v) { builder.add(at, v); });
  if (!s.is_ok()) return storage_failed(s);
  return builder.finish();
}

}  // namespace cityops
