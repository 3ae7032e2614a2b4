#pragma once
// systemd user units that the diary installs (the reminder timer, the page's server):
// where they live, the program's own path for ExecStart=, and enabling one.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace diary::cli {

// $XDG_CONFIG_HOME/systemd/user (an absolute XDG_CONFIG_HOME only), else ~/.config/systemd/user.
std::filesystem::path unit_dir();

// This program's own path (/proc/self/exe).
std::string self_path();

// The program a unit's ExecStart= should call: this one when it is installed; when it runs
// from a build folder (one with a CMakeCache.txt above it), the installed `diary` on PATH
// or in the install prefix, else this one with a warning that the unit breaks when the
// folder moves. Says on stderr which it chose when it is not this program's stable path.
std::string unit_program();

// Runs `systemctl --user ARGS` (bounded in time, output captured); true when it succeeded.
bool systemctl_user(std::vector<std::string> args);

// systemctl --user daemon-reload, then enable --now `unit`, unless `no_enable`; prints
// either that it is enabled (and `what_it_does`) or why not and the commands to run.
void enable_user_unit(std::string_view unit, bool no_enable, std::string_view what_it_does);

}  // namespace diary::cli
