#include "tools/load/run_stats.hpp"

#include <algorithm>

namespace cityops::load {

void outcome_figures::merge(const outcome_figures& other) {
  latency.merge(other.latency);
  ok += other.ok;
  errors += other.errors;
  for (const auto& [label, n] : other.by_label) by_label[label] += n;
}

void queue_counters::merge(const queue_counters& other) {
  due += other.due;
  sent += other.sent;
  late += other.late;
  queued += other.queued;
  dropped += other.dropped;
  max_depth = std::max(max_depth, other.max_depth);
}

void mix_counters::merge(const mix_counters& other) {
  duplicates += other.duplicates;
  keyed += other.keyed;
  replays_matched += other.replays_matched;
  replays_mismatched += other.replays_mismatched;
  cases_created += other.cases_created;
}

run_stats::run_stats(std::vector<bool> measured_phases)
    : measured_(std::move(measured_phases)), phases_(measured_.size()) {
  if (measured_.empty()) {
    measured_.push_back(true);
    phases_.resize(1);
  }
}

void run_stats::record(request_kind kind, int phase, const std::string& label, bool ok,
                       std::optional<std::uint64_t> latency_ns) {
  const auto p = static_cast<std::size_t>(
      std::clamp(phase, 0, static_cast<int>(phases_.size()) - 1));
  auto add = [&](outcome_figures& f) {
    if (latency_ns) f.latency.record(*latency_ns);
    (ok ? f.ok : f.errors) += 1;
    f.by_label[label] += 1;
  };
  add(phases_[p]);
  if (measured_[p]) add(kinds_[static_cast<std::size_t>(kind)]);
}

void run_stats::merge(const run_stats& other) {
  for (std::size_t i = 0; i < phases_.size() && i < other.phases_.size(); ++i) {
    phases_[i].merge(other.phases_[i]);
  }
  for (std::size_t k = 0; k < kinds_.size(); ++k) kinds_[k].merge(other.kinds_[k]);
  queue.merge(other.queue);
  mix.merge(other.mix);
}

outcome_figures run_stats::totals() const {
  outcome_figures t;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    if (measured_[i]) t.merge(phases_[i]);
  }
  return t;
}

}  // namespace cityops::load
