#include "tools/bench/proc_memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

namespace cityops::bench {
namespace {

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Parses the unsigned decimal number starting at `pos` after optional blanks.
std::optional<std::uint64_t> number_at(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  if (pos >= s.size() || !std::isdigit(static_cast<unsigned char>(s[pos]))) return std::nullopt;
  std::uint64_t v = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    v = v * 10 + static_cast<std::uint64_t>(s[pos] - '0');
    ++pos;
  }
  return v;
}

}  // namespace

std::optional<std::uint64_t> parse_statm_resident_bytes(std::string_view statm,
                                                        std::uint64_t page_size) {
  std::size_t pos = 0;
  if (!number_at(statm, pos)) return std::nullopt;  // size
  const auto resident = number_at(statm, pos);
  if (!resident) return std::nullopt;
  return *resident * page_size;
}

std::optional<std::uint64_t> parse_status_vmrss_bytes(std::string_view status) {
  constexpr std::string_view tag = "VmRSS:";
  std::size_t at = 0;
  while (true) {
    at = status.find(tag, at);
    if (at == std::string_view::npos) return std::nullopt;
    if (at == 0 || status[at - 1] == '\n') break;
    at += tag.size();
  }
  std::size_t pos = at + tag.size();
  const auto kib = number_at(status, pos);
  if (!kib) return std::nullopt;
  while (pos < status.size() && status[pos] == ' ') ++pos;
  if (status.substr(pos, 2) != "kB") return std::nullopt;
  return *kib * 1024;
}

std::optional<std::uint64_t> self_rss_bytes() {
  const auto text = slurp("/proc/self/statm");
  if (!text) return std::nullopt;
  return parse_statm_resident_bytes(*text, static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)));
}

std::optional<std::uint64_t> process_rss_bytes(pid_t pid) {
  const auto text = slurp("/proc/" + std::to_string(pid) + "/status");
  if (!text) return std::nullopt;
  return parse_status_vmrss_bytes(*text);
}

void release_free_heap() { ::malloc_trim(0); }

}  // namespace cityops::bench
