// cityops-bench intake-intel: the intake intelligence that runs per report, measured on the
// pure domain classes (no actors, no HTTP, no store):
//   classify   domain::text_classifier::classify (the fastText model of the embedded city,
//              trained once into a model cache and loaded from it afterwards);
//   duplicate  domain::case_insight::check_duplicate against the open cases;
//   reporter   domain::case_insight::reporter (一人多诉: the caller's history);
//   risk       domain::sensitive_matcher::mark (the embedded city's risk lexicon);
//   total      the four one after another, as intake runs them for one report;
//   similar    domain::case_insight::similar(record, 5) over the closed cases (the case view's
//              "similar cases", not per report but per case opened by an operator).
// The case_insight is first filled through load() (as cityopsd does at start from stored
// snapshots) with --stored synthetic cases, --open of them open; its loading time and the
// process RSS are reported. Reports are then classified and checked one by one with
// steady_clock around each step; the index is not changed by them (every report sees the same
// city). Every report is timed --passes times: the first pass as the machine gave it, and the
// best pass per report and step, which drops the other processes' time slices. Texts come from the embedded corpus: stored cases cycle the training split, new
// reports the held-out split, both with a house number appended to half of them.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/domain/case_insight.hpp"
#include "actors/domain/iso_time.hpp"
#include "actors/domain/sensitive_matcher.hpp"
#include "actors/domain/text_classifier.hpp"
#include "actors/domain/training_corpus.hpp"
#include "config/city_loader.hpp"
#include "runtime/model_cache.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/intake_intel.hpp"
#include "tools/bench/bench_output.hpp"
#include "tools/bench/proc_memory.hpp"

