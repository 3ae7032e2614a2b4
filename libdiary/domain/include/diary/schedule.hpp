#pragma once
// When reminders fire. Pure functions of a reminder, its zone and an instant; every
// local <-> UTC step goes through the zone's get_info (clock::TimeZone, date/tz's types).
//
// The rules, for a reminder at wall-clock time T on local day D:
//   * T exists once on D: it fires then. A 07:30 reminder stays at 07:30 local across DST
//     changes (its UTC instant moves by the change).
//   * T falls inside a spring-forward gap (02:30 in Berlin on 2026-03-29, when clocks
//     jump from 02:00 to 03:00): it fires at the first moment after the gap, the instant
//     of the change itself (03:00 local). `shifted` tells.
//   * T happens twice in a fall-back repeated hour (02:30 in Berlin on 2026-10-25): it
//     fires once, at the first occurrence (02:30 with the summer offset).
//   * D is the scheduled local date; the weekday filter applies to D.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "diary/clock.hpp"
#include "diary/reminder.hpp"

namespace diary::schedule {

struct Firing {
  std::int64_t reminder_id = 0;
  ReminderKind kind = ReminderKind::morning;
  date::local_days day{};         // the scheduled local date
  date::sys_seconds utc{};        // when it fires
  std::chrono::seconds offset{};  // UTC offset in force at `utc` in the reminder's zone
  std::string abbrev;             // e.g. "CEST"
  bool shifted = false;           // moved to the end of a spring-forward gap

  date::local_seconds local() const { return date::local_seconds{utc.time_since_epoch() + offset}; }

  friend bool operator==(const Firing&, const Firing&) = default;
};

// The zone of a reminder (failure when its stored name is unknown to the tz database).
clock::Zone zone_of(const Reminder& reminder);

// The firing of `reminder` scheduled on local day `day`, or nullopt when `day` is not one
// of its weekdays.
std::optional<Firing> firing_on(const Reminder& reminder, date::local_days day, clock::Zone zone);

// The next `count` firings strictly after `after`, earliest first.
std::vector<Firing> next(const Reminder& reminder, date::sys_seconds after, std::size_t count);
// The same over several reminders, merged; ties keep the reminders' order.
std::vector<Firing> next(std::span<const Reminder> reminders, date::sys_seconds after, std::size_t count);

// The firings in [from, until) that a spring-forward gap moved. Timers and calendars that
// skip or misplace a nonexistent wall-clock time (systemd skips it; RFC 5545 reads it with
// the offset before the gap) get these spelled out as dated entries.
std::vector<Firing> shifted(const Reminder& reminder, date::sys_seconds from, date::sys_seconds until);

}  // namespace diary::schedule
