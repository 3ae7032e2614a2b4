#pragma once
// Reminders as an iCalendar file (RFC 5545) that phone calendars import: one recurring
// VEVENT per reminder, in the reminder's zone (DTSTART;TZID=...), with a display alarm,
// and one VTIMEZONE per zone used, built from the tz data around "now". The text is
// written with fmt (content lines folded at 75 octets, TEXT values escaped, CRLF); no
// libical at run time, which would load ICU into every `diary` start. The tests parse
// every calendar back with libical and check it.
#include <span>
#include <string>

#include <date/date.h>

#include "diary/reminder.hpp"

namespace diary::ics {

// The whole calendar, CRLF line endings. At least one reminder (bad input "reminders"
// otherwise: a VCALENDAR needs a component). Throws failure when a reminder's zone is not
// in the tz database.
std::string calendar(std::span<const Reminder> reminders, date::sys_seconds now);

// One VTIMEZONE component (as text, CRLF) for `zone_name`, valid from a year before `now`
// on: yearly rules (RRULE) where the tz data follow one over the next ten years, dated
// observances otherwise.
std::string vtimezone(const std::string& zone_name, date::sys_seconds now);

// The prompt a reminder shows, for calendars and notifications.
std::string summary(ReminderKind kind);
std::string description(ReminderKind kind);

}  // namespace diary::ics
