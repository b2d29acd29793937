#pragma once
// Runs the built cityopsd as a child process for end-to-end tests and for cityops-crash
// (tools/crash): starts it (on port 0 by the callers' arguments), waits (with a generous
// limit) for its "listening on HOST:PORT" line, and stops it with a signal — SIGTERM for a
// clean stop, SIGKILL to simulate a crash.
//
// The child gets CITYOPS_ADMIN_TOKEN = test_admin_token() (unless `env` says otherwise), and
// the constructor makes that token the HTTP client's default bearer (http_client.hpp), so
// tests call the API as admin unless they send another Authorization header.
//
// A reader thread drains the child's stdout for its whole life (the child never blocks on a
// full pipe); with a log file, stdout and stderr are appended there, otherwise stderr is the
// test's own. One thread owns the object: its calls are not synchronised.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
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
  using env_list = std::vector<std::pair<std::string, std::string>>;

  // The admin token test services get by default.
  static const std::string& test_admin_token();

  // Starts `binary` with `args`; throws std::runtime_error when it is not executable, exits
  // or does not print its address within `ready_within` (the process is killed then). `env`
  // sets variables of the child after the default CITYOPS_ADMIN_TOKEN; an empty value removes
  // the variable (the service then generates DATA/admin.token, and the default bearer is
  // cleared). A non-empty `log_path` is opened for appending and takes the child's stdout
  // and stderr.
  service_process(const std::string& binary, const std::vector<std::string>& args,
                  std::chrono::seconds ready_within = std::chrono::seconds(60),
                  const env_list& env = {}, const std::string& log_path = "");
  ~service_process();  // SIGKILL if still running
  service_process(const service_process&) = delete;
  service_process& operator=(const service_process&) = delete;

  const std::string& address() const { return address_; }  // "127.0.0.1:PORT"
  // The CITYOPS_ADMIN_TOKEN the child got ("" when it had none).
  const std::string& admin_token() const { return admin_token_; }
  pid_t pid() const { return pid_; }  // -1 once it has been reaped
  // Sends `sig` and waits for the exit; returns the exit status as from waitpid
  // (WIFEXITED/WEXITSTATUS apply), or -1 when it did not exit within `within` (it is still
  // running then; the destructor kills it).
  int stop(int sig, std::chrono::seconds within = std::chrono::seconds(60));
  // SIGKILL and reap: returns once the process is gone. Returns its waitpid status when it
  // had already exited by itself (so it was not this kill), nullopt otherwise.
  std::optional<int> kill9();

 private:
  void drain_stdout();  // the reader thread: finds the address, copies to the log
  int reap();           // waits for the exit; the waitpid status (-1 when already reaped)
  void release();       // after the exit: joins the reader, closes stdout

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int log_fd_ = -1;
  std::string address_;
  std::string admin_token_;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::string seen_;            // stdout up to the address line, guarded by mutex_
  std::string found_address_;   // guarded by mutex_
  bool stdout_closed_ = false;  // guarded by mutex_
};

}  // namespace cityops::testing
