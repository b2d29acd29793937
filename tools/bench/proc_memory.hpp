#pragma once
// Resident memory of a process, read from /proc (Linux). The parse_* functions are pure and
// take the file's text; the read_* functions read /proc and return nullopt when the file
// cannot be read or parsed (e.g. the process has exited).

#include <cstdint>
#include <optional>
#include <string_view>

#include <sys/types.h>

namespace cityops::bench {

// Resident bytes from the text of /proc/<pid>/statm ("size resident shared ..." in pages).
std::optional<std::uint64_t> parse_statm_resident_bytes(std::string_view statm,
                                                        std::uint64_t page_size);

// Bytes of the "VmRSS:   1234 kB" line of /proc/<pid>/status text.
std::optional<std::uint64_t> parse_status_vmrss_bytes(std::string_view status);

// This process's resident set size, from /proc/self/statm.
std::optional<std::uint64_t> self_rss_bytes();

// Another process's VmRSS, from /proc/<pid>/status.
std::optional<std::uint64_t> process_rss_bytes(pid_t pid);

// Returns freed heap memory to the OS (glibc malloc_trim), so a following RSS reading shows
// what the process still holds rather than what the allocator caches.
void release_free_heap();

}  // namespace cityops::bench
