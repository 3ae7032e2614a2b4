#pragma once
// The pattern report (diary/analysis/analyze.hpp) rendered for scripts and for people.
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"

namespace diary::report {

// The contract's `analyze --json` document (plus "advice", "episodes" per category,
// "action" per red flag, "summary"/"figures" per pattern and "top_action").
nlohmann::json to_json(const analysis::Report& report);

// Warning signs as the report's "red_flags" array (what every write of the API answers too),
// each with its "title" in plain words.
nlohmann::json to_json(std::span<const analysis::RedFlag> flags);

// The answer to a write that saved an episode (the API's body, `log --json`): the episode's
// fields at the top level (with id, uuid and night), "red_flags" (the warning signs it
// shows) and "replayed" (its key was used before: nothing new was written).
nlohmann::json saved_json(const Episode& episode, std::span<const analysis::RedFlag> flags, bool replayed);

// One category as in "categories": id, level, score and action, each with its words for
// people ("name", "level_words", "action_words": the one wording every text uses); `whole`
// adds evidence, against, advice and episodes (analyze; the weekly summary lists the fits).
nlohmann::json to_json(const analysis::CategoryFinding& category, bool whole);

// The "patterns" array.
nlohmann::json to_json(std::span<const analysis::PatternFinding> patterns);

// "14 episodes on 9 nights; 12 nights logged (9 with episodes, 3 quiet); 2 nights not
// logged.": the three kinds of night, said the same way by every text.
std::string nights_line(const analysis::Report& report);

// The human report: red flags first, then categories with evidence, then patterns, then
// the reminder that this is a pattern report, not a diagnosis. ANSI colour only if `colour`.
std::string to_text(const analysis::Report& report, bool colour);

}  // namespace diary::report
