#pragma once
// Operations on nights and on the profile: each merges the fields given into what is
// stored (a field left out keeps its value) in one short write transaction.
#include <optional>
#include <string>
#include <vector>

#include <date/date.h>

#include "diary/analysis/report.hpp"
#include "diary/clock.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"
#include "diary/store.hpp"

namespace diary::app {

// The moment clock times given for a named night are read against: noon of the day after
// its evening, so "22:50" is that evening and "06:40" the next morning.
date::sys_seconds night_anchor(clock::Zone zone, date::year_month_day night);

// The night a new entry is for when none is named: the night of its bedtime or wake time,
// else last night.
date::year_month_day default_night(const Night& update, date::sys_seconds now, clock::Zone zone);

std::optional<Night> night(Store& store, date::year_month_day day);

// Throws bad_input (field night) when `night` has not begun at `now` in `zone`: its evening
// is still to come. record_night checks it; the check-in asks it before its questions.
void refuse_future_night(date::year_month_day night, date::sys_seconds now, clock::Zone zone);

// Merges the fields set in `update` into the stored night `update.night` and returns the
// result. Throws bad_input (nothing written) when a field is out of range, or when the
// night has not begun at `now` in `zone` (tonight at breakfast: a person who types "today"
// for last night). With a `key` used before (see episodes.hpp), nothing is written and the
// night it saved is returned.
Night record_night(Store& store, const Night& update, date::sys_seconds now, clock::Zone zone,
                   std::optional<std::string> key = {});

// The warning signs a night's note and new-medicine text name (analysis::night_red_flags),
// shown at once after the night is recorded.
std::vector<analysis::RedFlag> night_red_flags(Store& store, const Night& night);

Profile profile(Store& store);
Profile update_profile(Store& store, const Profile& update);

}  // namespace diary::app
