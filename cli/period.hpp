#pragma once
// --from/--to: the nights a command covers, read and checked in one place.
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "diary/app/reports.hpp"

namespace diary::cli {

struct PeriodOptions {
  std::string from, to;

  void add_to(CLI::App& cmd);
  // bad input naming "from" or "to" when malformed, or when --to comes before --from.
  app::Period period(Context& ctx) const;
};

}  // namespace diary::cli
