// cityops-bench start-ready: starts the built cityopsd on a (seeded) data directory with
// port 0 and CITYOPS_ADMIN_TOKEN set, and measures, per run:
//   listening_s  exec -> the "listening on HOST:PORT" line on its stdout;
//   ready_s      exec -> the first `GET /readyz` answered 200 (polled every 2 ms);
//   rss          VmRSS (/proc/PID/status) right after ready and after --idle seconds;
//   stop_s       SIGTERM -> exit.
// Runs --runs times and reports min and median. The service's log (stderr) goes to
// --log (default: a file next to the data directory), so its lines do not cost terminal time.
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_output.hpp"
#include "tools/bench/proc_memory.hpp"

extern char** environ;

namespace cityops::bench {
namespace {

using steady = std::chrono::steady_clock;

struct ready_options {
  std::string data;
  std::string binary = CITYOPSD_DEFAULT_PATH;
  std::uint32_t runs = 3;
  double idle_s = 10;
  double limit_s = 120;
  std::string log;
  std::string token = "bench-admin-token-0123456789";
  std::string json;
};

// Status code of `GET path` on host:port over a fresh connection; 0 when it fails.
int http_get_status(const std::string& host, const std::string& port, const std::string& path) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) return 0;
  const int fd = ::socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  int code = 0;
  if (fd >= 0 && ::connect(fd, res->ai_addr, res->ai_addrlen) == 0) {
    const std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + host +
                            "\r\nConnection: close\r\n\r\n";
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      char buf[64];
      std::size_t got = 0;
      while (got < 12) {
        const auto n = ::recv(fd, buf + got, sizeof buf - got, 0);
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
      }
      if (got >= 12 && std::strncmp(buf, "HTTP/1.", 7) == 0) code = std::atoi(buf + 9);
    }
  }
  if (fd >= 0) ::close(fd);
  ::freeaddrinfo(res);
  return code;
}

struct run_result {
  double listening_s = 0;
  double ready_s = 0;
  std::uint64_t rss_ready = 0;
  std::uint64_t rss_idle = 0;
  double stop_s = 0;
  int exit_status = 0;
};

