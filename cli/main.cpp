// diary: the command line. The one place where exceptions become an exit status and a
// single line on stderr: 2 for bad usage or input (nothing was written), 1 otherwise.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "context.hpp"
#include "diary/error.hpp"

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
  CLI::App app{
      "diary: a night-leg symptom diary. Log episodes after waking; see the patterns.\n"
      "It reports patterns and warning signs; it does not diagnose.",
      "diary"};
  app.set_version_flag("--version", "diary " DIARY_VERSION);
  app.add_option("--db", ctx.globals.db, "diary file (default: $DIARY_DB, else $XDG_DATA_HOME/diary/diary.db)");
  app.add_option("--tz", ctx.globals.tz,
                 "time zone to read and show times in (IANA name; default: $TZ, else the system's)");
  app.add_flag("-v,--verbose", ctx.globals.verbose, "debug logging on stderr");
  app.require_subcommand(1);
  app.fallthrough();  // --db and --tz work after the subcommand too
  app.parse_complete_callback([&] {
    if (ctx.globals.verbose) spdlog::set_level(spdlog::level::debug);
  });

  cli::add_log_commands(app, ctx);
  cli::add_night_commands(app, ctx);
  cli::add_list_command(app, ctx);
  cli::add_analyze_command(app, ctx);
  cli::add_remind_commands(app, ctx);
  cli::add_summary_command(app, ctx);
  cli::add_transfer_commands(app, ctx);
  cli::add_safety_commands(app, ctx);
  cli::add_serve_commands(app, ctx);
  cli::add_meds_commands(app, ctx);

  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::CallForHelp& e) { return app.exit(e); } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) { return app.exit(e); } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "diary: {} (see diary --help)\n", one_line(e.what()));
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
