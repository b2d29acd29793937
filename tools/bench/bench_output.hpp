#pragma once
// What every cityops-bench subcommand shares: the JSON result file (--json FILE), a
// description of the machine, and a few formatting helpers for the human line.

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/json_writer.hpp"
#include "tools/bench/bench_stats.hpp"

namespace cityops::bench {

// Writes `json` (plus a newline) to `path`; false with `error` set on failure. "" is a no-op.
bool write_json_file(const std::string& path, const std::string& json, std::string& error);

// Starts a result object: {"benchmark": name, "machine": {...}, "started_at": ISO time, ...
// The caller adds its members and ends the object.
void begin_result(gateway::json_writer& w, std::string_view benchmark);

// "summary_key": {count, min, p50, p90, p99, p999, max, mean} of `s`, values as given.
void write_summary(gateway::json_writer& w, std::string_view key, const sample_summary& s);

// "12.3 MiB", "850 B".
std::string human_bytes(double bytes);
// "123,456" style with thin grouping for big rates.
std::string human_count(double n);

}  // namespace cityops::bench
