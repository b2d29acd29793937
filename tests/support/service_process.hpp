#pragma once
// Runs the built cityopsd as a child process for end-to-end tests: starts it on port 0,
// waits (with a generous limit) for its "listening on HOST:PORT" line, and stops it with a
// signal — SIGTERM for a clean stop, SIGKILL to simulate a crash.

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace cityops::testing {

// A fresh directory under /tmp, removed with everything in it on destruction.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class service_process {
 public:
  // Starts `binary` with `args`; throws std::runtime_error when it does not print its
  // address within `ready_within` (the process is killed then).
  service_process(const std::string& binary, const std::vector<std::string>& args,
                  std::chrono::seconds ready_within = std::chrono::seconds(60));
  ~service_process();  // SIGKILL if still running
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;

  const std::string& address() const { return address_; }  // "127.0.0.1:PORT"
  // Sends `sig` and waits for the exit; returns the exit status as from waitpid
  // (WIFEXITED/WEXITSTATUS apply), or -1 when it did not exit within `within`.
  int stop(int sig, std::chrono::seconds within = std::chrono::seconds(60));

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string address_;
};

}  // namespace cityops::testing