bool one_run(const ready_options& o, const std::string& log, run_result& r, std::string& error) {
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) {
    error = "pipe failed";
    return false;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  std::vector<std::string> env_store;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "CITYOPS_ADMIN_TOKEN=", 20) != 0) env_store.emplace_back(*e);
  env_store.push_back("CITYOPS_ADMIN_TOKEN=" + o.token);
  std::vector<char*> envp;
  for (auto& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args{o.binary, "--listen", "127.0.0.1:0", "--data", o.data};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = -1;
  const auto t0 = steady::now();
  const int rc = ::posix_spawn(&pid, o.binary.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    error = "cannot start " + o.binary + ": " + std::strerror(rc);
    return false;
  }
  auto since = [&t0] { return std::chrono::duration<double>(steady::now() - t0).count(); };
  auto kill_child = [&] {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(out_pipe[0]);
  };

  // "listening on HOST:PORT"
  std::string out, address;
  while (address.empty()) {
    if (since() > o.limit_s) {
      kill_child();
      error = "no 'listening on' line within the limit";
      return false;
    }
    pollfd p{out_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[512];
    const auto n = ::read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) {
      kill_child();
      error = "cityopsd exited before listening (see " + log + ")";
      return false;
    }
    out.append(buf, static_cast<std::size_t>(n));
    const auto at = out.find("listening on ");
    const auto eol = at == std::string::npos ? std::string::npos : out.find('\n', at);
    if (eol != std::string::npos) {
      r.listening_s = since();
      address = out.substr(at + 13, eol - at - 13);
    }
  }
  const auto colon = address.rfind(':');
  const std::string host = address.substr(0, colon);
  const std::string port = address.substr(colon + 1);
  while (http_get_status(host, port, "/readyz") != 200) {
    if (since() > o.limit_s) {
      kill_child();
      error = "/readyz did not answer 200 within the limit";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  r.ready_s = since();
  r.rss_ready = process_rss_bytes(pid).value_or(0);
  std::this_thread::sleep_for(std::chrono::duration<double>(o.idle_s));
  r.rss_idle = process_rss_bytes(pid).value_or(0);
  const auto t_stop = steady::now();
  ::kill(pid, SIGTERM);
  int st = 0;
  ::waitpid(pid, &st, 0);
  r.stop_s = std::chrono::duration<double>(steady::now() - t_stop).count();
  r.exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  ::close(out_pipe[0]);
  return true;
}

void run(const ready_options& o, int& exit_code) {
  if (!std::filesystem::exists(o.binary)) {
    std::fprintf(stderr, "start-ready: %s does not exist (build cityopsd or pass --cityopsd)\n",
                 o.binary.c_str());
    exit_code = 1;
    return;
  }
  if (!std::filesystem::exists(o.data + "/store")) {
    std::fprintf(stderr, "start-ready: %s/store does not exist (seed it first)\n", o.data.c_str());
    exit_code = 1;
    return;
  }
  const std::string log = o.log.empty() ? o.data + "-cityopsd.log" : o.log;
  std::vector<run_result> runs;
  for (std::uint32_t i = 0; i < std::max<std::uint32_t>(1, o.runs); ++i) {
    run_result r;
    std::string error;
    if (!one_run(o, log, r, error)) {
      std::fprintf(stderr, "start-ready: run %u: %s\n", i + 1, error.c_str());
      exit_code = 1;
      return;
    }
    std::printf("start-ready run %u: listening %.3f s, ready %.3f s, RSS %s at ready, %s after "
                "%.0f s idle; stopped in %.2f s (exit %d)\n",
                i + 1, r.listening_s, r.ready_s,
                human_bytes(static_cast<double>(r.rss_ready)).c_str(),
                human_bytes(static_cast<double>(r.rss_idle)).c_str(), o.idle_s, r.stop_s,
                r.exit_status);
    std::fflush(stdout);
    if (r.exit_status != 0) exit_code = 1;
    runs.push_back(r);
  }
  auto col = [&](auto field) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(static_cast<double>(field(r)));
    return v;
  };
  const auto listening = summarize(col([](const run_result& r) { return r.listening_s; }));
  const auto ready = summarize(col([](const run_result& r) { return r.ready_s; }));
  const auto rss_ready = summarize(col([](const run_result& r) { return r.rss_ready; }));
  const auto rss_idle = summarize(col([](const run_result& r) { return r.rss_idle; }));
  const auto stop = summarize(col([](const run_result& r) { return r.stop_s; }));
  const double med_ready = median(col([](const run_result& r) { return r.ready_s; }));
  const double med_listen = median(col([](const run_result& r) { return r.listening_s; }));
  const double med_rss_ready = median(col([](const run_result& r) { return r.rss_ready; }));
  const double med_rss_idle = median(col([](const run_result& r) { return r.rss_idle; }));
  std::printf("start-ready: %zu runs on %s: listening min %.3f s median %.3f s; ready min %.3f s "
              "median %.3f s; RSS at ready min %s median %s; after %.0f s idle min %s median %s\n",
              runs.size(), o.data.c_str(), listening.min, med_listen, ready.min, med_ready,
              human_bytes(rss_ready.min).c_str(), human_bytes(med_rss_ready).c_str(), o.idle_s,
              human_bytes(rss_idle.min).c_str(), human_bytes(med_rss_idle).c_str());

  gateway::json_writer w;
  begin_result(w, "start-ready");
  w.member("data_dir", o.data);
  w.member("cityopsd", o.binary);
  w.member("runs", static_cast<std::uint64_t>(runs.size()));
  w.member("idle_s", o.idle_s);
  auto put = [&](std::string_view key, const sample_summary& s, double med) {
    w.key(key).begin_object();
    w.member("min", s.min);
    w.member("median", med);
    w.member("max", s.max);
    w.end_object();
  };
  put("listening_s", listening, med_listen);
  put("ready_s", ready, med_ready);
  put("rss_ready_bytes", rss_ready, med_rss_ready);
  put("rss_idle_bytes", rss_idle, med_rss_idle);
  put("stop_s", stop, median(col([](const run_result& r) { return r.stop_s; })));
  w.key("each").begin_array();
  for (const auto& r : runs) {
    w.begin_object();
    w.member("listening_s", r.listening_s);
    w.member("ready_s", r.ready_s);
    w.member("rss_ready_bytes", r.rss_ready);
    w.member("rss_idle_bytes", r.rss_idle);
    w.member("stop_s", r.stop_s);
    w.member("exit_status", static_cast<std::int64_t>(r.exit_status));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string error;
  if (!write_json_file(o.json, w.str(), error)) {
    std::fprintf(stderr, "start-ready: %s\n", error.c_str());
    exit_code = 1;
  }
}

}  // namespace

void add_start_ready(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ready_options>();
  auto* sub = app.add_subcommand("start-ready",
                                 "time from exec to listening and to /readyz 200, and RSS");
  sub->add_option("--data", o->data, "data directory (seeded)")->required();
  sub->add_option("--cityopsd", o->binary, "the cityopsd binary");
  sub->add_option("--runs", o->runs, "starts to measure");
  sub->add_option("--idle", o->idle_s, "seconds to wait after ready before the second RSS reading");
  sub->add_option("--limit", o->limit_s, "give up on a start after this many seconds");
  sub->add_option("--log", o->log, "append cityopsd's stderr here (default DATA-cityopsd.log)");
  sub->add_option("--json", o->json, "write the result as JSON to FILE");
  sub->callback([o, &exit_code] { run(*o, exit_code); });
}

}  // namespace cityops::bench
