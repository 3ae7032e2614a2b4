#pragma once
// Texts generated from the CLI's own command tree, so they never drift from it: the bash
// completion script and the man page's COMMANDS section. Both are reached through the
// hidden `diary completion bash|man` command, which the build runs.
#include <string>

#include <CLI/CLI.hpp>

#include "diary/vocabulary.hpp"

namespace diary::cli {

// Records that `option` takes terms of `vocabulary` (a comma list when `list`), so that
// completion offers them. Called where such options are made (FieldOptions).
void mark_terms(const CLI::Option* option, const Vocabulary& vocabulary, bool list);

// A bash completion script for every visible command and option of `app`.
std::string bash_completion(const CLI::App& app);

// The man page's COMMANDS section in help2man's include format ("[COMMANDS]" and troff).
std::string man_commands(const CLI::App& app);

// Adds the hidden `completion` command; call after every other command is added.
void add_completion_command(CLI::App& app);

}  // namespace diary::cli
