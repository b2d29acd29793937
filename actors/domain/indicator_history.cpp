#include "actors/domain/indicator_history.hpp"

#include <algorithm>

namespace cityops::domain {

history_builder::history_builder(std::int64_t from_ms, std::int64_t to_ms,
                                 std::size_t max_points)
    : from_ms_(from_ms), to_ms_(std::max(from_ms, to_ms)), max_points_(std::max<std::size_t>(max_points, 1)) {
  // Buckets of equal width cover [from, to]; the last one may end past `to`.
  const auto span = to_ms_ - from_ms_ + 1;
  const auto n = static_cast<std::int64_t>(max_points_);
  bucket_ms_ = std::max<std::int64_t>(1, (span + n - 1) / n);
}

void history_builder::close_bucket() {
  if (open_.count == 0) return;
  open_.mean = sum_ / open_.count;
  buckets_.push_back(open_);
  open_ = history_point{};
  sum_ = 0;
}

void history_builder::add(std::int64_t at_ms, double value) {
  if (at_ms < from_ms_ || at_ms > to_ms_) return;
  ++samples_;
  if (samples_ <= max_points_) {
    history_point p;
    p.at_ms = at_ms;
    p.value = value;
    raw_.push_back(p);
  } else if (!raw_.empty()) {
    raw_.clear();
    raw_.shrink_to_fit();
  }
  const auto start = from_ms_ + (at_ms - from_ms_) / bucket_ms_ * bucket_ms_;
  if (open_.count != 0 && open_.at_ms != start) close_bucket();
  if (open_.count == 0) {
    open_.at_ms = start;
    open_.to_ms = start + bucket_ms_;
    open_.min = open_.max = value;
  }
  open_.min = std::min(open_.min, value);
  open_.max = std::max(open_.max, value);
  open_.value = value;
  sum_ += value;
  ++open_.count;
}

indicator_history history_builder::finish() {
  indicator_history out;
  out.samples = samples_;
  if (samples_ <= max_points_) {
    out.points = std::move(raw_);
    return out;
  }
  close_bucket();
  out.downsampled = true;
  out.bucket_ms = bucket_ms_;
  out.points = std::move(buckets_);
  return out;
}

}  // namespace cityops::domain
