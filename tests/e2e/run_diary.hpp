#pragma once
// Runs the real `diary` binary for end-to-end tests: a scratch folder per test, a clean
// environment (HOME and DIARY_DB inside the scratch folder, NO_COLOR=1, a fixed TZ), stdin
// from a string or /dev/null, stdout and stderr captured through files (so concurrent
// children never block on a pipe), and optionally a fixed "now" through faketime. Every
// child is bounded by an alarm, so a hung command fails its test instead of the suite.
//
// run_pty() runs it on a pseudo-terminal instead, for the guided form and colour checks.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <utmp.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e {

namespace fs = std::filesystem;

inline constexpr const char* kFaketime = "/usr/bin/faketime";
inline constexpr unsigned kChildTimeoutSeconds = 30;

struct Result {
  int code = -1;  // exit status; 128 + signal when killed
  std::string out;
  std::string err;
};

// How to run one command.
struct Options {
  std::string stdin_text;                     // fed on stdin when `with_stdin`
  bool with_stdin = false;                    // otherwise stdin is /dev/null
  std::optional<std::string> now;             // "2026-11-22 07:00:00" (local in TZ); default: the sandbox's
  std::optional<std::string> tz;              // overrides the sandbox's TZ
  bool no_color = true;                       // NO_COLOR=1
  std::optional<mode_t> umask;                // the child's umask
  std::optional<rlim_t> file_size_limit;      // RLIMIT_FSIZE in bytes (ulimit -f), SIGXFSZ ignored
  std::map<std::string, std::string> env;     // more variables (or overrides)
  std::optional<rlim_t> address_space_limit;  // RLIMIT_AS in bytes (ulimit -v): allocations fail
  std::optional<uid_t> uid;                   // run as this user (and group of the same number); root only
};

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  REQUIRE(out.good());
}

inline mode_t mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE_MESSAGE(::stat(p.c_str(), &st) == 0, "cannot stat " << p.string());
  return st.st_mode & 07777;
}

inline int count_lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

inline void require_faketime() {
  REQUIRE_MESSAGE(::access(kFaketime, X_OK) == 0, "faketime is needed for this test and was not found at "
                                                      << kFaketime << " (Debian package: faketime)");
}

// Removes the semaphore and shared memory that faketime, started as process `pid`, makes
// by its pid: SIGKILL or the alarm below gives it no chance to remove them, and faketime
// refuses to start when they exist, so once process ids wrap (pid_max can be 32768) a stale
// pair failed a random later test. Called in each forked child before it execs faketime
// (the pid is the child's own, so no live faketime owns them), and by tests that kill one.
// Async-signal-safe: no allocation, no formatting library.
inline void clear_faketime_files(pid_t pid) {
  char digits[24];
  int n = 0;
  for (auto left = static_cast<unsigned long>(pid); left > 0 || n == 0; left /= 10)
    digits[n++] = static_cast<char>('0' + left % 10);
  const auto unlink_named = [&](const char* prefix) {
    char path[96];
    std::size_t at = 0;
    for (const char* c = prefix; *c; ++c) path[at++] = *c;
    for (int i = n - 1; i >= 0; --i) path[at++] = digits[i];
    path[at] = '\0';
    ::unlink(path);
  };
  unlink_named("/dev/shm/sem.faketime_sem_");
  unlink_named("/dev/shm/faketime_shm_");
}

// A started child; wait() collects it.
struct Child {
  pid_t pid = -1;
  fs::path out, err;
  bool faketime = false;  // the process is faketime, running diary
};

