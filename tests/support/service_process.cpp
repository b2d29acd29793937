#include "tests/support/service_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "tests/support/http_client.hpp"

extern char** environ;

namespace cityops::testing {

temp_dir::temp_dir() {
  char pattern[] = "/tmp/cityops-test-XXXXXX";
  const char* made = ::mkdtemp(pattern);
  if (!made) throw std::runtime_error("mkdtemp failed");
  path_ = made;
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

const std::string& service_process::test_admin_token() {
  static const std::string token = "cityops-e2e-admin-token-0123456789abcdef";
  return token;
}

service_process::service_process(const std::string& binary, const std::vector<std::string>& args,
                                 std::chrono::seconds ready_within, const env_list& env,
                                 const std::string& log_path) {
  if (::access(binary.c_str(), X_OK) != 0)
    throw std::runtime_error("cityopsd not executable: " + binary);
  if (!log_path.empty()) {
    log_fd_ = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd_ < 0)
      throw std::runtime_error("cannot open " + log_path + ": " + std::strerror(errno));
  }
  // Everything the child needs is built before fork: the child only dup2s and execs.
  env_list overrides{{"CITYOPS_ADMIN_TOKEN", test_admin_token()}};
  overrides.insert(overrides.end(), env.begin(), env.end());
  std::vector<std::string> env_strings;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry = *e;
    const auto name = entry.substr(0, entry.find('='));
    bool overridden = false;
    for (const auto& o : overrides) overridden = overridden || o.first == name;
    if (!overridden) env_strings.push_back(entry);
  }
  admin_token_.clear();
  for (const auto& [name, value] : overrides) {
    // The last override of a name wins.
    for (auto it = env_strings.begin(); it != env_strings.end();)
      it = it->compare(0, name.size() + 1, name + "=") == 0 ? env_strings.erase(it) : it + 1;
    if (!value.empty()) env_strings.push_back(name + "=" + value);
    if (name == "CITYOPS_ADMIN_TOKEN") admin_token_ = value;
  }
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  set_default_bearer(admin_token_);

  int out[2] = {-1, -1};
  if (::pipe2(out, O_CLOEXEC) != 0 || (pid_ = ::fork()) < 0) {
    const int err = errno;
    for (int fd : {out[0], out[1], log_fd_})
      if (fd >= 0) ::close(fd);
    throw std::runtime_error(std::string("cannot start cityopsd: ") + std::strerror(err));
  }
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    if (log_fd_ >= 0) ::dup2(log_fd_, STDERR_FILENO);
    ::execve(binary.c_str(), argv.data(), envp.data());
    std::_Exit(127);
  }
  ::close(out[1]);
  stdout_fd_ = out[0];
  reader_ = std::thread([this] { drain_stdout(); });

  std::unique_lock<std::mutex> lock(mutex_);
  const bool ready = ready_cv_.wait_for(
      lock, ready_within, [&] { return !found_address_.empty() || stdout_closed_; });
  if (ready && !found_address_.empty()) {
    address_ = found_address_;
    return;
  }
  const std::string output = seen_;
  lock.unlock();
  kill9();
  if (log_fd_ >= 0) ::close(log_fd_);
  throw std::runtime_error(std::string("cityopsd ") + (ready ? "exited" : "stayed silent") +
                           " before reporting its address; stdout: " + output +
                           (log_path.empty() ? "" : " (stderr in " + log_path + ")"));
}

void service_process::drain_stdout() {
  const std::string marker = "listening on ";
  char buf[4096];
  for (;;) {
    const auto n = ::read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the process closed stdout: it exited
    if (log_fd_ >= 0 && ::write(log_fd_, buf, static_cast<std::size_t>(n)) < 0) {
      // The log is best effort: keep reading, so the child never blocks on a full pipe.
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!found_address_.empty()) continue;
    seen_.append(buf, static_cast<std::size_t>(n));
    const auto at = seen_.find(marker);
    const auto eol = at == std::string::npos ? at : seen_.find('\n', at);
    if (eol != std::string::npos) {
      found_address_ = seen_.substr(at + marker.size(), eol - at - marker.size());
      ready_cv_.notify_all();
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  stdout_closed_ = true;
  ready_cv_.notify_all();
}

void service_process::release() {
  if (reader_.joinable()) reader_.join();  // stdout closes with the process
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
}

int service_process::reap() {
  int status = -1;
  if (pid_ > 0) {
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  release();
  return status;
}

int service_process::stop(int sig, std::chrono::seconds within) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, sig);
  const auto deadline = std::chrono::steady_clock::now() + within;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      release();
      return status;
    }
    // Polling the child's exit: waitpid has no timeout of its own.
    ::usleep(10 * 1000);
  }
  return -1;
}

std::optional<int> service_process::kill9() {
  if (pid_ <= 0) {
    release();
    return std::nullopt;
  }
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // it had exited by itself
    pid_ = -1;
    release();
    return status;
  }
  ::kill(pid_, SIGKILL);
  reap();
  return std::nullopt;
}

service_process::~service_process() {
  kill9();
  if (log_fd_ >= 0) ::close(log_fd_);
}

}  // namespace cityops::testing
