#pragma once
// Each group of commands registers itself on the root app; callbacks throw diary::Error
// and main() turns that into the exit code and one line.
#include <optional>
#include <span>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"

namespace diary::cli {

void add_log_commands(CLI::App& app, Context& ctx);    // log, edit, delete
void add_night_commands(CLI::App& app, Context& ctx);  // night, profile
void add_data_commands(CLI::App& app, Context& ctx);   // list, export json, import json
void add_analyze_command(CLI::App& app, Context& ctx); // analyze
void add_remind_commands(CLI::App& app, Context& ctx);  // remind add|list|remove|next|check|install|uninstall|ics
void add_summary_command(CLI::App& app, Context& ctx); // summary
// export csv|report|fhir, import csv: added under the parents add_data_commands made.
void add_export_commands(CLI::App& app, Context& ctx);
void add_safety_commands(CLI::App& app, Context& ctx);  // backup, check
void add_serve_commands(CLI::App& app, Context& ctx);   // serve, devices [revoke]

// The guided form of `log`: asks for the fields one by one on the terminal.
std::optional<Episode> guided_episode(Context& ctx);  // nullopt: cancelled

// Warning signs in new episodes, found inside the command's transaction (reading the
// profile and recent nights) and printed at once, in plain words, after it commits.
std::vector<analysis::RedFlag> find_red_flags(Context& ctx, std::span<const Episode> new_episodes);
void print_red_flags(Context& ctx, std::span<const analysis::RedFlag> flags);

}  // namespace diary::cli
