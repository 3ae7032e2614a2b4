// diary summary: the weekly summary (diary::app reads it, diary::report renders it).
#include <fmt/format.h>

#include "commands.hpp"
#include "diary/app/reports.hpp"
#include "diary/report/summary.hpp"

namespace diary::cli {

void add_summary_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string week;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "summary", "The weekly summary of the week of nights (Monday to Sunday) holding DAY, against the week before");
  cmd->add_option("--week", opts->week,
                  "a night of the week: today, yesterday, last night, a weekday or YYYY-MM-DD (default: the week "
                  "holding last night, \"so far\" while it lasts)");
  cmd->add_flag("--json", opts->json, "one JSON document on stdout, with every figure");
  cmd->callback([&ctx, opts] {
    const auto week = opts->week.empty() ? app::default_summary_week(ctx.now(), ctx.zone())
                                         : clock::parse_day(opts->week, ctx.zone(), ctx.now(), "week");
    const auto summary = app::weekly_summary(ctx.reader(), week, app::last_night(ctx.now(), ctx.zone()));
    if (opts->json)
      fmt::print("{}\n", report::to_json(summary).dump(2));
    else
      fmt::print("{}", report::to_text(summary, ctx.colour()));
  });
}

}  // namespace diary::cli
