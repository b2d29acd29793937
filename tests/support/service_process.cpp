#include "tests/support/service_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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
                                 std::chrono::seconds ready_within, const env_list& env) {
  // The child's environment, built before fork (the child only execs).
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
  set_default_bearer(admin_token_);

  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execve(binary.c_str(), argv.data(), envp.data());
    std::_Exit(127);
  }
  ::close(out[1]);
  stdout_fd_ = out[0];
  const std::string marker = "listening on ";
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + ready_within;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[512];
    const auto n = ::read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) break;  // the process closed stdout: it exited
    seen.append(buf, static_cast<std::size_t>(n));
    const auto at = seen.find(marker);
    const auto eol = at == std::string::npos ? at : seen.find('\n', at);
    if (eol != std::string::npos) {
      address_ = seen.substr(at + marker.size(), eol - at - marker.size());
      return;
    }
  }
  stop(SIGKILL);
  throw std::runtime_error("cityopsd did not report its address; output: " + seen);
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
      if (stdout_fd_ >= 0) ::close(stdout_fd_);
      stdout_fd_ = -1;
      return status;
    }
    // Polling the child's exit: waitpid has no timeout of its own.
    ::usleep(10 * 1000);
  }
  return -1;
}

service_process::~service_process() {
  if (pid_ > 0) stop(SIGKILL);
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

}  // namespace cityops::testing
