#pragma once
// --from/--to: the nights a command covers, read and checked in one place.
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <date/date.h>

#include "context.hpp"
#include "diary/diary.hpp"

namespace diary::cli {

struct Period {
  std::string from, to;

  void add_to(CLI::App& cmd);
  std::optional<date::year_month_day> first() const;  // bad input "from" when malformed
  std::optional<date::year_month_day> last() const;   // bad input "to", also before --from

  // The profile and the period's nights and episodes, read in one transaction.
  Diary load(Context& ctx) const;
};

}  // namespace diary::cli