class Sandbox {
 public:
  Sandbox() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = (fs::path(base && *base ? base : "/tmp") / "diary-e2e-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root_ = tmpl;
    fs::create_directory(root_ / "home");
    fs::create_directory(root_ / "io");
    db_ = root_ / "data" / "diary.db";  // its folder is created by diary
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Every command runs under faketime with this "now" (local in TZ) unless its Options say
  // otherwise, so that no test depends on the machine's clock. Empty: the real clock.
  std::string now = "2026-11-22 07:00:00";

  const fs::path& root() const { return root_; }
  const fs::path& db() const { return db_; }
  void set_db(fs::path p) { db_ = std::move(p); }
  std::string tz = "Europe/Berlin";

  // Writes `text` to a file in the sandbox and returns its path.
  fs::path file(const std::string& name, const std::string& text) {
    const fs::path p = root_ / name;
    write_file(p, text);
    return p;
  }

  Child start(const std::vector<std::string>& args, const Options& o = {}) {
    const int n = counter_++;
    Child child;
    child.out = root_ / "io" / ("out" + std::to_string(n));
    child.err = root_ / "io" / ("err" + std::to_string(n));
    const fs::path in = root_ / "io" / ("in" + std::to_string(n));
    if (o.with_stdin) write_file(in, o.stdin_text);
    std::vector<std::string> argv_s = prefix(o);
    argv_s.push_back(DIARY_BIN);
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s = environment(o);
    std::vector<char*> argv, envp;
    for (auto& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env_s) envp.push_back(s.data());
    envp.push_back(nullptr);
    const std::string in_path = o.with_stdin ? in.string() : std::string("/dev/null");
    const std::string out_path = child.out.string();
    const std::string err_path = child.err.string();

    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      if (o.umask) ::umask(*o.umask);
      if (o.file_size_limit) {
        // As `trap '' XFSZ; ulimit -f` would: a write past the limit then fails with EFBIG
        // instead of killing the process, as a full disk fails with ENOSPC.
        ::signal(SIGXFSZ, SIG_IGN);
        const struct rlimit limit { *o.file_size_limit, *o.file_size_limit };
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(122);
      }
      const int fi = ::open(in_path.c_str(), O_RDONLY);
      const int fo = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int fe = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fi < 0 || fo < 0 || fe < 0) ::_exit(120);
      ::dup2(fi, 0);
      ::dup2(fo, 1);
      ::dup2(fe, 2);
      if (o.address_space_limit) {
        const struct rlimit limit { *o.address_space_limit, *o.address_space_limit };
        if (::setrlimit(RLIMIT_AS, &limit) != 0) ::_exit(122);
      }
      // Before dropping to another user: a stale pair may be another user's, in sticky /dev/shm.
      if (std::string_view(argv[0]) == kFaketime) clear_faketime_files(::getpid());
      if (o.uid && (::setgroups(0, nullptr) != 0 || ::setgid(*o.uid) != 0 || ::setuid(*o.uid) != 0)) ::_exit(121);
      ::alarm(kChildTimeoutSeconds);  // survives exec: a hung child is killed
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    child.pid = pid;
    child.faketime = argv_s.front() == kFaketime;
    return child;
  }

