#include "tools/bench/proc_memory.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstring>
#include <memory>

using namespace cityops::bench;

TEST_CASE("statm: the second field is the resident page count", "[bench][memory]") {
  CHECK(parse_statm_resident_bytes("5000 1234 300 10 0 900 0\n", 4096) == 1234u * 4096u);
  CHECK(parse_statm_resident_bytes("  5000   7 1", 65536) == 7u * 65536u);
  CHECK_FALSE(parse_statm_resident_bytes("", 4096).has_value());
  CHECK_FALSE(parse_statm_resident_bytes("5000", 4096).has_value());
  CHECK_FALSE(parse_statm_resident_bytes("x 12", 4096).has_value());
}

TEST_CASE("status: VmRSS in kB, only at the start of a line", "[bench][memory]") {
  const char* text =
      "Name:\tcityopsd\n"
      "VmPeak:\t  900000 kB\n"
      "VmHWM:\t  400000 kB\n"
      "VmRSS:\t  381244 kB\n"
      "RssAnon:\t  300000 kB\n";
  CHECK(parse_status_vmrss_bytes(text) == 381244ull * 1024);
  CHECK_FALSE(parse_status_vmrss_bytes("Name:\tx\nNotVmRSS:\t1 kB\n").has_value());
  CHECK_FALSE(parse_status_vmrss_bytes("VmRSS:\t12 MB\n").has_value());
  CHECK_FALSE(parse_status_vmrss_bytes("VmRSS:\n").has_value());
  CHECK(parse_status_vmrss_bytes("VmRSS: 1 kB") == 1024u);
}

TEST_CASE("the process's own RSS grows when it touches memory", "[bench][memory]") {
  const auto before = self_rss_bytes();
  REQUIRE(before.has_value());
  CHECK(*before > 0);
  // 64 MiB touched page by page must show up (well above allocator noise).
  constexpr std::size_t size = 64u << 20;
  std::unique_ptr<char[]> block(new char[size]);
  std::memset(block.get(), 1, size);
  const auto after = self_rss_bytes();
  REQUIRE(after.has_value());
  CHECK(*after >= *before + size / 2);
  CHECK(block[size - 1] == 1);

  const auto via_status = process_rss_bytes(::getpid());
  REQUIRE(via_status.has_value());
  CHECK(*via_status >= size / 2);
  CHECK_FALSE(process_rss_bytes(-5).has_value());
}
