// diary: the command line. The one place where exceptions become an exit status and a
// single line on stderr: 2 for bad usage or input (nothing was written), 1 otherwise.
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "context.hpp"
#include "diary/error.hpp"

int main(int argc, char** argv) {
  using namespace diary;
  // Logs go to stderr; episode contents only ever at debug level (-v).
  auto logger = spdlog::stderr_logger_st("diary");
  logger->set_pattern("diary: %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);

  cli::Context ctx;
  CLI::App app{"diary: a night-leg symptom diary. Log episodes after waking; see the patterns.\n"
               "It reports patterns and warning signs; it does not diagnose.",
               "diary"};
  app.set_version_flag("--version", "diary 0.1.0");
  app.add_option("--db", ctx.globals.db, "diary file (default: $DIARY_DB, else $XDG_DATA_HOME/diary/diary.db)");
  app.add_option("--tz", ctx.globals.tz, "time zone to read and show times in (IANA name; default: $TZ, else the system's)");
  app.add_flag("-v,--verbose", ctx.globals.verbose, "debug logging on stderr");
  app.require_subcommand(1);
  app.fallthrough();  // --db and --tz work after the subcommand too
  app.parse_complete_callback([&] {
    if (ctx.globals.verbose) spdlog::set_level(spdlog::level::debug);
  });

  cli::add_log_commands(app, ctx);
  cli::add_night_commands(app, ctx);
  cli::add_data_commands(app, ctx);
  cli::add_analyze_command(app, ctx);
  cli::add_remind_commands(app, ctx);
  cli::add_summary_command(app, ctx);
  cli::add_export_commands(app, ctx);
  cli::add_safety_commands(app, ctx);
  cli::add_serve_commands(app, ctx);

  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "diary: {} (see diary --help)\n", e.what());
    return 2;
  } catch (const Error& e) {
    fmt::print(stderr, "diary: {}\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    fmt::print(stderr, "diary: {}\n", e.what());
    return 1;
  }
}