namespace cityops::bench {
namespace {

using steady = std::chrono::steady_clock;
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
constexpr std::int64_t hour_ms = 3600LL * 1000;

// Yantai's urban area (芝罘, 莱山, 福山 and the development zone's east end).
constexpr double lat_lo = 37.40, lat_hi = 37.55;
constexpr double lon_lo = 121.25, lon_hi = 121.50;


double elapsed_s(steady::time_point since) {
  return std::chrono::duration<double>(steady::now() - since).count();
}

double us_between(steady::time_point a, steady::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

std::string with_house_number(const std::string& text, std::mt19937_64& rng) {
  if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) return text;
  return text + std::to_string(std::uniform_int_distribution<int>(1, 299)(rng)) + "号";
}

// An open case kept for the repeats among the new reports.
struct open_ref {
  std::uint32_t text = 0;
  std::uint32_t case_no = 0;
  double lat = 0;
  double lon = 0;
  std::int64_t created_ms = 0;
};

struct step_samples {
  std::vector<double> classify, duplicate, reporter, risk, total;
};

void print_summary(const char* what, const sample_summary& s) {
  std::printf("intake-intel: %-10s mean %8.2f  p50 %8.2f  p99 %8.2f  p99.9 %9.2f  max %9.2f us\n",
              what, s.mean, s.p50, s.p99, s.p999, s.max);
}

}  // namespace

void run_intake_intel(const intel_options& o, int& exit_code) {
  const auto& cfg = config::default_city();
  const auto& city = cfg.city;
  const auto corpus = domain::build_training_corpus(cfg.intake.corpus, city);

  // The corpus's own lines of the training split (build_training_corpus appends the
  // catalogue's names and keywords, which are not reports).
  std::vector<domain::labelled_text> stored_texts;
  for (const auto& f : cfg.intake.corpus)
    for (auto& t : domain::parse_corpus(f.text))
      if (!domain::is_held_out(t.text)) stored_texts.push_back(std::move(t));
  if (stored_texts.empty() || corpus.held_out.empty()) {
    std::fprintf(stderr, "intake-intel: the embedded city has no corpus\n");
    exit_code = 1;
    return;
  }

  std::string error, origin;
  std::vector<std::string> cache_dirs{o.model_cache};
  const auto model = load_or_train_model(corpus.training, {}, cache_dirs, origin, error);
  if (!model) {
    std::fprintf(stderr, "intake-intel: %s\n", error.c_str());
    exit_code = 1;
    return;
  }
  std::printf("intake-intel: model %s %s; corpus %zu training (%zu report texts), %zu held out\n",
              model->name().c_str(), origin.c_str(), corpus.training.size(), stored_texts.size(),
              corpus.held_out.size());

  // Departments per category, for dispatched and closed cases.
  std::unordered_map<std::string, std::vector<std::string>> departments_of;
  for (const auto& d : city.departments())
    for (const auto& c : d.categories) departments_of[c].push_back(d.id);
  const std::vector<std::string> no_department;
  auto departments_for = [&](const std::string& c) -> const std::vector<std::string>& {
    auto it = departments_of.find(c);
    return it == departments_of.end() ? no_department : it->second;
  };

  // Callers: a fixed pool of hashes; caller = pool · u^skew, so a few call again and again.
  std::vector<std::string> callers(std::max<std::uint32_t>(1, o.callers));
  for (std::size_t i = 0; i < callers.size(); ++i) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "%016llx%016llx%016llx%016llx",
                  static_cast<unsigned long long>(i * 0x9e3779b97f4a7c15ULL),
                  static_cast<unsigned long long>(i ^ 0xc2b2ae3d27d4eb4fULL),
                  static_cast<unsigned long long>(i * 0x165667b19e3779f9ULL),
                  static_cast<unsigned long long>(i + 0x27d4eb2f165667c5ULL));
    callers[i] = buf;
  }
  std::uniform_real_distribution<double> unit(0, 1);
  auto pick_caller = [&](std::mt19937_64& rng) {
    const double u = unit(rng);
    const auto i = static_cast<std::size_t>(std::pow(u, o.caller_skew) *
                                            static_cast<double>(callers.size()));
    return std::min(i, callers.size() - 1);
  };

  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  const std::int64_t span_ms = static_cast<std::int64_t>(o.days) * day_ms;
  std::mt19937_64 rng(o.seed);

  release_free_heap();
  const auto rss_before = self_rss_bytes().value_or(0);

  // Fill the insight: records are built in batches (untimed) and loaded (timed).
  domain::case_insight insight(city, cfg.intake);
  const std::uint64_t stored = o.stored;
  const std::uint64_t open = std::min(o.open, stored);
  std::vector<std::uint32_t> calls_per_caller(callers.size(), 0);
  std::vector<open_ref> recent_open;  // open cases of the last 12 hours
  std::unordered_map<std::int64_t, std::uint32_t> seq_of_day;
  std::vector<domain::case_record> batch;
  double load_s = 0;
  const auto fill_started = steady::now();
  constexpr std::uint64_t batch_size = 10'000;
  for (std::uint64_t first = 0; first < stored; first += batch_size) {
    batch.clear();
    const std::uint64_t end = std::min(stored, first + batch_size);
    for (std::uint64_t n = first; n < end; ++n) {
      // Open cases are spread evenly through the run; they lean to the recent days (a case
      // is open for days, not weeks), closed ones are uniform over the span.
      const bool is_open_case = (n * open) / stored != ((n + 1) * open) / stored;
      const double u = unit(rng);
      const std::int64_t age = static_cast<std::int64_t>(
          (is_open_case ? u * u : u) * static_cast<double>(span_ms));
      const std::int64_t created = now_ms - age;
      const auto text_no = static_cast<std::uint32_t>(n % stored_texts.size());
      const auto& lt = stored_texts[text_no];
      domain::case_record r;
      const std::int64_t day = created / day_ms;
      const auto seq = ++seq_of_day[day];
      const auto date = domain::format_iso8601(day * day_ms);  // "2026-11-01T00:00:00..."
      char id[48];
      std::snprintf(id, sizeof id, "%s-%.4s%.2s%.2s-%06u", city.city_id.c_str(), date.c_str(),
                    date.c_str() + 5, date.c_str() + 8, seq);
      r.id = id;
      r.report.source = domain::case_source::hotline;
      r.report.text = with_house_number(lt.text, rng);
      r.report.lat = lat_lo + unit(rng) * (lat_hi - lat_lo);
      r.report.lon = lon_lo + unit(rng) * (lon_hi - lon_lo);
      r.report.has_location = true;
      const auto caller = pick_caller(rng);
      ++calls_per_caller[caller];
      r.report.reporter_hash = callers[caller];
      r.report.classification.category = lt.category;
      r.report.classification.confidence = 0.9;
      r.report.classification.model = model->name();
      r.category = lt.category;
      r.created_ms = created;
      r.sla_start_ms = created;
      r.deadline_ms = created + 5 * day_ms;
      const auto& deps = departments_for(lt.category);
      const std::string department =
          deps.empty() ? std::string()
                       : deps[std::uniform_int_distribution<std::size_t>(0, deps.size() - 1)(rng)];
      if (is_open_case) {
        const int s = std::uniform_int_distribution<int>(0, 2)(rng);
        if (s == 0) {
          // Waiting for an operator to confirm the suggestion: no category yet.
          r.status = domain::case_status::reported;
          r.category.clear();
          r.version = 1;
        } else if (s == 1) {
          r.status = domain::case_status::accepted;
          r.version = 3;
        } else {
          r.status = domain::case_status::dispatched;
          r.department = department;
          r.version = 4;
        }
        r.updated_ms = std::min(now_ms, created + std::min<std::int64_t>(age, 2 * hour_ms));
        if (age <= 12 * hour_ms)
          recent_open.push_back({text_no, static_cast<std::uint32_t>(n), r.report.lat,
                                 r.report.lon, created});
      } else {
        r.status = unit(rng) < 0.7 ? domain::case_status::followed_up
                                   : domain::case_status::closed;
        r.department = department;
        r.updated_ms =
            std::min(now_ms, created + static_cast<std::int64_t>(unit(rng) * 4 * day_ms));
        r.version = 9;
      }
      batch.push_back(std::move(r));
    }
    const auto t = steady::now();
    for (const auto& r : batch) insight.load(r);
    load_s += elapsed_s(t);
  }
  batch.clear();
  batch.shrink_to_fit();
  const double fill_s = elapsed_s(fill_started);
  const auto rss_loaded = self_rss_bytes().value_or(0);
  release_free_heap();
  const auto rss_trimmed = self_rss_bytes().value_or(0);
  const std::uint32_t heaviest =
      calls_per_caller.empty() ? 0
                               : *std::max_element(calls_per_caller.begin(),
                                                   calls_per_caller.end());
  std::uint64_t callers_known = 0;
  for (auto c : calls_per_caller) callers_known += c > 0;
  const double per_case =
      (static_cast<double>(rss_trimmed) - static_cast<double>(rss_before)) /
      static_cast<double>(std::max<std::uint64_t>(1, stored));
  std::printf("intake-intel: loaded %s cases (%s open indexed, %s closed indexed) in %.2f s "
              "(%s cases/s in load(); %.1f s with building the records)\n",
              human_count(static_cast<double>(stored)).c_str(),
              human_count(static_cast<double>(insight.open_indexed())).c_str(),
              human_count(static_cast<double>(insight.closed_indexed())).c_str(), load_s,
              human_count(rate_per_second(stored, load_s)).c_str(), fill_s);
  std::printf("intake-intel: RSS %s before, %s loaded, %s after malloc_trim = %s per stored "
              "case; %s callers, the busiest with %u cases\n",
              human_bytes(static_cast<double>(rss_before)).c_str(),
              human_bytes(static_cast<double>(rss_loaded)).c_str(),
              human_bytes(static_cast<double>(rss_trimmed)).c_str(),
              human_bytes(per_case).c_str(),
              human_count(static_cast<double>(callers_known)).c_str(), heaviest);

  // New reports: held-out texts at random places, a share repeating a recent open case from
  // a few metres away (those should be linked or flagged).
  struct new_report {
    std::string text;
    double lat = 0;
    double lon = 0;
    std::size_t caller = 0;
    bool repeat = false;
  };
  const std::uint64_t total_reports = o.reports + o.warmup;
  std::vector<new_report> reports;
  reports.reserve(total_reports);
  for (std::uint64_t i = 0; i < total_reports; ++i) {
    new_report nr;
    if (!recent_open.empty() && unit(rng) < o.repeat_share) {
      const auto& ref = recent_open[std::uniform_int_distribution<std::size_t>(
          0, recent_open.size() - 1)(rng)];
      nr.text = with_house_number(stored_texts[ref.text].text, rng);
      // Within ~40 m.
      nr.lat = ref.lat + (unit(rng) - 0.5) * 0.0007;
      nr.lon = ref.lon + (unit(rng) - 0.5) * 0.0009;
      nr.repeat = true;
    } else {
      nr.text = with_house_number(corpus.held_out[i % corpus.held_out.size()].text, rng);
      nr.lat = lat_lo + unit(rng) * (lat_hi - lat_lo);
      nr.lon = lon_lo + unit(rng) * (lon_hi - lon_lo);
    }
    nr.caller = pick_caller(rng);
    reports.push_back(std::move(nr));
  }

  // Every timed report runs `passes` times (the warm-up only in the first pass). The first
  // pass is what a report sees on this machine; the best of the passes per report and step
  // drops the scheduler's preemptions (another process's time slice inside a sample), which
  // the first pass keeps, but keeps what the input costs (a busy caller, a wide radius).
  const std::uint32_t passes = std::max<std::uint32_t>(1, o.passes);
  const std::size_t timed = static_cast<std::size_t>(o.reports);
  step_samples first, best;
  for (auto* s : {&first, &best}) {
    const double init = s == &best ? 1e300 : 0.0;
    s->classify.assign(timed, init);
    s->duplicate.assign(timed, init);
    s->reporter.assign(timed, init);
    s->risk.assign(timed, init);
    s->total.assign(timed, init);
  }
  const domain::sensitive_matcher risk_words(config::default_city().risk.lexicon);
  std::uint64_t linked = 0, flagged = 0, repeats = 0, repeats_found = 0, unclassified = 0;
  std::uint64_t known_callers = 0, caller_cases = 0;
  std::vector<std::string> categories(total_reports);
  long preempted_first = 0, preempted_all = 0;
  for (std::uint32_t pass = 0; pass < passes; ++pass) {
    struct rusage usage_before {};
    ::getrusage(RUSAGE_SELF, &usage_before);
    for (std::uint64_t i = pass == 0 ? 0 : o.warmup; i < total_reports; ++i) {
      const auto& nr = reports[i];
      domain::case_event ev;
      ev.type = domain::event_type::reported;
      ev.at_ms = now_ms;
      ev.report.text = nr.text;
      ev.report.lat = nr.lat;
      ev.report.lon = nr.lon;
      ev.report.has_location = true;
      ev.report.reporter_hash = callers[nr.caller];

      const auto t0 = steady::now();
      auto cls = model->classify(nr.text);
      const auto t1 = steady::now();
      ev.category = cls.category;
      ev.report.classification = std::move(cls);
      const auto verdict = insight.check_duplicate(ev);
      const auto t2 = steady::now();
      const auto history = insight.reporter(callers[nr.caller], now_ms, "");
      const auto t3 = steady::now();
      ev.report.risk = risk_words.mark(nr.text);
      const auto t4 = steady::now();

      if (pass == 0) categories[i] = ev.category;
      if (i < o.warmup) continue;
      const auto k = static_cast<std::size_t>(i - o.warmup);
      const double c = us_between(t0, t1), d = us_between(t1, t2), r = us_between(t2, t3),
                   w = us_between(t3, t4), t = us_between(t0, t4);
      best.classify[k] = std::min(best.classify[k], c);
      best.duplicate[k] = std::min(best.duplicate[k], d);
      best.reporter[k] = std::min(best.reporter[k], r);
      best.risk[k] = std::min(best.risk[k], w);
      best.total[k] = std::min(best.total[k], t);
      if (pass != 0) continue;
      first.classify[k] = c;
      first.duplicate[k] = d;
      first.reporter[k] = r;
      first.risk[k] = w;
      first.total[k] = t;
      if (ev.category.empty()) ++unclassified;
      const bool found = !verdict.duplicate_of.empty() || !verdict.possible_duplicate_of.empty();
      linked += !verdict.duplicate_of.empty();
      flagged += !verdict.possible_duplicate_of.empty();
      repeats += nr.repeat;
      repeats_found += nr.repeat && found;
      known_callers += history.known;
      caller_cases += history.last_90_days;
    }
    struct rusage usage_after {};
    ::getrusage(RUSAGE_SELF, &usage_after);
    const long preempted = usage_after.ru_nivcsw - usage_before.ru_nivcsw;
    if (pass == 0) preempted_first = preempted;
    preempted_all += preempted;
  }
  struct step_summaries {
    sample_summary classify, duplicate, reporter, risk, total;
  };
  auto summarize_steps = [](const step_samples& s) {
    return step_summaries{summarize(s.classify), summarize(s.duplicate), summarize(s.reporter),
                          summarize(s.risk), summarize(s.total)};
  };
  const auto first_s = summarize_steps(first);
  const auto best_s = summarize_steps(best);
  std::printf("intake-intel: %s reports (after %s warm-up), microseconds per report, first "
              "pass (%ld involuntary context switches in it):\n",
              human_count(static_cast<double>(o.reports)).c_str(),
              human_count(static_cast<double>(o.warmup)).c_str(), preempted_first);
  print_summary("classify", first_s.classify);
  print_summary("duplicate", first_s.duplicate);
  print_summary("reporter", first_s.reporter);
  print_summary("risk", first_s.risk);
  print_summary("total", first_s.total);
  std::printf("intake-intel: best of %u passes per report and step (%ld context switches in "
              "all passes):\n",
              passes, preempted_all);
  print_summary("classify", best_s.classify);
  print_summary("duplicate", best_s.duplicate);
  print_summary("reporter", best_s.reporter);
  print_summary("risk", best_s.risk);
  print_summary("total", best_s.total);
  std::printf("intake-intel: total p99 %.1f us first pass, %.1f us best of %u (target <= 100 "
              "us: %s); %llu linked, %llu flagged (%llu of %llu repeats found), %llu "
              "unclassified; %llu known callers, %.1f cases each in 90 days\n",
              first_s.total.p99, best_s.total.p99, passes,
              best_s.total.p99 <= 100 ? "met" : "MISSED",
              static_cast<unsigned long long>(linked), static_cast<unsigned long long>(flagged),
              static_cast<unsigned long long>(repeats_found),
              static_cast<unsigned long long>(repeats),
              static_cast<unsigned long long>(unclassified),
              static_cast<unsigned long long>(known_callers),
              known_callers ? static_cast<double>(caller_cases) / static_cast<double>(known_callers)
                            : 0.0);
  // Where the time goes (best of the passes): duplicate checks by the classified category,
  // caller histories by the caller's number of stored cases (0, 1-9, 10-99, 100-999, 1000+).
  struct cost {
    double us = 0;
    std::uint64_t n = 0;
  };
  std::map<std::string, cost> duplicate_by_category;
  cost reporter_by_size[5];
  auto size_class = [](std::uint32_t n) {
    return n == 0 ? 0 : n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
  };
  for (std::size_t k = 0; k < timed; ++k) {
    const auto i = k + static_cast<std::size_t>(o.warmup);
    auto& dc = duplicate_by_category[categories[i]];
    dc.us += best.duplicate[k];
    ++dc.n;
    auto& rc = reporter_by_size[size_class(calls_per_caller[reports[i].caller])];
    rc.us += best.reporter[k];
    ++rc.n;
  }
  const auto rules = domain::duplicate_rules_from(cfg.intake.duplicates);
  std::vector<std::pair<std::string, cost>> by_cat(duplicate_by_category.begin(),
                                                   duplicate_by_category.end());
  std::sort(by_cat.begin(), by_cat.end(),
            [](const auto& a, const auto& b) { return a.second.us > b.second.us; });
  std::printf("intake-intel: duplicate check by category, best of the passes (share of all "
              "duplicate time, mean):");
  double duplicate_total = 0;
  for (const auto& [c, v] : by_cat) duplicate_total += v.us;
  for (std::size_t i = 0; i < by_cat.size() && i < 6; ++i)
    std::printf(" %s (r %.0f m) %.0f%% %.0f us%s", by_cat[i].first.c_str(),
                rules.radius_for(by_cat[i].first),
                duplicate_total > 0 ? 100 * by_cat[i].second.us / duplicate_total : 0.0,
                by_cat[i].second.us /
                    static_cast<double>(std::max<std::uint64_t>(1, by_cat[i].second.n)),
                i + 1 < std::min<std::size_t>(6, by_cat.size()) ? ";" : "\n");
  const char* size_names[5] = {"0", "1-9", "10-99", "100-999", "1000+"};
  std::printf("intake-intel: caller history by the caller's stored cases, best of the passes "
              "(share of reports, mean):");
  for (int c = 0; c < 5; ++c)
    std::printf(" %s %.1f%% %.1f us%s", size_names[c],
                100.0 * static_cast<double>(reporter_by_size[c].n) /
                    static_cast<double>(std::max<std::uint64_t>(1, o.reports)),
                reporter_by_size[c].us /
                    static_cast<double>(std::max<std::uint64_t>(1, reporter_by_size[c].n)),
                c < 4 ? ";" : "\n");

  // Similar cases: the case view of a new report, over the closed cases; timed `passes`
  // times like the reports.
  const std::uint64_t similar_warmup = std::min<std::uint64_t>(o.warmup, 100);
  std::vector<double> similar_first(o.similar_queries, 0), similar_best(o.similar_queries, 1e300);
  std::uint64_t similar_hits = 0;
  for (std::uint32_t pass = 0; pass < passes; ++pass) {
    for (std::uint64_t q = pass == 0 ? 0 : similar_warmup; q < o.similar_queries + similar_warmup;
         ++q) {
      const auto i = q % total_reports;
      domain::case_record r;
      r.id = "3706-29991231-" + std::to_string(q);
      r.category = categories[i];
      r.report.text = reports[i].text;
      const auto t0 = steady::now();
      const auto hits = insight.similar(r, 5);
      const auto t1 = steady::now();
      if (q < similar_warmup) continue;
      const auto k = static_cast<std::size_t>(q - similar_warmup);
      similar_best[k] = std::min(similar_best[k], us_between(t0, t1));
      if (pass != 0) continue;
      similar_first[k] = us_between(t0, t1);
      similar_hits += hits.size();
    }
  }
  const auto similar_s = summarize(similar_first);
  const auto similar_best_s = summarize(similar_best);
  std::printf("intake-intel: similar(record, 5) over %s closed cases, %s queries, %.2f hits "
              "each, microseconds:\n",
              human_count(static_cast<double>(insight.closed_indexed())).c_str(),
              human_count(static_cast<double>(similar_s.count)).c_str(),
              similar_s.count ? static_cast<double>(similar_hits) /
                                    static_cast<double>(similar_s.count)
                              : 0.0);
  print_summary("first", similar_s);
  print_summary("best", similar_best_s);
  std::printf("intake-intel: similar p99 %.1f us first pass, %.1f us best of %u (target <= 5 "
              "ms: %s)\n",
              similar_s.p99, similar_best_s.p99, passes,
              similar_best_s.p99 <= 5000 ? "met" : "MISSED");

  gateway::json_writer w;
  begin_result(w, "intake-intel");
  w.member("stored", stored);
  w.member("open", open);
  w.member("reports", o.reports);
  w.member("warmup", o.warmup);
  w.member("seed", o.seed);
  w.member("callers", static_cast<std::uint64_t>(callers.size()));
  w.member("caller_skew", o.caller_skew);
  w.member("repeat_share", o.repeat_share);
  w.key("model").begin_object();
  w.member("name", model->name());
  w.member("origin", origin);
  w.member("training_texts", static_cast<std::uint64_t>(corpus.training.size()));
  w.member("held_out_texts", static_cast<std::uint64_t>(corpus.held_out.size()));
  w.end_object();
  w.key("load").begin_object();
  w.member("load_s", load_s);
  w.member("with_building_s", fill_s);
  w.member("cases_per_s", rate_per_second(stored, load_s));
  w.member("open_indexed", static_cast<std::uint64_t>(insight.open_indexed()));
  w.member("closed_indexed", static_cast<std::uint64_t>(insight.closed_indexed()));
  w.member("rss_before_bytes", rss_before);
  w.member("rss_loaded_bytes", rss_loaded);
  w.member("rss_trimmed_bytes", rss_trimmed);
  w.member("bytes_per_stored_case", per_case);
  w.member("callers_with_cases", callers_known);
  w.member("busiest_caller_cases", static_cast<std::uint64_t>(heaviest));
  w.end_object();
  w.member("unit", "us");
  w.member("passes", static_cast<std::uint64_t>(passes));
  auto put_steps = [&w](std::string_view key, const step_summaries& st,
                        const sample_summary& similar, long switches) {
    w.key(key).begin_object();
    write_summary(w, "classify_us", st.classify);
    write_summary(w, "duplicate_us", st.duplicate);
    write_summary(w, "reporter_us", st.reporter);
    write_summary(w, "risk_us", st.risk);
    write_summary(w, "total_us", st.total);
    write_summary(w, "similar_us", similar);
    w.member("involuntary_context_switches", static_cast<std::int64_t>(switches));
    w.end_object();
  };
  put_steps("first_pass", first_s, similar_s, preempted_first);
  put_steps("best_of_passes", best_s, similar_best_s, preempted_all);
  w.key("verdicts").begin_object();
  w.member("linked", linked);
  w.member("flagged", flagged);
  w.member("repeats", repeats);
  w.member("repeats_found", repeats_found);
  w.member("unclassified", unclassified);
  w.member("known_callers", known_callers);
  w.member("similar_hits", similar_hits);
  w.end_object();
  w.key("duplicate_by_category").begin_array();
  for (const auto& [c, v] : by_cat) {
    w.begin_object();
    w.member("category", c);
    w.member("radius_m", rules.radius_for(c));
    w.member("reports", v.n);
    w.member("mean_us", v.us / static_cast<double>(std::max<std::uint64_t>(1, v.n)));
    w.member("share", duplicate_total > 0 ? v.us / duplicate_total : 0.0);
    w.end_object();
  }
  w.end_array();
  w.key("reporter_by_caller_cases").begin_array();
  for (int c = 0; c < 5; ++c) {
    w.begin_object();
    w.member("caller_cases", size_names[c]);
    w.member("reports", reporter_by_size[c].n);
    w.member("mean_us", reporter_by_size[c].us /
                            static_cast<double>(std::max<std::uint64_t>(1, reporter_by_size[c].n)));
    w.end_object();
  }
  w.end_array();
  w.key("targets").begin_object();
  w.member("total_p99_us", 100.0);
  w.member("total_p99_first_pass_met", first_s.total.p99 <= 100);
  w.member("total_p99_best_of_passes_met", best_s.total.p99 <= 100);
  w.member("similar_p99_us", 5000.0);
  w.member("similar_p99_first_pass_met", similar_s.p99 <= 5000);
  w.member("similar_p99_best_of_passes_met", similar_best_s.p99 <= 5000);
  w.end_object();
  w.end_object();
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "intake-intel: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace cityops::bench
