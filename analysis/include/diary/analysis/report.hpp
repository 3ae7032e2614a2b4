#pragma once
// The value types of a pattern report: which kinds of night-leg trouble a diary fits, how
// strongly and why, the warning signs found, and the recurring patterns with their figures.
// Plain data: building one is analyze.hpp's job, printing it is the caller's.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <nlohmann/json.hpp>

namespace diary::analysis {

// How strong a category's pattern is, given the amount of data behind it.
enum class Level { weak, moderate, strong };

// What to do, mildest first (the order is used to pick the most pressing one). `emergency`:
// call the emergency number now (signs of a clot together with breathlessness or chest pain).
enum class Action { self_care, discuss_with_doctor, see_doctor_soon, urgent, emergency };

std::string_view to_string(Level level);
std::string_view to_string(Action action);

struct CategoryFinding {
  std::string id;  // contract category id, e.g. "pad_rest_pain"
  Level level = Level::weak;
  double score = 0;  // 0..1: how well the episodes that fit it match its rules
  Action action = Action::discuss_with_doctor;
  std::vector<std::string> evidence;  // counts in words: "9 of 11 episodes eased by dangling the leg"
  std::vector<std::string> against;   // what speaks against it, also with counts
  std::string advice;                 // what to do, in plain words
  int episodes = 0;                   // episodes that fit this category best
};

struct RedFlag {
  std::string id;                      // contract red-flag id, e.g. "dvt_signs"
  std::vector<std::int64_t> episodes;  // ids of the episodes that show it
  std::string message;                 // plain words, with what to do
  Action action = Action::urgent;
  // The note words the sign was read from, when the ticked fields alone do not carry it:
  // "from your note on Tue 3 Nov: 'left calf swollen, hot and red'" (also in `message`).
  std::vector<std::string> from_notes;
};

struct PatternFinding {
  std::string id;       // e.g. "hard_exercise_link"
  std::string summary;  // one plain sentence with the counts
  nlohmann::json figures = nlohmann::json::object();
};

struct Report {
  std::optional<date::year_month_day> from, to;  // the period, by night date (inclusive)
  int episodes = 0;
  int nights = 0;                           // nights logged: distinct nights with a night entry or an episode
  int nights_with_episodes = 0;             // of those, the nights with an episode
  int quiet_nights = 0;                     // of those, the nights logged with no episode
  int unlogged_nights = 0;                  // nights of the period (from..to) with neither
  std::vector<CategoryFinding> categories;  // only those with support, highest score first
  std::vector<RedFlag> red_flags;
  std::vector<PatternFinding> patterns;

  // The most pressing action of the whole report (red flags and categories), or
  // self_care when there is nothing.
  Action top_action() const;
};

}  // namespace diary::analysis
