// The `geo-locate` subcommand: what the district map costs on the embedded Yantai city.
// Times parsing the district GeoJSON (district_map::parse: simdjson, the polygons, their
// R-tree), rebuilding the city's indexes (city_model::finalize, the geo index's R-trees of
// 6,668 streets and communities included), and city_model::locate — the point-in-polygon
// plus the nearest community inside the district — for --points uniform random points over
// the city's box (about two thirds fall outside every district: sea and neighbours), timed in
// batches of --batch lookups.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "config/city_loader.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"

namespace cityops::bench {
namespace {

struct geo_options {
  std::uint32_t points = 200'000;
  std::uint32_t batch = 1'000;
  std::uint32_t repeats = 20;  // parse and finalize runs
  std::uint64_t seed = 20261208;
  std::string json;
};

using bench_clock = std::chrono::steady_clock;

double ms_since(bench_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(bench_clock::now() - start).count();
}

void run_geo_locate(const geo_options& opt, int& exit_code) {
  const config::city_model& city = config::default_city().city;
  const std::string geojson = city.map()->geojson();
  std::vector<double> parse_ms;
  std::vector<double> finalize_ms;
  for (std::uint32_t i = 0; i < opt.repeats; ++i) {
    std::string error;
    auto start = bench_clock::now();
    auto map = config::district_map::parse(geojson, error);
    parse_ms.push_back(ms_since(start));
    if (!map) {
      std::fprintf(stderr, "geo-locate: %s\n", error.c_str());
      exit_code = 1;
      return;
    }
    config::city_model copy = city;
    start = bench_clock::now();
    copy.finalize();
    finalize_ms.push_back(ms_since(start));
  }

  std::mt19937_64 rng(opt.seed);
  std::uniform_real_distribution<double> lat(36.55, 38.40);  // Yantai's box, islands included
  std::uniform_real_distribution<double> lon(119.55, 121.95);
  std::vector<std::pair<double, double>> points(opt.points);
  for (auto& p : points) p = {lat(rng), lon(rng)};
  const std::uint32_t batch = std::max<std::uint32_t>(1, opt.batch);
  std::vector<double> ns_per_lookup;
  std::size_t outside = 0;
  const auto all = bench_clock::now();
  for (std::size_t from = 0; from < points.size(); from += batch) {
    const std::size_t to = std::min(points.size(), from + batch);
    const auto start = bench_clock::now();
    for (std::size_t i = from; i < to; ++i)
      if (!city.locate(points[i].first, points[i].second)) ++outside;
    ns_per_lookup.push_back(ms_since(start) * 1e6 / static_cast<double>(to - from));
  }
  const double total_ms = ms_since(all);
  const auto parse = summarize(parse_ms);
  const auto finalize = summarize(finalize_ms);
  const auto lookup = summarize(ns_per_lookup);
  std::printf("geo-locate: parse districts.geojson (%zu bytes) p50 %.2f ms; city finalize p50 "
              "%.2f ms; locate %u points (%zu outside) p50 %.0f ns, p99 %.0f ns per lookup "
              "(batches of %u), %s lookups/s\n",
              geojson.size(), parse.p50, finalize.p50, opt.points, outside, lookup.p50,
              lookup.p99, batch, human_count(rate_per_second(points.size(), total_ms / 1e3)).c_str());

  gateway::json_writer w;
  begin_result(w, "geo-locate");
  w.key("geojson_bytes").value(static_cast<std::uint64_t>(geojson.size()));
  write_summary(w, "parse_ms", parse);
  write_summary(w, "finalize_ms", finalize);
  w.key("points").value(static_cast<std::uint64_t>(points.size()));
  w.key("outside").value(static_cast<std::uint64_t>(outside));
  write_summary(w, "ns_per_lookup_by_batch", lookup);
  w.end_object();
  std::string error;
  if (!write_json_file(opt.json, w.str(), error)) {
    std::fprintf(stderr, "geo-locate: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_geo_locate(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<geo_options>();
  auto* sub = app.add_subcommand(
      "geo-locate", "district map: GeoJSON parse, index build, point placement (ns per lookup)");
  sub->add_option("--points", o->points, "random points over the city's box");
  sub->add_option("--batch", o->batch, "lookups per timed batch");
  sub->add_option("--repeats", o->repeats, "parse and index-build runs");
  sub->add_option("--seed", o->seed, "random seed");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run_geo_locate(*o, exit_code); });
}

}  // namespace cityops::bench
