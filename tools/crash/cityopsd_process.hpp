#pragma once
// cityopsd as a child of the crash test: started on 127.0.0.1:0 over a data directory with
// a known admin token, its stdout and stderr (the access log: one line per request) appended
// to a log file rather than the terminal, and killed with SIGKILL or stopped with SIGTERM.
//
// Not thread-safe: one thread owns the object; kill() may be called from another thread only
// while the owner does not touch it (the crash runner's kill thread).

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace cityops::crash {

class cityopsd_process {
 public:
  // Starts `binary --listen 127.0.0.1:0 --data data_dir` with CITYOPS_ADMIN_TOKEN =
  // `admin_token`, and waits up to `ready_within` for its "listening on HOST:PORT" line.
  // Throws std::runtime_error when it exits or stays silent (killing it then).
  cityopsd_process(const std::string& binary, const std::string& data_dir,
                   const std::string& admin_token, const std::string& log_path,
                   std::chrono::seconds ready_within);
  ~cityopsd_process();  // SIGKILL when still running
  cityopsd_process(const cityopsd_process&) = delete;
  cityopsd_process& operator=(const cityopsd_process&) = delete;

  const std::string& address() const { return address_; }  // "127.0.0.1:PORT"
  pid_t pid() const { return pid_; }

  // SIGKILL and reap; returns once the process is gone. Returns the waitpid status when the
  // process had already exited on its own (it was not our kill), nullopt otherwise.
  std::optional<int> kill9();
  // SIGTERM, then wait up to `within` for the exit; returns the waitpid status, or -1 when it
  // did not exit in time (it is SIGKILLed then).
  int terminate(std::chrono::seconds within);

 private:
  void drain_stdout();  // the reader thread: copies stdout to the log, finds the address
  int reap();  // waits for the exit; returns the waitpid status (-1 when already reaped)

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int log_fd_ = -1;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::string seen_;      // stdout before the address line, guarded by mutex_
  std::string address_;   // guarded by mutex_ until the constructor returns
  bool stdout_closed_ = false;  // guarded by mutex_
};

}  // namespace cityops::crash
