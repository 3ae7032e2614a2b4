#include "period.hpp"

#include "diary/clock.hpp"

namespace diary::cli {

void PeriodOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--from", from,
                 "first night: today, yesterday, last night, a weekday or YYYY-MM-DD (default: the first)");
  cmd.add_option("--to", to, "last night: today, yesterday, last night, a weekday or YYYY-MM-DD (default: the last)");
}

app::Period PeriodOptions::period(Context& ctx) const {
  std::optional<date::year_month_day> first, last;
  if (!from.empty()) first = clock::parse_day(from, ctx.zone(), ctx.now(), "from");
  if (!to.empty()) last = clock::parse_day(to, ctx.zone(), ctx.now(), "to");
  return app::period(first, last);
}

}  // namespace diary::cli
