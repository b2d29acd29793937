#pragma once
// Published reports (每日信息) in the `reports` column family of the event store's database,
// kept exactly as published so a report reads the same tomorrow. Keys (storage/README.md):
//   d/<yyyymmdd>   -> the daily report of that local day: version byte 1, then tag-length-value
//                     fields (1 number, 2 year, 3 generated_ms, 4 JSON, 5 HTML)
//   n/<year>       -> the last number handed out that year (decimal text)
//
// publish() writes the counter and the report in one synced WriteBatch, and refuses a day
// that has one (the first stands): a number is never handed out twice, also after kill -9.
//
// Thread-safety: reads may run beside one writer. Lifetime: `events` must outlive it.

#include <cstdint>
#include <memory>
#include <string>

#include "storage/status.hpp"

namespace cityops::storage {

class event_store;

struct stored_report {
  std::int64_t day = 0;  // days since 1970-01-01 (UTC+8)
  std::int32_t year = 0;
  std::uint32_t number = 0;
  std::int64_t generated_ms = 0;
  std::string json;
  std::string html;
};

class report_store {
 public:
  // Opens (or creates) the `reports` family. Call before the event store is shared.
  static status open(event_store& events, std::unique_ptr<report_store>& out);
  ~report_store();
  report_store(const report_store&) = delete;
  report_store& operator=(const report_store&) = delete;

  // not_found when the day has no report.
  status find_daily(std::int64_t day, stored_report& out) const;
  // The number the next report of `year` gets.
  status next_number(std::int32_t year, std::uint32_t& out) const;
  // Stores `r` (its number must be next_number(year)); invalid_argument when the day has one.
  status publish_daily(const stored_report& r);

 private:
  struct impl;
  explicit report_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace cityops::storage
