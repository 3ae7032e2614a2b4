#pragma once
// Running a helper program (notify-send, systemctl) without letting it hang or spill onto
// the terminal: stdin from /dev/null, stdout and stderr captured, a time limit.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace diary::cli {

struct ProcessResult {
  int code = -1;       // exit status; 128 + signal when killed (also on time-out)
  std::string output;  // stdout and stderr together, as far as it was read
};

// The full path of `name` found in PATH, if it is there and executable.
std::optional<std::string> find_program(std::string_view name);

// Runs argv[0] (looked up in PATH) with `argv`. nullopt when it could not be started.
std::optional<ProcessResult> run_process(const std::vector<std::string>& argv, std::chrono::milliseconds limit);

}  // namespace diary::cli
