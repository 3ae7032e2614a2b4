// The report's value types: names of levels and actions, and the most pressing action.
#include <algorithm>
#include <cmath>
#include <string>

#include "diary/analysis/analyze.hpp"

namespace diary::analysis {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::weak: return "weak";
    case Level::moderate: return "moderate";
    case Level::strong: return "strong";
  }
  return "weak";
}

std::string_view to_string(Action action) {
  switch (action) {
    case Action::self_care: return "self_care";
    case Action::discuss_with_doctor: return "discuss_with_doctor";
    case Action::see_doctor_soon: return "see_doctor_soon";
    case Action::urgent: return "urgent";
    case Action::emergency: return "emergency";
  }
  return "discuss_with_doctor";
}

Action Report::top_action() const {
  Action a = Action::self_care;
  for (const auto& f : red_flags) a = std::max(a, f.action);
  for (const auto& c : categories) a = std::max(a, c.action);
  return a;
}

}  // namespace diary::analysis
