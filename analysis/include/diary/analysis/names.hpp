#pragma once
// The names people read for the analysis's ids: one table for categories, one for warning
// signs, one for actions, each with a column per audience (the patient's text reports, the
// short weekly summary, the doctor's printed report).
#include <string>
#include <string_view>

#include "diary/analysis/report.hpp"

namespace diary::analysis {

enum class Audience {
  patient,    // analyze's text: plain words with the clinical name in brackets
  brief,      // the weekly summary: plain words only
  clinician,  // the doctor's report: the clinical name
};

// The category's name for `audience`; the id itself when it is not a category.
std::string_view category_name(std::string_view id, Audience audience);

// A warning sign's heading in sentence case: plain words for people (patient, brief; the
// terminal prints them in capitals, the phone page as they are), the clinical words for the
// doctor's report; the id itself when it is not a red-flag id.
std::string_view flag_title(std::string_view id, Audience audience);

// What to do, in words, from the one urgency table: "get medical care today" for patients
// (lower case), "urgent: today" in the doctor's table.
std::string_view action_words(Action action, Audience audience);

// The first words of a warning: "Get medical care today", "Call 112 now" (the number
// when known, else "Call the emergency number now").
std::string urgency_lead(Action action, std::string_view emergency_number = {});

// A category's level in words ("several signs point this way") and what that means ("a
// pattern that shows in a fair share of the episodes"); the JSON keeps the level's id
// and the score.
std::string_view level_words(Level level);
std::string_view level_meaning(Level level);

}  // namespace diary::analysis
