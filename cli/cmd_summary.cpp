// diary summary: the weekly summary (analysis/summary.hpp does the work).
#include <fmt/format.h>

#include "commands.hpp"
#include "diary/analysis/summary.hpp"

namespace diary::cli {

void add_summary_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string week;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "summary", "The weekly summary of the week of nights (Monday to Sunday) holding DAY, against the week before");
  cmd->add_option("--week", opts->week, "a night of the week, YYYY-MM-DD (default: the last full week)");
  cmd->add_flag("--json", opts->json, "one JSON document on stdout, with every figure");
  cmd->callback([&ctx, opts] {
    date::year_month_day monday;
    if (!opts->week.empty()) {
      monday = analysis::week_of(clock::parse_day(opts->week, "week"));
    } else {
      // The last full week: the one before the week holding today's date where you are.
      const auto today = date::floor<date::days>(clock::in_zone(ctx.now(), ctx.zone()).local());
      monday = analysis::last_full_week(date::year_month_day{date::sys_days{today.time_since_epoch()}});
    }
    const auto sunday = date::year_month_day{date::sys_days{monday} + date::days{6}};
    auto tx = ctx.store().read();
    const Profile profile = ctx.store().profile();
    const auto nights = ctx.store().nights(std::nullopt, sunday);
    const auto episodes = ctx.store().episodes(std::nullopt, sunday);
    tx.commit();
    const auto summary = analysis::summarize_week(profile, nights, episodes, monday);
    if (opts->json)
      fmt::print("{}\n", analysis::to_json(summary).dump(2));
    else
      fmt::print("{}", analysis::to_text(summary, ctx.colour()));
  });
}

}  // namespace diary::cli
