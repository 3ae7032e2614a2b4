#pragma once
// libical links ICU, and loading those libraries costs a process about 10 ms of CPU time
// and more of wall time: as much again as a whole `diary log`. So ics.cpp is built as its
// own shared library (libdiary_ics.so), which programs may link as usual, and which the
// `diary` command loads with dlopen() only when it writes a calendar.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diary/reminder.hpp"

// Returns 0 and the calendar in `out`, else the Errc with the message in `out` and the
// refused field and value.
extern "C" int diary_ics_calendar(const diary::Reminder* reminders, std::size_t count, std::int64_t now,
                                  std::string* out, std::string* field, std::string* value);
