#pragma once
// The weekly summary (diary/analysis/summary.hpp) rendered for scripts and for people.
#include <string>

#include <nlohmann/json.hpp>

#include "diary/analysis/summary.hpp"

namespace diary::report {

// Every figure of the week and the week before, their changes, the week's red flags and
// the diary's patterns up to the week's end.
nlohmann::json to_json(const analysis::WeekSummary& summary);

// The summary for people: warning signs first, then the week's figures against the week
// before, the onset chart, what helped, and the patterns. ANSI colour only if `colour`.
std::string to_text(const analysis::WeekSummary& summary, bool colour);

}  // namespace diary::report
