// diary: the command line. The one place where exceptions become an exit status and a
// single line on stderr: 2 for bad usage or input (nothing was written), 1 otherwise.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "completion.hpp"
#include "context.hpp"
#include "diary/error.hpp"
#include "errors.hpp"

namespace {

// A message as one line: control characters escaped, and cut, so that a hostile value
// that reached a message (a newline, ESC, 2 MB) can neither split it nor flood it.
std::string one_line(std::string_view message) {
  constexpr std::size_t kMax = 400;
  std::string out;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    if (out.size() >= kMax && (c & 0xc0) != 0x80) return out + "...";
    if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    else
      out += static_cast<char>(c);
  }
  return out;
}

// The last line of defence: an exception that escapes a destructor or a noexcept
// callback calls std::terminate, which would print "terminate called" and abort (134).
// Instead say what it was in one line and exit 1.
[[noreturn]] void on_terminate() {
  std::string what = "an unexpected error";
  try {
    if (auto current = std::current_exception()) std::rethrow_exception(current);
  } catch (const std::exception& e) {
    try {
      what = one_line(e.what());
    } catch (...) {  // no memory left to format it
    }
  } catch (...) {}
  std::fprintf(stderr, "diary: %s\n", what.c_str());
  std::fflush(stderr);
  std::_Exit(1);
}

// The top-level commands of each group (commands.hpp), space-separated.
struct CommandGroup {
  std::string_view names;
  void (*add)(CLI::App&, diary::cli::Context&);
};
constexpr CommandGroup kCommandGroups[] = {
    {"log start stop edit delete show", diary::cli::add_log_commands},
    {"night profile", diary::cli::add_night_commands},
    {"list", diary::cli::add_list_command},
    {"analyze analyse", diary::cli::add_analyze_command},
    {"remind", diary::cli::add_remind_commands},
    {"summary", diary::cli::add_summary_command},
    {"export import", diary::cli::add_transfer_commands},
    {"backup check", diary::cli::add_safety_commands},
    {"serve devices", diary::cli::add_serve_commands},
    {"meds", diary::cli::add_meds_commands},
};

// Commands that can be built without the rest of their group: the one of every wake-up.
constexpr CommandGroup kAlone[] = {{"log", diary::cli::add_log_command}};

// Every command: what --help, completion and suggestions for a mistyped name need.
void add_all_commands(CLI::App& app, diary::cli::Context& ctx) {
  for (const auto& group : kCommandGroups) group.add(app, ctx);
}

bool names_command(std::string_view names, std::string_view word) {
  while (!names.empty()) {
    const auto space = names.find(' ');
    if (names.substr(0, space) == word) return true;
    names = space == std::string_view::npos ? std::string_view{} : names.substr(space + 1);
  }
  return false;
}

// Builds only the group of the command that argv names (building every subcommand cost a
// millisecond of each `diary log`). False, having built nothing, when the command is not
// a known name or help is asked for: then the caller builds them all.
bool add_named_command(CLI::App& app, diary::cli::Context& ctx, int argc, char** argv) {
  std::string_view command;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--help-all") return false;
    if (!command.empty()) continue;
    if (arg == "--db" || arg == "--tz") {
      ++i;  // the option's value
    } else if (arg.starts_with("--db=") || arg.starts_with("--tz=") || arg == "-v" || arg == "--verbose") {
    } else if (arg.starts_with("-")) {
      return false;  // --version, or an option the whole tree should judge
    } else {
      command = arg;
    }
  }
  if (command.empty()) return false;
  for (const auto table : {std::span<const CommandGroup>(kAlone), std::span<const CommandGroup>(kCommandGroups)})
    for (const auto& group : table)
      if (names_command(group.names, command)) {
        group.add(app, ctx);
        return true;
      }
  return false;
}

// The program's own options, shared by the tree that runs and the whole tree an error is explained by.
void set_up_app(CLI::App& app, diary::cli::Context& ctx) {
  using namespace diary;
  app.name("diary");
  app.description(
      "diary: a night-leg symptom diary. Log episodes after waking; see the patterns.\n"
      "It reports patterns and warning signs; it does not diagnose.");
  app.set_version_flag("--version", "diary " DIARY_VERSION);
  app.add_option("--db", ctx.globals.db, "diary file (default: $DIARY_DB, else $XDG_DATA_HOME/diary/diary.db)");
  app.add_option("--tz", ctx.globals.tz,
                 "time zone to read and show times in (IANA name; default: $TZ, else the system's)");
  app.add_flag("-v,--verbose", ctx.globals.verbose, "debug logging on stderr");
  app.require_subcommand(1);
  app.fallthrough();  // --db and --tz work after the subcommand too
  app.parse_complete_callback([&] {
    if (ctx.globals.verbose) spdlog::set_level(spdlog::level::debug);
    // A --tz that names no zone is bad input for every command, not only for those that
    // happen to read a time (list, show or edit would otherwise take it silently).
    if (ctx.globals.tz) ctx.zone();
  });
}

// A parse error found by a tree holding only the named command, explained by the whole tree
// (which other commands own a mistyped option, which names are near).
std::string explain_with_whole_tree(diary::cli::Context& ctx, bool whole_tree, const std::vector<std::string>& args) {
  if (whole_tree) return {};
  CLI::App full;
  set_up_app(full, ctx);
  add_all_commands(full, ctx);
  diary::cli::add_completion_command(full);
  auto words = diary::cli::with_help_word(args);
  std::reverse(words.begin(), words.end());
  try {
    full.parse(words);
  } catch (const CLI::ParseError& again) { return diary::cli::explain_parse_error(full, again, args); }
  return {};
}

}  // namespace

int main(int argc, char** argv) try {
  using namespace diary;
  std::set_terminate(on_terminate);
  // Logs go to stderr; episode contents only ever at debug level (-v).
  auto logger = spdlog::stderr_logger_st("diary");
  logger->set_pattern("diary: %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);

  cli::Context ctx;
  ctx.argv = argv;
  CLI::App app;
  set_up_app(app, ctx);
  const bool whole_tree = !add_named_command(app, ctx, argc, argv);
  if (whole_tree) add_all_commands(app, ctx);
  cli::add_completion_command(app);  // last: it walks the commands above

  if (argc <= 1) {  // bare `diary`: the commands most people need, not an error
    fmt::print("{}", cli::overview(app));
    return 0;
  }

  try {
    auto words = cli::with_help_word({argv + 1, argv + argc});
    std::reverse(words.begin(), words.end());  // CLI11 takes the words last first
    app.parse(words);
    return 0;
  } catch (const CLI::CallForHelp& e) { return app.exit(e); } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) { return app.exit(e); } catch (const CLI::ParseError& e) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    std::string why = explain_with_whole_tree(ctx, whole_tree, args);
    if (why.empty()) why = cli::explain_parse_error(app, e, args);
    fmt::print(stderr, "diary: {}\n", one_line(why));
    return 2;
  } catch (const Error& e) {
    fmt::print(stderr, "diary: {}\n", one_line(e.what()));
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    std::fputs("diary: out of memory; nothing more was done\n", stderr);
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "diary: {}\n", one_line(e.what()));
    return 1;
  } catch (...) {
    std::fputs("diary: an unexpected error; nothing more was done\n", stderr);
    return 1;
  }
} catch (...) {
  // Setting up the commands, or tearing them down, failed (e.g. no memory): one line, exit 1.
  std::fputs("diary: an unexpected error; nothing more was done\n", stderr);
  return 1;
}
