#pragma once
// Time rules: which zone, how TIME, D and DAY are read, how instants are written, and
// which night an episode belongs to. All arithmetic goes through date/tz.
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include "diary/instant.hpp"

namespace diary::clock {

using Zone = const date::time_zone*;

// The zone to show and read times in: `tz_option` (from --tz), else the TZ environment
// variable (a leading ':' is allowed), else the system zone, else UTC.
// date::current_zone() ignores TZ, hence this function. An unknown name given by the user
// is bad input (field "tz" or "TZ").
Zone resolve_zone(const std::optional<std::string>& tz_option);

// The instant `utc` as seen in `zone` (offset in force then, zone name).
Instant in_zone(date::sys_seconds utc, Zone zone);

// The current time, to the second (honours faketime, which intercepts the system clock).
date::sys_seconds now();

struct ParsedTime {
  Instant instant;
  std::string notice;  // non-empty when a choice was made for the user (a repeated hour)
};

// TIME: RFC 3339 with or without offset ("2026-11-21T02:10", "2026-11-21 02:10:05+01:00",
// "...Z"), a clock time ("02:10", "2:10am", "23:40": the most recent such moment not after
// `now`), or "yesterday 23:40" / "today 01:10". A time inside a spring-forward gap is bad
// input naming the gap; a repeated (fall-back) time takes the earlier and says so in
// `notice`, unless an offset is given. `field` names the option in messages.
ParsedTime parse_time(std::string_view text, Zone zone, date::sys_seconds now,
                      std::string_view field = "onset");

// D: "90s", "5m", "1h20m", "1 h 20 min", "20" (minutes), "1.5". Returns minutes.
// Negative, empty or malformed is bad input.
double parse_duration(std::string_view text, std::string_view field = "duration");

// DAY: YYYY-MM-DD, a real calendar date.
date::year_month_day parse_day(std::string_view text, std::string_view field = "day");

// The night of an instant: the local calendar date of (local time - 12 hours).
date::year_month_day night_of(const Instant& instant);

// "2026-11-22T01:05:00+01:00"
std::string format_rfc3339(const Instant& instant);
// "2026-11-22"
std::string format_day(date::year_month_day day);

}  // namespace diary::clock