  Result wait(const Child& child) {
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0) {
      if (errno != EINTR) FAIL("waitpid failed: " << std::strerror(errno));
    }
    if (child.faketime && WIFSIGNALED(status)) clear_faketime_files(child.pid);  // killed: it could not
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(child.out);
    r.err = read_file(child.err);
    REQUIRE_MESSAGE(r.code != 127, "could not execute " << DIARY_BIN);
    REQUIRE_MESSAGE(r.code != 128 + SIGALRM, "diary did not finish within " << kChildTimeoutSeconds << " s");
    return r;
  }

  Result run(const std::vector<std::string>& args, const Options& o = {}) { return wait(start(args, o)); }

  // Runs and requires success; returns stdout.
  std::string ok(const std::vector<std::string>& args, const Options& o = {}) {
    const Result r = run(args, o);
    INFO("diary " << joined(args) << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.code == 0);
    return r.out;
  }

  nlohmann::json json(const std::vector<std::string>& args, const Options& o = {}) {
    const std::string out = ok(args, o);
    INFO("stdout: " << out);
    nlohmann::json doc;
    REQUIRE_NOTHROW(doc = nlohmann::json::parse(out));
    return doc;
  }

  nlohmann::json export_json() { return json({"export", "json"}); }

  // Runs `diary` on a pseudo-terminal (stdin, stdout and stderr), typing `input` into it.
  // Echo is off so the captured text is only what diary wrote. Returns the exit code and
  // everything written (with the terminal's \r\n turned into \n).
  Result run_pty(const std::vector<std::string>& args, const std::string& input, const Options& o = {}) {
    std::vector<std::string> argv_s = prefix(o);
    argv_s.push_back(DIARY_BIN);
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s = environment(o);
    env_s.push_back("TERM=dumb");
    std::vector<char*> argv, envp;
    for (auto& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    for (auto& s : env_s) envp.push_back(s.data());
    envp.push_back(nullptr);

    int master = -1, slave = -1;
    struct winsize ws {};
    ws.ws_row = 40;
    ws.ws_col = 100;
    REQUIRE(::openpty(&master, &slave, nullptr, nullptr, &ws) == 0);
    struct termios t {};
    REQUIRE(::tcgetattr(slave, &t) == 0);
    t.c_lflag &= static_cast<tcflag_t>(~(ECHO | ECHOE | ECHOK | ECHONL));
    REQUIRE(::tcsetattr(slave, TCSANOW, &t) == 0);

    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(master);
      if (o.umask) ::umask(*o.umask);
      if (::login_tty(slave) != 0) ::_exit(121);
      ::alarm(kChildTimeoutSeconds);
      if (std::string_view(argv[0]) == kFaketime) clear_faketime_files(::getpid());
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    // The parent keeps its own slave end open until the child is collected: a master read then never
    // ends in EIO, which on Linux can come before the child's last bytes are read (a lost last line).
    // Everything typed ahead waits in the terminal's input queue, line by line.
    std::size_t written = 0;
    while (written < input.size()) {
      const ssize_t n = ::write(master, input.data() + written, input.size() - written);
      if (n < 0 && errno == EINTR) continue;
      REQUIRE(n > 0);
      written += static_cast<std::size_t>(n);
    }

    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kChildTimeoutSeconds);
    bool timed_out = false;
    int status = 0;
    for (bool exited = false; !exited;) {
      if (std::chrono::steady_clock::now() >= deadline) {
        timed_out = true;
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        break;
      }
      exited = ::waitpid(pid, &status, WNOHANG) == pid;
      drain_pty(master, output, 20);
    }
    if (WIFSIGNALED(status) && std::string_view(argv[0]) == kFaketime) clear_faketime_files(pid);
    // The terminal hands bytes on to the master asynchronously: after the exit, read until it is quiet.
    for (std::size_t before = output.size() + 1; before != output.size();) {
      before = output.size();
      drain_pty(master, output, 100);
    }
    ::close(slave);
    ::close(master);
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    for (char c : output)
      if (c != '\r') r.out += c;
    INFO("terminal output:\n" << r.out);
    REQUIRE_MESSAGE(!timed_out, "diary on a terminal did not finish within " << kChildTimeoutSeconds << " s");
    REQUIRE_MESSAGE(r.code != 127, "could not execute " << DIARY_BIN);
    return r;
  }

  static std::string joined(const std::vector<std::string>& args) {
    std::string s;
    for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
    return s;
  }

 private:
  // Appends what the master has: waits up to `wait_ms` for the first bytes, then takes all that is ready.
  static void drain_pty(int master, std::string& output, int wait_ms) {
    char buf[4096];
    for (int timeout = wait_ms;; timeout = 0) {
      struct pollfd p {
        master, POLLIN, 0
      };
      const int ready = ::poll(&p, 1, timeout);
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return;
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      output.append(buf, static_cast<std::size_t>(n));
    }
  }

  std::string effective_now(const Options& o) const { return o.now ? *o.now : now; }

  // faketime and its time, when a "now" applies.
  std::vector<std::string> prefix(const Options& o) const {
    const std::string when = effective_now(o);
    if (when.empty()) return {};
    require_faketime();
    return {kFaketime, when};
  }

  std::vector<std::string> environment(const Options& o) const {
    std::map<std::string, std::string> env{
        {"PATH", "/usr/bin:/bin"},
        {"HOME", (root_ / "home").string()},
        {"XDG_DATA_HOME", (root_ / "home" / "xdg").string()},
        {"DIARY_DB", db_.string()},
        {"TZ", o.tz ? *o.tz : tz},
        {"LANG", "C.UTF-8"},
    };
    if (o.no_color) env["NO_COLOR"] = "1";
    // Sanitizer builds: keep their settings; libfaketime is preloaded ahead of the ASan
    // runtime, which ASan would otherwise refuse.
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
      if (const char* v = std::getenv(name)) env[name] = v;
    if (!effective_now(o).empty())
      env["ASAN_OPTIONS"] = env["ASAN_OPTIONS"] + (env["ASAN_OPTIONS"].empty() ? "" : ":") + "verify_asan_link_order=0";
    for (const auto& [k, v] : o.env) env[k] = v;
    std::vector<std::string> out;
    for (const auto& [k, v] : env) out.push_back(k + "=" + v);
    return out;
  }

  fs::path root_;
  fs::path db_;
  int counter_ = 0;
};

}  // namespace e2e
