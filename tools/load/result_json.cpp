#include "tools/load/result_json.hpp"

#include <fmt/format.h>

#include <cmath>

#include "tools/load/json_text.hpp"

namespace cityops::load {

namespace {

// A small streaming writer: objects and arrays opened and closed in order, commas placed by
// the writer, numbers written finite (NaN/inf as null, which JSON lacks).
class json_out {
 public:
  json_out& begin_object() { value_start(); out_ += '{'; first_ = true; return *this; }
  json_out& end_object() { out_ += '}'; first_ = false; return *this; }
  json_out& begin_array() { value_start(); out_ += '['; first_ = true; return *this; }
  json_out& end_array() { out_ += ']'; first_ = false; return *this; }
  json_out& key(std::string_view k) {
    if (!first_) out_ += ',';
    append_json_string(out_, k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  json_out& str(std::string_view s) { value_start(); append_json_string(out_, s); return *this; }
  json_out& num(double v, int decimals = 3) {
    value_start();
    out_ += std::isfinite(v) ? fmt::format("{:.{}f}", v, decimals) : "null";
    return *this;
  }
  json_out& integer(std::uint64_t v) { value_start(); out_ += std::to_string(v); return *this; }
  json_out& boolean(bool b) { value_start(); out_ += b ? "true" : "false"; return *this; }
  json_out& null() { value_start(); out_ += "null"; return *this; }
  std::string take() { return std::move(out_); }

 private:
  void value_start() {
    if (!after_key_ && !first_) out_ += ',';
    after_key_ = false;
    first_ = false;
  }
  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

double ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }

void latency(json_out& j, const latency_histogram& h) {
  j.begin_object();
  j.key("count").integer(h.count());
  j.key("min").num(ms(h.min_ns()));
  j.key("mean").num(h.mean_ns() / 1e6);
  j.key("p50").num(ms(h.value_at_quantile(0.50)));
  j.key("p90").num(ms(h.value_at_quantile(0.90)));
  j.key("p99").num(ms(h.value_at_quantile(0.99)));
  j.key("p999").num(ms(h.value_at_quantile(0.999)));
  j.key("max").num(ms(h.max_ns_recorded()));
  j.end_object();
}

void labels(json_out& j, const outcome_figures& f) {
  j.begin_object();
  for (const auto& [label, n] : f.by_label) j.key(label).integer(n);
  j.end_object();
}

void figures(json_out& j, const outcome_figures& f) {
  j.key("completed").integer(f.completed());
  j.key("ok").integer(f.ok);
  j.key("errors").integer(f.errors);
  j.key("status");
  labels(j, f);
  j.key("latency_ms");
  latency(j, f.latency);
}

void config_object(json_out& j, const load_config& c) {
  j.begin_object();
  j.key("target").str(c.host + ":" + std::to_string(c.port));
  j.key("mode").str(to_string(c.mode));
  j.key("profile").str(to_string(c.profile));
  j.key("connections").integer(static_cast<std::uint64_t>(c.connections));
  j.key("threads").integer(static_cast<std::uint64_t>(c.threads));
  if (c.mode == loop_mode::open) j.key("rate").num(c.rate); else j.key("rate").null();
  j.key("surge_factor").num(c.surge_factor);
  j.key("duration_s").num(c.duration_s);
  j.key("warmup_s").num(c.warmup_s);
  j.key("timeout_s").num(c.timeout_s);
  j.key("late_threshold_ms").num(c.late_threshold_ms);
  j.key("max_queue").integer(c.max_queue);
  j.key("seed").integer(c.seed);
  j.key("max_error_rate").num(c.max_error_rate, 4);
  const auto& w = c.mix.sources;
  j.key("weights").begin_object();
  j.key("hotline").num(w.hotline);
  j.key("grid").num(w.grid);
  j.key("video").num(w.video);
  j.key("iot").num(w.iot);
  j.key("app").num(w.app);
  j.key("open311").num(w.open311);
  j.end_object();
  j.key("shares").begin_object();
  j.key("latlon").num(c.mix.latlon_share, 4);
  j.key("duplicate").num(c.mix.duplicate_share, 4);
  j.key("idempotency").num(c.mix.idempotency_share, 4);
  j.key("retry").num(c.mix.replay_share, 4);
  j.key("uncategorized").num(c.mix.uncategorized_share, 4);
  j.key("read_ratio").num(c.mix.read_ratio, 4);
  j.end_object();
  j.key("category_zipf").num(c.mix.category_zipf);
  j.key("geo_zipf").num(c.mix.geo_zipf);
  j.end_object();
}

double per_second(std::uint64_t n, double seconds) {
  return seconds > 0 ? static_cast<double>(n) / seconds : 0.0;
}

// The part of a phase that ran: an interrupted run ends early.
double phase_run_s(const schedule_phase& p, const arrival_schedule& s, const run_summary& r) {
  const double ran_until = s.measured_start_s() + r.measured_s;
  const double end = p.measured ? std::min(p.end_s, ran_until) : p.end_s;
  return std::max(0.0, end - p.start_s);
}

}  // namespace

double error_rate(const run_stats& stats) {
  const auto t = stats.totals();
  return t.completed() ? static_cast<double>(t.errors) / static_cast<double>(t.completed()) : 0.0;
}

std::string result_json(const load_config& config, const arrival_schedule& schedule,
                        const run_stats& stats, const run_summary& summary) {
  const auto totals = stats.totals();
  json_out j;
  j.begin_object();
  j.key("tool").str("cityops-load");
  j.key("format").integer(1);
  j.key("started_at").str(summary.started_at);
  j.key("elapsed_s").num(summary.elapsed_s);
  j.key("measured_s").num(summary.measured_s);
  j.key("reached").boolean(summary.reached);
  j.key("interrupted").boolean(summary.interrupted);
  if (summary.failure.empty()) j.key("failure").null(); else j.key("failure").str(summary.failure);
  j.key("config");
  config_object(j, config);

  j.key("totals").begin_object();
  j.key("completed").integer(totals.completed());
  j.key("ok").integer(totals.ok);
  j.key("errors").integer(totals.errors);
  j.key("error_rate").num(error_rate(stats), 6);
  j.key("achieved_rps").num(per_second(totals.completed(), summary.measured_s), 1);
  j.key("ok_rps").num(per_second(totals.ok, summary.measured_s), 1);
  j.key("cases_created").integer(stats.mix.cases_created);
  j.end_object();
  j.key("latency_ms");
  latency(j, totals.latency);
  j.key("status");
  labels(j, totals);

  j.key("kinds").begin_object();
  for (std::size_t k = 0; k < request_kind_count; ++k) {
    const auto kind = static_cast<request_kind>(k);
    const auto& f = stats.kind(kind);
    if (f.completed() == 0) continue;
    j.key(to_string(kind)).begin_object();
    figures(j, f);
    j.end_object();
  }
  j.end_object();

  j.key("phases").begin_array();
  for (std::size_t i = 0; i < schedule.phases().size() && i < stats.phase_count(); ++i) {
    const auto& p = schedule.phases()[i];
    const auto& f = stats.phase(i);
    const double ran = phase_run_s(p, schedule, summary);
    j.begin_object();
    j.key("name").str(p.name);
    j.key("measured").boolean(p.measured);
    j.key("start_s").num(p.start_s);
    j.key("end_s").num(p.end_s);
    if (config.mode == loop_mode::open) {
      j.key("target_rps_start").num(p.rate_start, 1);
      j.key("target_rps_end").num(p.rate_end, 1);
      j.key("target_requests").num(schedule.expected_arrivals(p.end_s) -
                                       schedule.expected_arrivals(p.start_s), 0);
    }
    figures(j, f);
    j.key("achieved_rps").num(per_second(f.completed(), ran), 1);
    j.end_object();
  }
  j.end_array();

  if (config.mode == loop_mode::open) {
    const auto& q = stats.queue;
    j.key("open_loop").begin_object();
    j.key("due").integer(q.due);
    j.key("sent").integer(q.sent);
    j.key("late").integer(q.late);
    j.key("late_threshold_ms").num(config.late_threshold_ms);
    j.key("queued").integer(q.queued);
    j.key("dropped").integer(q.dropped);
    j.key("max_queue_depth").integer(q.max_depth);
    j.end_object();
  } else {
    j.key("open_loop").null();
  }
  j.key("mix").begin_object();
  j.key("duplicates").integer(stats.mix.duplicates);
  j.key("keyed").integer(stats.mix.keyed);
  j.key("replays_matched").integer(stats.mix.replays_matched);
  j.key("replays_mismatched").integer(stats.mix.replays_mismatched);
  j.end_object();
  j.end_object();
  std::string out = j.take();
  out += '\n';
  return out;
}

namespace {

std::string latency_line(const latency_histogram& h) {
  return fmt::format("p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  p99.9 {:.2f}  max {:.2f}  mean {:.2f} ms",
                     ms(h.value_at_quantile(0.5)), ms(h.value_at_quantile(0.9)),
                     ms(h.value_at_quantile(0.99)), ms(h.value_at_quantile(0.999)),
                     ms(h.max_ns_recorded()), h.mean_ns() / 1e6);
}

std::string label_line(const outcome_figures& f) {
  std::string s;
  for (const auto& [label, n] : f.by_label) s += fmt::format("{}{}={}", s.empty() ? "" : " ", label, n);
  return s.empty() ? "-" : s;
}

}  // namespace

std::string human_summary(const load_config& config, const arrival_schedule& schedule,
                          const run_stats& stats, const run_summary& summary) {
  const auto t = stats.totals();
  std::string s;
  s += fmt::format("cityops-load {} loop, {} profile, {} connections, {} threads, target {}:{}\n",
                   to_string(config.mode), to_string(config.profile), config.connections,
                   config.threads, config.host, config.port);
  if (!summary.failure.empty()) s += "failure: " + summary.failure + "\n";
  if (summary.interrupted) s += "interrupted before the end of the schedule\n";
  s += fmt::format("measured {:.1f} s: {} completed ({:.1f}/s), {} ok ({:.1f}/s), {} errors "
                   "({:.3f} %), {} cases created\n",
                   summary.measured_s, t.completed(), per_second(t.completed(), summary.measured_s),
                   t.ok, per_second(t.ok, summary.measured_s), t.errors, 100 * error_rate(stats),
                   stats.mix.cases_created);
  s += "latency: " + latency_line(t.latency) + "\n";
  s += "status:  " + label_line(t) + "\n";
  s += "kinds:  ";
  for (std::size_t k = 0; k < request_kind_count; ++k) {
    const auto& f = stats.kind(static_cast<request_kind>(k));
    if (f.completed() == 0) continue;
    s += fmt::format(" {}={}", to_string(static_cast<request_kind>(k)), f.completed());
    if (f.errors) s += fmt::format("({} err)", f.errors);
  }
  s += "\n";
  if (config.mode == loop_mode::open) {
    const auto& q = stats.queue;
    s += fmt::format("open loop: {} due, {} sent, {} late (> {} ms), {} queued, {} dropped, "
                     "deepest queue {}\n",
                     q.due, q.sent, q.late, config.late_threshold_ms, q.queued, q.dropped,
                     q.max_depth);
  }
  if (stats.mix.replays_mismatched) {
    s += fmt::format("IDEMPOTENCY: {} replays answered another case\n", stats.mix.replays_mismatched);
  }
  if (schedule.phases().size() > 1) {
    for (std::size_t i = 0; i < schedule.phases().size() && i < stats.phase_count(); ++i) {
      const auto& p = schedule.phases()[i];
      const auto& f = stats.phase(i);
      s += fmt::format("  {:<9} {:6.1f}-{:6.1f}s {:8.1f}/s  err {}  {}\n", p.name, p.start_s,
                       p.end_s, per_second(f.completed(), phase_run_s(p, schedule, summary)),
                       f.errors, latency_line(f.latency));
    }
  }
  return s;
}

}  // namespace cityops::load
