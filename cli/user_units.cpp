#include "user_units.hpp"

#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "diary/error.hpp"
#include "process.hpp"

namespace diary::cli {
namespace fs = std::filesystem;
namespace {

struct Step {
  std::vector<std::string> argv;
  bool ok = false;
  std::string output;
};

Step systemctl(std::vector<std::string> args) {
  Step step;
  step.argv = {"systemctl", "--user"};
  step.argv.insert(step.argv.end(), args.begin(), args.end());
  const auto result = run_process(step.argv, std::chrono::seconds{30});
  if (!result) {
    step.output = "systemctl could not be started";
    return step;
  }
  step.ok = result->code == 0;
  step.output = result->output;
  while (!step.output.empty() && (step.output.back() == '\n' || step.output.back() == '\r')) step.output.pop_back();
  return step;
}

std::string first_line(const std::string& text) {
  const auto nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl);
}

}  // namespace

fs::path unit_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg && fs::path(xdg).is_absolute())
    return fs::path(xdg) / "systemd" / "user";
  const char* home = std::getenv("HOME");
  if (!home || !*home) throw failure("cannot tell where systemd user units live: HOME is not set");
  return fs::path(home) / ".config" / "systemd" / "user";
}

std::string self_path() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && !exe.empty()) return exe.string();
  throw failure("cannot tell where the diary program lives (/proc/self/exe is unreadable)");
}

namespace {

// The build folder `exe` lies in: the nearest folder above it with a CMakeCache.txt.
std::optional<fs::path> build_folder_of(const fs::path& exe) {
  std::error_code ec;
  for (fs::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "CMakeCache.txt", ec)) return dir;
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

// An installed diary: on PATH (not a build's), else in the prefix this build installs to.
std::optional<std::string> installed_program() {
  if (const auto on_path = find_program("diary"); on_path && !build_folder_of(fs::path(*on_path)))
    return fs::weakly_canonical(*on_path).string();
  const fs::path prefixed = fs::path(DIARY_INSTALL_BINDIR) / "diary";
  std::error_code ec;
  if (fs::exists(prefixed, ec) && ::access(prefixed.c_str(), X_OK) == 0) return prefixed.string();
  return std::nullopt;
}

}  // namespace

std::string unit_program() {
  const std::string self = self_path();
  const auto build = build_folder_of(fs::path(self));
  if (!build) return self;
  if (const auto installed = installed_program()) {
    fmt::print(stderr, "note: running from the build folder {}; the unit calls the installed {}\n", build->string(),
               *installed);
    return *installed;
  }
  fmt::print(stderr,
             "warning: no installed diary found; the unit calls {} in the build folder and breaks when that folder "
             "moves (install the diary and run this again)\n",
             self);
  return self;
}

bool systemctl_user(std::vector<std::string> args) { return systemctl(std::move(args)).ok; }

void enable_user_unit(std::string_view unit, bool no_enable, std::string_view what_it_does) {
  const std::vector<std::vector<std::string>> steps = {{"daemon-reload"}, {"enable", "--now", std::string(unit)}};
  std::string why;
  if (no_enable) {
    why = "as asked (--no-enable)";
  } else if (!find_program("systemctl")) {
    why = "systemctl is not installed here";
  } else {
    for (const auto& args : steps) {
      const Step step = systemctl(args);
      if (!step.ok) {
        why = fmt::format("`systemctl --user {}` failed: {}", args.front(),
                          step.output.empty() ? "no message" : first_line(step.output));
        break;
      }
    }
  }
  if (why.empty()) {
    fmt::print("Enabled {}: {}.\n", unit, what_it_does);
    return;
  }
  fmt::print("Not enabled ({}). To enable it, run:\n", why);
  fmt::print("  systemctl --user daemon-reload\n  systemctl --user enable --now {}\n", unit);
}

}  // namespace diary::cli
