#pragma once
// Reading the KPI counters the event store keeps in its `kpi` family (written by
// event_store::append with every case write: the rows plus domain::kpi_changes, in the
// events' own WriteBatch).
// Keys (storage/README.md):
//   d/<scope>/<yyyymmdd>  -> the scope's counters of that local (UTC+8) day
//   n/<scope>             -> the scope's gauges (open, overdue now)
// Scopes are "node:<id>" and "department:<id>" (domain/kpi_calculator.hpp).
//
// Thread-safe: reads run beside the one writer, each from its own RocksDB snapshot.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "actors/domain/kpi_counters.hpp"
#include "storage/status.hpp"

namespace cityops::storage {

class event_store;

std::string kpi_day_key(std::string_view scope, std::int64_t day);
std::string kpi_now_key(std::string_view scope);
// The day of a day row's key (d/<scope>/<yyyymmdd>); domain::kpi_now_day for any other key.
std::int64_t kpi_day_of_key(std::string_view key);

// The days of one scope in [from_day, to_day] (days since 1970-01-01) that have counters,
// ascending, and its gauges.
struct kpi_rows {
  std::vector<std::pair<std::int64_t, domain::kpi_counters>> days;
  domain::kpi_counters now;
};

class kpi_reader {
 public:
  explicit kpi_reader(const event_store& events) : events_(events) {}
  status read(std::string_view scope, std::int64_t from_day, std::int64_t to_day,
              kpi_rows& out) const;
  // Only the gauges (open, overdue now).
  status read_gauges(std::string_view scope, domain::kpi_counters& out) const;
  // Every scope with a day row or gauges, ascending (one seek per scope: for audits such as
  // tools/kpi, not for requests).
  status scopes(std::vector<std::string>& out) const;

 private:
  const event_store& events_;
};

}  // namespace cityops::storage
