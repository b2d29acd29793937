#include "runtime/case_id_allocator.hpp"

#include <cstdio>

#include "actors/domain/iso_time.hpp"

namespace cityops {

std::string make_case_id(const std::string& city, const std::string& day, std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llu", static_cast<unsigned long long>(seq));
  return city + "-" + day + "-" + buf;
}

case_id_allocator::case_id_allocator(std::string city_id, counter_reader read_counter)
    : city_id_(std::move(city_id)), read_counter_(std::move(read_counter)) {}

domain::result<case_id_allocator::allocated> case_id_allocator::next(std::int64_t now_ms) {
  auto day = domain::local_day_stamp(now_ms);
  std::lock_guard<std::mutex> lock(mutex_);
  if (day != day_) {
    std::uint64_t persisted = 0;
    std::string error;
    if (!read_counter_(day, persisted, error))
      return domain::field_error(domain::error_code::storage_failure, "",
                                 "case ids of " + day + " unavailable: " + error);
    day_ = day;
    last_ = persisted;
  }
  const auto seq = ++last_;
  return allocated{make_case_id(city_id_, day_, seq), std::move(day), seq};
}

}  // namespace cityops
