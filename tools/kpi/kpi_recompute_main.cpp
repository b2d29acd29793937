// cityops-kpi-recompute: every KPI row of a data directory's store recomputed from its event
// log and compared with what the store keeps (README.md). Exit 0 when they agree, 1 on any
// difference, 2 when the store cannot be read. The store is opened by one process at a time:
// run it on a stopped service or on a copy of its data.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "gateway/json_writer.hpp"
#include "storage/event_store.hpp"
#include "tools/kpi/kpi_audit.hpp"

namespace {

using namespace cityops;

std::string as_json(const kpi_tools::kpi_audit_result& r) {
  gateway::json_writer w;
  w.begin_object();
  w.key("cases").value(static_cast<std::uint64_t>(r.cases));
  w.key("events").value(static_cast<std::uint64_t>(r.events));
  w.key("scopes").value(static_cast<std::uint64_t>(r.scopes));
  w.key("rows").value(static_cast<std::uint64_t>(r.rows));
  w.key("different_rows").value(static_cast<std::uint64_t>(r.different_rows));
  w.key("differences").value(static_cast<std::uint64_t>(r.differences));
  w.key("examples").begin_array();
  for (const auto& d : r.examples) {
    w.begin_object();
    w.key("scope").value(d.scope);
    w.key("day").value(kpi_tools::day_name(d.day));
    w.key("field").value(kpi_tools::field_name(d.field));
    w.key("recomputed").value(static_cast<std::int64_t>(d.recomputed));
    w.key("stored").value(static_cast<std::int64_t>(d.stored));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cityops-kpi-recompute — the store's KPI rows against a recount of its event log"};
  std::string data_dir = "./data";
  std::string json;
  std::size_t examples = 50;
  app.add_option("--data", data_dir, "the service's data directory (service stopped)");
  app.add_option("--json", json, "write the result as JSON to FILE (- for stdout)");
  app.add_option("--examples", examples, "differences listed at most");
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<storage::event_store> store;
  if (auto s = storage::event_store::open(data_dir + "/store", {}, store); !s.is_ok()) {
    std::fprintf(stderr, "cityops-kpi-recompute: cannot open %s/store: %s\n", data_dir.c_str(),
                 s.to_string().c_str());
    return 2;
  }
  kpi_tools::kpi_audit_result r;
  if (auto s = kpi_tools::audit_kpi(*store, examples, r); !s.is_ok()) {
    std::fprintf(stderr, "cityops-kpi-recompute: %s\n", s.to_string().c_str());
    return 2;
  }
  for (const auto& d : r.examples)
    std::printf("%s %s %s: recomputed %lld, stored %lld\n", d.scope.c_str(),
                kpi_tools::day_name(d.day).c_str(), kpi_tools::field_name(d.field).c_str(),
                static_cast<long long>(d.recomputed), static_cast<long long>(d.stored));
  std::printf("kpi-recompute: %llu cases, %llu events; %llu scopes, %llu rows compared: "
              "%llu rows differ (%llu fields)\n",
              static_cast<unsigned long long>(r.cases), static_cast<unsigned long long>(r.events),
              static_cast<unsigned long long>(r.scopes), static_cast<unsigned long long>(r.rows),
              static_cast<unsigned long long>(r.different_rows),
              static_cast<unsigned long long>(r.differences));
  if (!json.empty()) {
    const auto text = as_json(r) + "\n";
    std::FILE* f = json == "-" ? stdout : std::fopen(json.c_str(), "w");
    if (!f || std::fputs(text.c_str(), f) < 0) {
      std::fprintf(stderr, "cityops-kpi-recompute: cannot write %s\n", json.c_str());
      return 2;
    }
    if (f != stdout) std::fclose(f);
  }
  return r.differences == 0 ? 0 : 1;
}
