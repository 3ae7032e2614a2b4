#pragma once
// Words for a tired person: CLI11's parse errors turned into one line that says what was
// wrong and what to type instead (a near command or option, what a command takes), and
// the short overview that bare `diary` prints. Suggestions come from the app tree, so new
// commands are covered without a list to keep up to date.
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace diary::cli {

// The one line (without "diary: ") for a parse error of `app` after a failed parse of
// `args` (the words after the program's name).
std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& error,
                                const std::vector<std::string>& args);

// The closest of `names` to `typed` when it is near enough to be a likely typo; "" if none.
std::string nearest_name(std::string_view typed, const std::vector<std::string>& names);

// `help` as the first word reads as --help: `diary help`, `diary help remind add`.
std::vector<std::string> with_help_word(std::vector<std::string> args);

// What bare `diary` prints: the commands most people need, each with its own description.
std::string overview(const CLI::App& app);

}  // namespace diary::cli
