#include "tools/crash/cityopsd_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace cityops::crash {

cityopsd_process::cityopsd_process(const std::string& binary, const std::string& data_dir,
                                   const std::string& admin_token, const std::string& log_path,
                                   std::chrono::seconds ready_within) {
  if (::access(binary.c_str(), X_OK) != 0)
    throw std::runtime_error("cityopsd not executable: " + binary);
  log_fd_ = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd_ < 0) throw std::runtime_error("cannot open " + log_path + ": " + std::strerror(errno));

  // Everything the child needs is built before fork: the child only dup2s and execs.
  std::vector<std::string> env_strings;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "CITYOPS_ADMIN_TOKEN=", 20) != 0) env_strings.emplace_back(*e);
  env_strings.push_back("CITYOPS_ADMIN_TOKEN=" + admin_token);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args{binary, "--listen", "127.0.0.1:0", "--data", data_dir};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(out[0]);
    ::close(out[1]);
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(log_fd_, STDERR_FILENO);
    ::execve(binary.c_str(), argv.data(), envp.data());
    std::_Exit(127);
  }
  ::close(out[1]);
  stdout_fd_ = out[0];
  reader_ = std::thread([this] { drain_stdout(); });

  std::unique_lock<std::mutex> lock(mutex_);
  const bool ready = ready_cv_.wait_for(lock, ready_within,
                                        [&] { return !address_.empty() || stdout_closed_; });
  if (!ready || address_.empty()) {
    const std::string output = seen_;
    lock.unlock();
    kill9();
    throw std::runtime_error(std::string("cityopsd ") +
                             (ready ? "exited" : "stayed silent") +
                             " before printing its address; stdout: " + output +
                             " (stderr in " + log_path + ")");
  }
}

void cityopsd_process::drain_stdout() {
  const std::string marker = "listening on ";
  char buf[4096];
  for (;;) {
    const auto n = ::read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (::write(log_fd_, buf, static_cast<std::size_t>(n)) < 0) {
      // The log is best effort; the child must never block on a full pipe, so keep reading.
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!address_.empty()) continue;
    seen_.append(buf, static_cast<std::size_t>(n));
    const auto at = seen_.find(marker);
    const auto eol = at == std::string::npos ? at : seen_.find('\n', at);
    if (eol != std::string::npos) {
      address_ = seen_.substr(at + marker.size(), eol - at - marker.size());
      ready_cv_.notify_all();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  stdout_closed_ = true;
  ready_cv_.notify_all();
}

int cityopsd_process::reap() {
  int status = -1;
  if (pid_ > 0) {
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (reader_.joinable()) reader_.join();  // stdout closes with the process
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  return status;
}

std::optional<int> cityopsd_process::kill9() {
  if (pid_ <= 0) {
    reap();
    return std::nullopt;
  }
  int status = 0;
  const auto r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {  // it had exited by itself
    pid_ = -1;
    reap();
    return status;
  }
  ::kill(pid_, SIGKILL);
  reap();
  return std::nullopt;
}

int cityopsd_process::terminate(std::chrono::seconds within) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + within;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      reap();
      return status;
    }
    // waitpid has no timeout of its own: poll the exit against the deadline.
    ::usleep(10 * 1000);
  }
  kill9();
  return -1;
}

cityopsd_process::~cityopsd_process() {
  kill9();
  if (log_fd_ >= 0) ::close(log_fd_);
}

}  // namespace cityops::crash
