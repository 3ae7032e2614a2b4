// diary analyze: the pattern report of a period; and how every command prints warning signs.
#include <fmt/format.h>

#include "commands.hpp"
#include "diary/analysis/names.hpp"
#include "diary/app/emergency.hpp"
#include "diary/app/nights.hpp"
#include "diary/app/reports.hpp"
#include "diary/report/analysis.hpp"
#include "diary/report/text.hpp"
#include "period.hpp"

namespace diary::cli {

void add_analyze_command(CLI::App& app, Context& ctx) {
  struct Options {
    PeriodOptions period;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("analyze", "The likely categories with their evidence, and every warning sign");
  cmd->alias("analyse");
  opts->period.add_to(*cmd);
  cmd->add_flag("--json", opts->json, "one JSON document on stdout");
  cmd->callback([&ctx, opts] {
    const auto result = app::analyze(ctx.reader(), opts->period.period(ctx));
    if (opts->json)
      fmt::print("{}\n", report::to_json(result).dump(2));
    else
      fmt::print("{}", report::to_text(result, ctx.colour()));
  });
}

void print_flag_lines(Context& ctx, std::span<const analysis::RedFlag> flags) {
  for (const auto& flag : flags) {
    std::string ids;
    for (auto id : flag.episodes) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    const auto title = report::shout(analysis::flag_title(flag.id, analysis::Audience::patient));
    fmt::print("\n{}\n  {}\n", red(ctx, "!! WARNING SIGN: " + title), flag.message);
    if (!flag.episodes.empty()) fmt::print("  (episode{} {})\n", flag.episodes.size() == 1 ? "" : "s", ids);
  }
}

void print_red_flags(Context& ctx, std::span<const analysis::RedFlag> flags) {
  print_flag_lines(ctx, flags);
  if (flags.empty()) return;
  const auto number = app::emergency_number(app::profile(ctx.store()));
  if (number.source != app::EmergencyNumber::Source::profile)
    fmt::print("{}\n", dim(ctx, "Emergency number " + app::describe(number) + "."));
  fmt::print("\n");
}

}  // namespace diary::cli
