#include "period.hpp"

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"

namespace diary::cli {

void Period::add_to(CLI::App& cmd) {
  cmd.add_option("--from", from, "first night, YYYY-MM-DD (default: the first)");
  cmd.add_option("--to", to, "last night, YYYY-MM-DD (default: the last)");
}

std::optional<date::year_month_day> Period::first() const {
  if (from.empty()) return std::nullopt;
  return clock::parse_day(from, "from");
}

std::optional<date::year_month_day> Period::last() const {
  if (to.empty()) return std::nullopt;
  const auto t = clock::parse_day(to, "to");
  if (auto f = first(); f && *f > t)
    throw bad_input("to", to, fmt::format("to: {} comes before --from {}", to, from));
  return t;
}

Diary Period::load(Context& ctx) const {
  const auto f = first();
  const auto l = last();
  auto tx = ctx.store().read();
  Diary d{ctx.store().profile(), ctx.store().nights(f, l), ctx.store().episodes(f, l)};
  tx.commit();
  return d;
}

}  // namespace diary::cli
