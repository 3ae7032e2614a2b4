#pragma once
// Pattern analysis of a diary: pure functions over libdiary's types. No SQL, no I/O.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <date/date.h>

#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"

namespace diary::analysis {

// The report of one period. `from`/`to` bound the period by night date (inclusive); the
// caller has already filtered `nights` and `episodes` to it and passes the bounds only so
// the report can state them. Episodes are identified in red flags by Episode::id.
Report analyze(const Profile& profile, std::span<const Night> nights, std::span<const Episode> episodes,
               std::optional<date::year_month_day> from = {}, std::optional<date::year_month_day> to = {});

// The red flags that `log` and `import` show at once for new episodes. `nights` gives the
// context (a new medication started on an earlier night), `episodes` are the new ones.
std::vector<RedFlag> red_flags(const Profile& profile, std::span<const Night> nights,
                               std::span<const Episode> episodes);

// The red flags that `night` shows at once: the signs its note and new-medicine text name
// (an episode's own signs come from red_flags()).
std::vector<RedFlag> night_red_flags(const Profile& profile, const Night& night);

// The contract's ids, in the contract's order.
std::span<const std::string_view> category_ids();
std::span<const std::string_view> red_flag_ids();

}  // namespace diary::analysis
