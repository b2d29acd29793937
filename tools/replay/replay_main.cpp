// cityops-replay: posts a CSV of vital-sign samples (indicator,value,unit,at) to a running
// service in batches (POST /api/v1/indicators/samples) and reports what each batch kept and
// refused, by CSV line. README.md.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <simdjson.h>

#include "tools/load/http_fetch.hpp"
#include "tools/replay/sample_csv.hpp"

namespace {

bool split_address(const std::string& address, std::string& host, std::uint16_t& port) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) return false;
  host = address.substr(0, colon);
  const int p = std::atoi(address.substr(colon + 1).c_str());
  if (host.empty() || p <= 0 || p > 65535) return false;
  port = static_cast<std::uint16_t>(p);
  return true;
}

template <class T>
T member_or(simdjson::dom::element e, const char* key, T fallback) {
  T v;
  return e[key].get(v) == simdjson::SUCCESS ? v : fallback;
}

// Prints the batch's refusals by CSV line; returns how many samples it kept (-1: not a
// receipt).
long report(const std::string& body, const std::vector<cityops::replay::csv_sample>& rows,
            std::size_t first) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body).get(doc) != simdjson::SUCCESS) return -1;
  simdjson::dom::array refused;
  if (doc["refused"].get_array().get(refused) != simdjson::SUCCESS &&
      doc["error"]["refused"].get_array().get(refused) != simdjson::SUCCESS)
    return -1;
  for (auto r : refused) {
    const auto index = member_or<std::int64_t>(r, "index", 0);
    const auto field = member_or<std::string_view>(r, "field", "");
    const auto reason = member_or<std::string_view>(r, "reason", "");
    const auto line = first + static_cast<std::size_t>(index) < rows.size()
                          ? rows[first + static_cast<std::size_t>(index)].line
                          : 0;
    std::fprintf(stderr, "line %zu: refused (%.*s): %.*s\n", line, static_cast<int>(field.size()),
                 field.data(), static_cast<int>(reason.size()), reason.data());
  }
  return static_cast<long>(member_or<std::int64_t>(doc, "accepted", 0));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cityops-replay: post a CSV of vital-sign samples to a running cityopsd"};
  std::string file, address = "127.0.0.1:8080", token;
  std::size_t batch = 500;
  app.add_option("file", file, "CSV: indicator,value,unit,at")->required();
  app.add_option("--server", address, "HOST:PORT of cityopsd");
  app.add_option("--token", token, "bearer token (iot, supervisor or admin; default: "
                                   "$CITYOPS_TOKEN)");
  app.add_option("--batch", batch, "samples per request (1..1000)")->check(CLI::Range(1, 1000));
  CLI11_PARSE(app, argc, argv);
  if (token.empty() && std::getenv("CITYOPS_TOKEN")) token = std::getenv("CITYOPS_TOKEN");
  std::string host;
  std::uint16_t port = 0;
  if (!split_address(address, host, port)) {
    std::fprintf(stderr, "cityops-replay: --server must be HOST:PORT, not '%s'\n",
                 address.c_str());
    return 2;
  }
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "cityops-replay: cannot read %s\n", file.c_str());
    return 2;
  }
  const auto csv = cityops::replay::read_sample_csv(in);
  for (const auto& e : csv.errors) std::fprintf(stderr, "%s: %s\n", file.c_str(), e.c_str());
  std::size_t kept = 0;
  for (std::size_t first = 0; first < csv.samples.size(); first += batch) {
    const auto body = cityops::replay::samples_body(csv.samples, first, first + batch);
    const auto r = cityops::load::http_post(host, port, "/api/v1/indicators/samples", token, body);
    if (r.status == 0) {
      std::fprintf(stderr, "cityops-replay: %s\n", r.error.c_str());
      return 2;
    }
    const long accepted = report(r.body, csv.samples, first);
    if (accepted < 0) {
      std::fprintf(stderr, "cityops-replay: HTTP %d: %s\n", r.status, r.body.c_str());
      return 2;
    }
    kept += static_cast<std::size_t>(accepted);
  }
  const auto total = csv.samples.size() + csv.errors.size();
  std::printf("%zu of %zu samples kept\n", kept, total);
  return kept == total ? 0 : 1;
}
