#pragma once
// The names people read for the analysis's ids: one table for categories, one for warning
// signs, one for actions, each with a column per audience (the patient's text reports, the
// short weekly summary, the doctor's printed report).
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

// A warning sign's heading: upper case for the text reports (patient, brief), sentence
// case for the doctor's report; the id itself when it is not a red-flag id.
std::string_view flag_title(std::string_view id, Audience audience);

// What to do, in words: "see a doctor soon" for patients, "see soon" in the doctor's table.
std::string_view action_words(Action action, Audience audience);

}  // namespace diary::analysis
