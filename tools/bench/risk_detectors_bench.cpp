// The `risk-detectors` subcommand: the risk watch's statistical detectors (一人多诉, 新发高发,
// 集中爆发; domain::risk_detectors) fed simulated city traffic on the embedded Yantai city,
// single-threaded, the pure classes only (no actors, no store). Every event is observed by
// all three; batches of --batch events are timed and the ns per event of each batch is
// summarised (p50, p99, max). The stream is built before timing: report times spread over
// --days with a day/night profile (the last week past the 8-week baseline, so the 高发 test
// is live), communities uniformly over the city's 6,509, positions scattered about their
// centre, categories skewed over the catalogue, callers from a skewed pool (a few call very
// often: repeat callers), shared addresses, and one burst of --burst reports in 100 m within
// half an hour in the middle.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "actors/domain/iso_time.hpp"
#include "actors/domain/risk_detectors.hpp"
#include "config/city_loader.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"

namespace cityops::bench {
namespace {

struct risk_options {
  std::uint64_t events = 300'000;
  std::uint32_t batch = 1'000;
  std::uint32_t days = 63;
  std::uint32_t callers = 200'000;
  std::uint32_t addresses = 50'000;
  std::uint32_t burst = 200;
  std::uint64_t seed = 20261208;
  std::string json;
};

struct city_places {
  std::vector<const config::node*> communities;
  std::vector<std::string> categories;
};

city_places places_of(const config::city_model& city) {
  city_places p;
  for (const auto& n : city.nodes())
    if (n.tier == config::tier::community) p.communities.push_back(&n);
  for (const auto& c : city.categories()) p.categories.push_back(c.code);
  return p;
}

domain::risk_observation at_community(const config::city_model& city, const config::node& c) {
  domain::risk_observation o;
  for (const config::node* n = &c; n != nullptr; n = city.parent(n->id)) {
    o.scope_nodes.push_back(n->id);
    if (n->tier == config::tier::district) o.district = n->id;
    if (n->tier == config::tier::street) o.street = n->id;
  }
  std::reverse(o.scope_nodes.begin(), o.scope_nodes.end());
  return o;
}

std::vector<domain::risk_observation> city_traffic(const risk_options& opt,
                                                   const config::city_model& city) {
  const city_places places = places_of(city);
  std::mt19937_64 rng(opt.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::normal_distribution<double> scatter(0, 0.004);  // ≈ 400 m
  const std::int64_t t0 = 1'767'542'400'000;           // Monday 2026-01-05 00:00 UTC+8
  const double span = static_cast<double>(opt.days) * domain::ms_per_day;
  std::vector<domain::risk_observation> out;
  out.reserve(opt.events);
  for (std::uint64_t i = 0; i + opt.burst < opt.events; ++i) {
    // Day hours (08–20) three times as busy as the night.
    std::int64_t at;
    std::int64_t local_hour;
    do {
      at = t0 + static_cast<std::int64_t>(unit(rng) * span);
      local_hour = ((at + domain::china_offset_ms) / domain::ms_per_hour) % 24;
    } while ((local_hour < 8 || local_hour >= 20) && unit(rng) > 0.33);
    const auto& c = *places.communities[static_cast<std::size_t>(
        unit(rng) * static_cast<double>(places.communities.size()))];
    auto o = at_community(city, c);
    o.at_ms = at;
    o.category = places.categories[static_cast<std::size_t>(
        std::pow(unit(rng), 2) * static_cast<double>(places.categories.size()))];
    o.lat = c.lat + scatter(rng);
    o.lon = c.lon + scatter(rng) * 1.26;
    o.has_location = unit(rng) < 0.7;
    if (unit(rng) < 0.8)
      o.reporter_hash = "caller-" + std::to_string(static_cast<std::uint64_t>(
                                        std::pow(unit(rng), 3) * opt.callers));
    if (unit(rng) < 0.3)
      o.address_key = "address-" + std::to_string(static_cast<std::uint64_t>(
                                       std::pow(unit(rng), 2) * opt.addresses));
    out.push_back(std::move(o));
  }
  const std::int64_t burst_at = t0 + static_cast<std::int64_t>(span / 2);
  const auto& square = *places.communities.front();
  for (std::uint32_t i = 0; i < opt.burst; ++i) {
    auto o = at_community(city, square);
    o.at_ms = burst_at + static_cast<std::int64_t>(i) * 1'800'000 / std::max(1U, opt.burst);
    o.category = places.categories.front();
    o.lat = square.lat + (unit(rng) - 0.5) * 0.0018;
    o.lon = square.lon + (unit(rng) - 0.5) * 0.0022;
    o.has_location = true;
    out.push_back(std::move(o));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.at_ms < b.at_ms; });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].case_id = "3706-bench-" + std::to_string(i);
  return out;
}

void run_risk_detectors(const risk_options& opt, int& exit_code) {
  const config::city_model& city = config::default_city().city;
  const auto stream = city_traffic(opt, city);
  domain::risk_detectors detectors{config::risk_settings{}};
  std::vector<double> batch_ns;
  std::map<std::string, std::size_t> raised;  // kind → distinct ids
  std::map<std::string, std::string> kind_of;
  std::uint64_t alerts = 0;
  const std::size_t batch = std::max<std::uint32_t>(1, opt.batch);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < stream.size(); i += batch) {
    const std::size_t end = std::min(stream.size(), i + batch);
    const auto t = std::chrono::steady_clock::now();
    std::vector<std::vector<domain::alert>> found;
    found.reserve(end - i);
    for (std::size_t k = i; k < end; ++k) found.push_back(detectors.observe(stream[k]));
    const auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t);
    batch_ns.push_back(ns.count() / static_cast<double>(end - i));
    for (const auto& list : found)
      for (const auto& a : list) {
        ++alerts;
        kind_of.emplace(a.id, std::string(domain::to_string(a.kind)));
      }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& [id, kind] : kind_of) ++raised[kind];
  const sample_summary s = summarize(batch_ns);
  const double rate = rate_per_second(stream.size(), seconds);
  std::printf("risk-detectors: %zu events over %u days, batches of %zu: ns per event p50 %.0f  "
              "p99 %.0f  max %.0f  mean %.0f (target <= 20,000); %s events/s (%.1fx 30,000/s)\n",
              stream.size(), opt.days, batch, s.p50, s.p99, s.max, s.mean,
              human_count(rate).c_str(), rate / 30'000);
  std::printf("risk-detectors: %llu alert updates, episodes:", static_cast<unsigned long long>(alerts));
  for (const auto& [kind, n] : raised) std::printf(" %s %zu", kind.c_str(), n);
  std::printf("; held: %zu callers+addresses, %zu category x area pairs, %zu free reports, "
              "%zu open clusters\n",
              detectors.callers().tracked(), detectors.areas().tracked(),
              detectors.clusters().free_reports(), detectors.clusters().open_clusters());

  gateway::json_writer w;
  begin_result(w, "risk-detectors");
  w.key("events").value(static_cast<std::uint64_t>(stream.size()));
  w.key("days").value(opt.days);
  w.key("batch").value(static_cast<std::uint64_t>(batch));
  w.key("events_per_second").value(rate);
  write_summary(w, "ns_per_event_by_batch", s);
  w.key("episodes").begin_object();
  for (const auto& [kind, n] : raised) w.key(kind).value(static_cast<std::uint64_t>(n));
  w.end_object();
  w.end_object();
  std::string error;
  if (!write_json_file(opt.json, w.str(), error)) {
    std::fprintf(stderr, "risk-detectors: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_risk_detectors(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<risk_options>();
  auto* sub = app.add_subcommand(
      "risk-detectors", "一人多诉, 新发高发 and 集中爆发 detectors together, ns per event");
  sub->add_option("--events", o->events, "events fed (the burst included)");
  sub->add_option("--batch", o->batch, "events per timed batch");
  sub->add_option("--days", o->days, "report times spread over these days");
  sub->add_option("--callers", o->callers, "caller pool (skewed: a few call very often)");
  sub->add_option("--addresses", o->addresses, "address pool (30 % of reports give one)");
  sub->add_option("--burst", o->burst, "reports of the one burst (100 m, 30 min)");
  sub->add_option("--seed", o->seed, "random seed");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run_risk_detectors(*o, exit_code); });
}

}  // namespace cityops::bench
