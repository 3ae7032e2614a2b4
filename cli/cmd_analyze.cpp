#include <fmt/format.h>

#include "commands.hpp"
#include "diary/analysis/analyze.hpp"
#include "diary/error.hpp"
#include "period.hpp"

namespace diary::cli {
namespace {

struct AnalyzeOptions {
  Period period;
  bool json = false;
};

}  // namespace

void add_analyze_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<AnalyzeOptions>();
  auto* cmd = app.add_subcommand("analyze", "The likely categories with their evidence, and every warning sign");
  cmd->alias("analyse");
  opts->period.add_to(*cmd);
  cmd->add_flag("--json", opts->json, "one JSON document on stdout");
  cmd->callback([&ctx, opts] {
    const Diary d = opts->period.load(ctx);
    const auto report = analysis::analyze(d.profile, d.nights, d.episodes, opts->period.first(), opts->period.last());
    if (opts->json) {
      fmt::print("{}\n", analysis::to_json(report).dump(2));
    } else {
      fmt::print("{}", analysis::to_text(report, ctx.colour()));
    }
  });
}

std::vector<analysis::RedFlag> find_red_flags(Context& ctx, std::span<const Episode> new_episodes) {
  if (new_episodes.empty()) return {};
  // The context a flag may need (a medication started on an earlier night): the nights
  // of the last two months before the earliest new episode.
  auto earliest = new_episodes.front().night();
  for (const auto& e : new_episodes) earliest = std::min(earliest, e.night());
  const auto since = date::year_month_day{date::sys_days{earliest} - date::days{60}};
  const Profile profile = ctx.store().profile();
  const auto nights = ctx.store().nights(since, std::nullopt);
  return analysis::red_flags(profile, nights, new_episodes);
}

void print_red_flags(Context& ctx, std::span<const analysis::RedFlag> flags) {
  for (const auto& flag : flags) {
    std::string ids;
    for (auto id : flag.episodes) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    fmt::print("\n{}\n  {}\n  (episode{} {})\n", red(ctx, "!! WARNING SIGN"), flag.message,
               flag.episodes.size() == 1 ? "" : "s", ids);
  }
  if (!flags.empty()) fmt::print("\n");
}

}  // namespace diary::cli
