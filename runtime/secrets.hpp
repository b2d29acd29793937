#pragma once
// Per-installation secrets kept in the data directory with mode 0600: created at first
// start from /dev/urandom, read on later starts.

#include <string>

namespace cityops {

// The hex secret stored in `path`; created (32 random bytes) when absent. Returns false with
// `error` set when the file cannot be read or created.
bool load_or_create_secret(const std::string& path, std::string& secret, std::string& error);

}  // namespace cityops
