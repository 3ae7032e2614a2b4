#pragma once
// One night-time leg episode. Every field but the onset is optional: absent means
// unknown, never "no".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "diary/instant.hpp"

namespace diary {

using Terms = std::vector<std::string>;

struct Episode {
  std::int64_t id = 0;  // 0 until stored; the local row number, shown in lists
  std::string uuid;     // the identity for good (see identity.hpp); empty until made
  Instant onset;
  // Still going: started and not yet stopped; its duration is unknown until it is.
  bool open = false;
  std::optional<double> duration_min;
  std::optional<int> intensity;  // 0-10
  std::optional<std::string> onset_speed;
  std::optional<Terms> locations;
  std::optional<std::string> side;
  std::optional<Terms> sensations;
  std::optional<bool> muscle_hard;
  std::optional<std::string> posture;
  std::optional<Terms> relief;  // what was tried, in order
  std::optional<std::string> relief_effect;
  std::optional<double> relief_min;
  std::optional<bool> returned_when_still;
  std::optional<Terms> signs;
  std::optional<std::string> note;
  // With relief `medication`: the medicine taken, as written ("Lasix", "ibuprofen 400").
  std::optional<std::string> relief_medicine;

  // The night this episode belongs to: the local date of (onset - 12 hours).
  date::year_month_day night() const;

  friend bool operator==(const Episode&, const Episode&) = default;
};

}  // namespace diary
