// diary backup FILE, diary check: the diary's safety net (diary::app does the work).
#include <fmt/format.h>

#include "commands.hpp"
#include "diary/app/transfer.hpp"
#include "diary/error.hpp"

namespace diary::cli {

void add_safety_commands(CLI::App& app, Context& ctx) {
  auto file = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup",
      "A consistent copy of the whole diary (also while it is being written), as a SQLite file readable by you only");
  backup->add_option("file", *file, "the copy to write (0600; missing folders are created 0700)")->required();
  backup->callback([&ctx, file] {
    if (file->empty()) throw bad_input("file", *file, "file: give the file to write the copy to");
    const auto episodes = app::backup(ctx.reader(), *file);
    fmt::print("Backed up the diary ({} episode{}) to {}\n", episodes, episodes == 1 ? "" : "s", *file);
  });

  auto* check =
      app.add_subcommand("check",
                         "Check the diary file: SQLite's integrity and foreign-key checks, and every stored value "
                         "against the vocabulary and ranges; exit 0 when sound, 1 when not");
  check->callback([&ctx] {
    const auto problems = app::check(ctx.reader());
    if (problems.empty()) {
      fmt::print("The diary is sound: integrity and foreign keys ok, every value known and in range.\n");
      return;
    }
    for (const auto& problem : problems) fmt::print("{}\n", problem);
    throw failure(fmt::format("the diary has {} problem{} (listed on standard output)", problems.size(),
                              problems.size() == 1 ? "" : "s"));
  });
}

}  // namespace diary::cli
