#pragma once
// Each group of commands registers itself on the root app; callbacks throw diary::Error
// and main() turns that into the exit code and one line.
#include <optional>
#include <span>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"
#include "diary/night.hpp"

namespace diary::cli {

void add_log_commands(CLI::App& app, Context& ctx);       // log, start, stop, edit, delete, show
void add_log_command(CLI::App& app, Context& ctx);        // log alone (what `diary log` builds)
void add_night_commands(CLI::App& app, Context& ctx);     // night, profile
void add_list_command(CLI::App& app, Context& ctx);       // list
void add_analyze_command(CLI::App& app, Context& ctx);    // analyze
void add_remind_commands(CLI::App& app, Context& ctx);    // remind add|list|remove|next|check|install|uninstall|ics
void add_summary_command(CLI::App& app, Context& ctx);    // summary
void add_transfer_commands(CLI::App& app, Context& ctx);  // export json|csv|report|fhir, import json|csv
void add_safety_commands(CLI::App& app, Context& ctx);    // backup, check
void add_serve_commands(CLI::App& app, Context& ctx);     // serve, devices [revoke]
void add_meds_commands(CLI::App& app, Context& ctx);      // meds add|stop|list

// The guided form of `log`: asks for the fields one by one on the terminal.
std::optional<Episode> guided_episode(Context& ctx);  // nullopt: cancelled
// The morning check-in: the night's questions, each skippable; `stored` is what the night
// records so far (shown beside each question). Offers "a quiet night" when the night has
// no episodes. Returns the answers given (nullopt: none).
std::optional<Night> guided_night(Context& ctx, const Night& stored, bool has_episodes);

// Warning signs that a write revealed, printed at once, in plain words, after it commits.
void print_red_flags(Context& ctx, std::span<const analysis::RedFlag> flags);
// The same without the closing line naming the emergency number (which reads the profile).
void print_flag_lines(Context& ctx, std::span<const analysis::RedFlag> flags);

}  // namespace diary::cli
