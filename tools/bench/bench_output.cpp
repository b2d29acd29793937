#include "tools/bench/bench_output.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

#include "actors/domain/iso_time.hpp"

namespace cityops::bench {
namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

}  // namespace

bool write_json_file(const std::string& path, const std::string& json, std::string& error) {
  if (path.empty()) return true;
  std::ofstream out(path, std::ios::trunc);
  out << json << '\n';
  out.close();
  if (!out) {
    error = "cannot write " + path;
    return false;
  }
  return true;
}

void begin_result(gateway::json_writer& w, std::string_view benchmark) {
  w.begin_object();
  w.member("benchmark", benchmark);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  w.member("at", domain::format_iso8601(now_ms));
  w.key("machine").begin_object();
  w.member("cpus", static_cast<std::uint64_t>(std::thread::hardware_concurrency()));
  w.member("cpu_model", cpu_model());
  w.member("memory_bytes", static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) *
                               static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)));
  struct utsname u {};
  if (::uname(&u) == 0) w.member("kernel", std::string(u.sysname) + " " + u.release);
  w.end_object();
}

void write_summary(gateway::json_writer& w, std::string_view key, const sample_summary& s) {
  w.key(key).begin_object();
  w.member("count", static_cast<std::uint64_t>(s.count));
  w.member("min", s.min);
  w.member("p50", s.p50);
  w.member("p90", s.p90);
  w.member("p99", s.p99);
  w.member("p999", s.p999);
  w.member("max", s.max);
  w.member("mean", s.mean);
  w.end_object();
}

std::string human_bytes(double bytes) {
  char buf[48];
  const double a = std::fabs(bytes);
  if (a >= 1024.0 * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  else if (a >= 1024.0 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / (1024.0 * 1024));
  else if (a >= 1024.0)
    std::snprintf(buf, sizeof buf, "%.1f KiB", bytes / 1024.0);
  else
    std::snprintf(buf, sizeof buf, "%.0f B", bytes);
  return buf;
}

std::string human_count(double n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f", n);
  std::string digits = buf;
  std::string out;
  const bool neg = !digits.empty() && digits[0] == '-';
  if (neg) digits.erase(0, 1);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return neg ? "-" + out : out;
}

}  // namespace cityops::bench
