#pragma once
// The context of one night (named by the date of its evening).
#include <optional>
#include <string>

#include <date/date.h>

#include "diary/instant.hpp"

namespace diary {

struct Night {
  date::year_month_day night{};
  std::string uuid;  // the identity for good (see identity.hpp); empty until made
  std::optional<Instant> bed;
  std::optional<Instant> wake;
  std::optional<int> sleep_quality;  // 1-5
  std::optional<std::string> exercise;
  std::optional<std::string> hydration;
  std::optional<bool> caffeine_late;
  std::optional<bool> alcohol;
  std::optional<std::string> new_medication;  // free text; "" means none
  std::optional<bool> daytime_walking_pain;
  std::optional<bool> leg_jerks_reported;
  std::optional<std::string> note;
  std::optional<bool> quiet;  // said to have had no episodes (a quiet night)

  friend bool operator==(const Night&, const Night&) = default;
};

// Whether the night's new-medication text names a medicine: not unknown, empty, or a
// word for none ("none", "no", "-", "n/a").
bool names_new_medication(const Night& night);

}  // namespace diary
