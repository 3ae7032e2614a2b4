#pragma once
// Time rules: which zone, how TIME, D and DAY are read, how instants are written, and
// which night an episode belongs to. All arithmetic goes through date/tz.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include "diary/instant.hpp"
#include "diary/time_zone.hpp"

namespace diary::clock {

// A zone read from its own file (time_zone.hpp), not date::time_zone: finding a
// date::time_zone lists every zone on the system first.
using Zone = const TimeZone*;

// The zone to show and read times in: `tz_option` (from --tz), else the TZ environment
// variable (a leading ':' is allowed), else the system zone, else UTC.
// date::current_zone() ignores TZ, hence this function. An unknown name given by the user
// is bad input (field "tz" or "TZ").
Zone resolve_zone(const std::optional<std::string>& tz_option);

// The zone of this IANA name, read from its own file and kept for the program's life (use
// it instead of date::locate_zone, which lists every zone first). Throws std::runtime_error
// for a name that is not a zone file.
Zone find_zone(std::string_view name);

// The system's zone (/etc/localtime, else /etc/timezone), else UTC.
Zone system_zone();

// The instant `utc` as seen in `zone` (offset in force then, zone name).
Instant in_zone(date::sys_seconds utc, Zone zone);

// The current time, to the second (honours faketime, which intercepts the system clock).
date::sys_seconds now();

struct ParsedTime {
  Instant instant;
  std::string notice;  // non-empty when a choice was made for the user (a repeated hour)
};

// TIME, the one reader of every time a person types: RFC 3339 with or without offset
// ("2026-11-21T02:10", "2026-11-21 02:10:05+01:00", "...Z"); a clock time ("02:10",
// "2:10am", "2.10", "0210", "23:40": the most recent such moment, where up to 15 minutes
// ahead of `now` still means today, a fast watch, said in `notice`); or a named day and a
// clock time: "yesterday 23:40", "today 01:10", "monday 23:40" (the most recent Monday,
// today included), "last night 2am" (last night runs from yesterday noon to today noon).
// A time inside a spring-forward gap is bad input naming the gap; a repeated (fall-back)
// time takes the earlier and says so in `notice`, unless an offset is given. Dated forms may
// be at most a minute ahead of `now`. `field` names the option in messages.
ParsedTime parse_time(std::string_view text, Zone zone, date::sys_seconds now, std::string_view field = "onset");

// TIME read for a record of a known night (`edit --at` of an episode): a bare clock time
// is that night's (noon of `night` to noon the day after), whatever the day today; every
// other form as parse_time.
ParsedTime parse_time_in_night(std::string_view text, Zone zone, date::year_month_day night, date::sys_seconds now,
                               std::string_view field = "onset");

// A time of day with no date (`remind add --at`): "07:30", "7:30am", "7.30", "0730", "7am".
std::chrono::minutes parse_time_of_day(std::string_view text, std::string_view field = "at");

// D: "90s", "5m", "1h20m", "1 h 20 min", "20" (minutes), "1.5". Returns minutes.
// Negative, empty or malformed is bad input.
double parse_duration(std::string_view text, std::string_view field = "duration");

// YYYY-MM-DD, a real calendar date (files and stored records).
date::year_month_day parse_day(std::string_view text, std::string_view field = "day");

// DAY as a person types it (every DAY option): today, yesterday, last night (yesterday's
// date: nights are named by their evening), a weekday name ("monday", "mon": the most
// recent, today included), or YYYY-MM-DD. Days are `now`'s in `zone`.
date::year_month_day parse_day(std::string_view text, Zone zone, date::sys_seconds now, std::string_view field = "day");

// The night of an instant: the local calendar date of (local time - 12 hours).
date::year_month_day night_of(const Instant& instant);

// A clock time a little ahead of now is a fast watch, not yesterday: up to this far ahead
// it means today (with a notice). Dated forms keep a minute of grace. `stop` allows an end
// as far before its start, for the same watch.
inline constexpr std::chrono::minutes kClockAhead{15};

// The night rule's numbers, named once: a night runs from noon of its date (its evening's
// date) to noon the next day.
inline constexpr std::chrono::hours kNightStartsAt{12};
inline constexpr int kMinutesPerDay = 24 * 60;

// Local noon of `night`'s date: where its night begins.
inline date::local_seconds night_start(date::local_days night) { return date::local_seconds{night} + kNightStartsAt; }

// "2026-11-22T01:05:00+01:00"
std::string format_rfc3339(const Instant& instant);
// "2026-11-22"
std::string format_day(date::year_month_day day);

}  // namespace diary::clock
