#pragma once
// A named medicine the person takes or took: as written, with its dose and dates. The
// classes the analysis reasons about come from the name (diary/medicines.hpp).
#include <optional>
#include <string>

#include <date/date.h>

namespace diary {

struct Medicine {
  std::string uuid;                             // the identity for good (see identity.hpp); empty until made
  std::string name;                             // as written: "Lasix", "pramipexole"
  std::optional<std::string> dose;              // free text: "40 mg in the morning"
  std::optional<date::year_month_day> since;    // the day it began, when known
  std::optional<date::year_month_day> stopped;  // the day it ended; none: still taken
  bool as_needed = false;                       // taken when needed, not regularly

  friend bool operator==(const Medicine&, const Medicine&) = default;
};

// Throws bad_input naming `prefix`.field: an empty or over-long name or dose, a stop day
// before the start day.
void validate(const Medicine& medicine, std::string_view prefix = {});

}  // namespace diary
