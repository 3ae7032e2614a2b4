#pragma once
// The files that schedule reminder prompts outside the diary: a systemd user service and
// timer that run `remind check`, and a crontab block for systems without systemd.
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "diary/reminder.hpp"

namespace diary::report {

inline constexpr std::string_view kTimer = "diary-remind.timer";
inline constexpr std::string_view kService = "diary-remind.service";

// The OnCalendar= expressions for all reminders: one weekly line per reminder, plus a
// dated line for each firing in the next years that a spring-forward gap moves.
std::vector<std::string> on_calendar_lines(const std::vector<Reminder>& reminders, date::sys_seconds now);

// The service that runs `EXE --db DB remind check --notify` (both quoted for systemd).
std::string service_text(const std::string& exe, const std::string& db);

// The timer with the given OnCalendar= expressions.
std::string timer_text(const std::vector<std::string>& calendar);

inline constexpr std::string_view kServeService = "diary-serve.service";

// The service that keeps `EXE --db DB serve --port PORT [--lan]` running for the user.
std::string serve_service_text(const std::string& exe, const std::string& db, int port, bool lan);

// A crontab block (CRON_TZ per zone) running the same check for user `uid`'s session bus.
std::string cron_block(const std::vector<Reminder>& reminders, const std::string& exe, const std::string& db,
                       unsigned uid);

}  // namespace diary::report
