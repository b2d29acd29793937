// cityops-overrides: every operator override of the classifier in a data directory's event
// store, written as corpus lines to add to the training texts (README.md). The store is
// opened by one process at a time: run it on a stopped service or on a copy of its data.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "storage/event_store.hpp"
#include "tools/overrides/override_lines.hpp"

int main(int argc, char** argv) {
  CLI::App app{"cityops-overrides — operators' reclassifications as new training lines"};
  std::string data_dir = "./data";
  app.add_option("--data", data_dir, "the service's data directory (service stopped)");
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<cityops::storage::event_store> store;
  auto s = cityops::storage::event_store::open(data_dir + "/store", {}, store);
  if (!s.is_ok()) {
    std::fprintf(stderr, "cityops-overrides: cannot open %s/store: %s\n", data_dir.c_str(),
                 s.to_string().c_str());
    return 1;
  }
  std::size_t cases = 0, lines = 0;
  std::string cursor;
  do {
    cityops::storage::case_query_page page;
    s = store->query_cases({}, cursor, cityops::storage::case_query_max_limit, page);
    if (!s.is_ok()) {
      std::fprintf(stderr, "cityops-overrides: listing failed: %s\n", s.to_string().c_str());
      return 1;
    }
    for (auto& r : page.items) {
      ++cases;
      if (r.report.classification.empty()) continue;
      s = store->read_events(r.id, r.history);
      if (!s.is_ok()) {
        std::fprintf(stderr, "cityops-overrides: %s: %s\n", r.id.c_str(), s.to_string().c_str());
        return 1;
      }
      if (auto line = cityops::overrides::override_of(r)) {
        std::cout << cityops::overrides::format_line(*line);
        ++lines;
      }
    }
    cursor = page.next_cursor;
  } while (!cursor.empty());
  std::fprintf(stderr, "cityops-overrides: %zu cases read, %zu overrides written\n", cases, lines);
  return 0;
}
