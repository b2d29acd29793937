// The `scenario-rules` subcommand: what the active scenarios' rules overlay costs a report at
// intake, on the embedded Yantai city. Times domain::apply_to_report (the step intake adds
// after classification) for reports at --reports random communities, first with no scenario
// active, then with --scenarios active ones, each contributing a war room (routing of a
// --vertices polygon around a random community to its street, two stationed departments),
// SLA and priority rules for three noise categories in the same polygon, and a city-wide
// SLA rule; and composing that overlay (scenario_rules' constructor: sorting, polygons).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "actors/domain/case_intake.hpp"
#include "actors/domain/scenario_rules.hpp"
#include "config/city_loader.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"

namespace cityops::bench {
namespace {

struct rules_options {
  std::uint32_t reports = 100'000;
  std::uint32_t scenarios = 8;
  std::uint32_t vertices = 64;
  std::uint32_t batch = 1'000;
  std::uint64_t seed = 20261208;
  std::string json;
};

using bench_clock = std::chrono::steady_clock;
constexpr double pi = 3.14159265358979323846;

double ms_since(bench_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(bench_clock::now() - start).count();
}

// A ring of `vertices` points about 1.5 km around `n`.
std::vector<domain::geo_point> ring_around(const config::node& n, std::uint32_t vertices) {
  std::vector<domain::geo_point> ring;
  for (std::uint32_t i = 0; i < vertices; ++i) {
    const double a = 2 * pi * i / vertices;
    ring.push_back({n.lat + 0.0135 * std::sin(a), n.lon + 0.017 * std::cos(a)});
  }
  return ring;
}

std::vector<domain::rule_contribution> contributions(const config::city_model& city,
                                                     const std::vector<const config::node*>& at,
                                                     const rules_options& opt,
                                                     std::mt19937_64& rng) {
  std::vector<domain::rule_contribution> out;
  std::uniform_int_distribution<std::size_t> pick(0, at.size() - 1);
  for (std::uint32_t s = 0; s < opt.scenarios; ++s) {
    const auto* centre = at[pick(rng)];
    domain::scenario_area area;
    area.polygon = ring_around(*centre, opt.vertices);
    domain::scenario_rule_set rules;
    domain::routing_override war_room;
    war_room.area = area;
    war_room.node = centre->parent;
    const auto* district = city.ancestor_at(centre->id, config::tier::district);
    war_room.departments = {district->id + ".public_security", district->id + ".urban_management"};
    war_room.dispatch_at_once = true;
    rules.routing.push_back(war_room);
    for (const char* c : {"0608", "0701", "0903"}) {
      rules.sla.push_back({c, {2, config::sla_unit::hours}, area});
      rules.priority.push_back({c, domain::case_priority::urgent, area});
    }
    rules.sla.push_back({"02", {1, config::sla_unit::working_days}, std::nullopt});
    out.push_back({"bench_" + std::to_string(s), s + 1, std::move(rules)});
  }
  return out;
}

void run_scenario_rules(const rules_options& opt, int& exit_code) {
  const config::city_model& city = config::default_city().city;
  const domain::sla_calendar calendar(city.calendar());
  std::vector<const config::node*> communities;
  for (const auto& n : city.nodes())
    if (n.tier == config::tier::community) communities.push_back(&n);
  std::mt19937_64 rng(opt.seed);
  std::uniform_int_distribution<std::size_t> pick(0, communities.size() - 1);
  const std::vector<std::string> categories{"0608", "0101", "0601", "0201", "0701", "0301"};

  // The reports, decided once (what intake has before the overlay).
  std::vector<domain::case_event> reports;
  for (std::uint32_t i = 0; i < opt.reports; ++i) {
    domain::new_case n;
    n.text = "bench";
    n.node = communities[pick(rng)]->id;
    n.category = categories[i % categories.size()];
    auto ev = domain::decide_report(n, 1'795'000'000'000, city, calendar);
    if (!ev) {
      std::fprintf(stderr, "scenario-rules: %s\n", ev.error().message.c_str());
      exit_code = 1;
      return;
    }
    reports.push_back(std::move(*ev));
  }

  auto composed = contributions(city, communities, opt, rng);
  std::vector<double> compose_ms;
  for (int i = 0; i < 20; ++i) {
    auto copy = composed;
    const auto start = bench_clock::now();
    domain::scenario_rules rules(std::move(copy));
    compose_ms.push_back(ms_since(start));
  }
  const domain::scenario_rules none;
  const domain::scenario_rules active(std::move(composed));

  const auto time_per_report = [&](const domain::scenario_rules& rules, std::size_t& shaped) {
    std::vector<double> ns;
    const std::uint32_t batch = std::max<std::uint32_t>(1, opt.batch);
    for (std::size_t from = 0; from < reports.size(); from += batch) {
      const std::size_t to = std::min(reports.size(), from + batch);
      std::vector<domain::case_event> work(reports.begin() + from, reports.begin() + to);
      const auto start = bench_clock::now();
      for (auto& ev : work) domain::apply_to_report(ev, rules, city, calendar);
      ns.push_back(ms_since(start) * 1e6 / static_cast<double>(to - from));
      for (const auto& ev : work) shaped += ev.report.scenarios.empty() ? 0 : 1;
    }
    return summarize(ns);
  };
  std::size_t shaped_none = 0;
  std::size_t shaped = 0;
  const auto idle = time_per_report(none, shaped_none);
  const auto busy = time_per_report(active, shaped);
  const auto compose = summarize(compose_ms);
  std::printf("scenario-rules: %u reports; no scenario p50 %.0f ns per report; %u scenarios "
              "(%u-point polygons) p50 %.0f ns, p99 %.0f ns per report (%zu shaped); compose "
              "p50 %.3f ms\n",
              opt.reports, idle.p50, opt.scenarios, opt.vertices, busy.p50, busy.p99, shaped,
              compose.p50);

  gateway::json_writer w;
  begin_result(w, "scenario-rules");
  w.key("reports").value(static_cast<std::uint64_t>(opt.reports));
  w.key("scenarios").value(static_cast<std::uint64_t>(opt.scenarios));
  w.key("vertices").value(static_cast<std::uint64_t>(opt.vertices));
  write_summary(w, "ns_per_report_without_scenarios", idle);
  write_summary(w, "ns_per_report_with_scenarios", busy);
  w.key("shaped").value(static_cast<std::uint64_t>(shaped));
  write_summary(w, "compose_ms", compose);
  w.end_object();
  std::string error;
  if (!write_json_file(opt.json, w.str(), error)) {
    std::fprintf(stderr, "scenario-rules: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_scenario_rules(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<rules_options>();
  auto* sub = app.add_subcommand(
      "scenario-rules", "the active scenarios' rules overlay at intake (ns per report)");
  sub->add_option("--reports", o->reports, "reports at random communities");
  sub->add_option("--scenarios", o->scenarios, "active scenarios, each with a polygon area");
  sub->add_option("--vertices", o->vertices, "points of each polygon");
  sub->add_option("--batch", o->batch, "reports per timed batch");
  sub->add_option("--seed", o->seed, "random seed");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run_scenario_rules(*o, exit_code); });
}

}  // namespace cityops::bench
