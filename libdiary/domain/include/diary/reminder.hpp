#pragma once
// A scheduled prompt: a wall-clock time on chosen weekdays, in the zone it was set in.
// A morning prompt asks about last night; an evening prompt asks for tonight's context.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

namespace diary {

enum class ReminderKind { morning, evening };

struct Reminder {
  // Weekday bits: bit 0 is Monday ... bit 6 is Sunday (ISO order).
  static constexpr unsigned kEveryDay = 0x7f;

  std::int64_t id = 0;  // 0 until stored
  ReminderKind kind = ReminderKind::morning;
  std::chrono::minutes at{0};  // wall-clock time: minutes after local midnight, 0..1439
  unsigned days = kEveryDay;   // which local weekdays it fires on; never 0
  std::string zone;            // IANA name, e.g. "Europe/Berlin"
  date::sys_seconds created{};

  // Whether it fires on a local calendar day of this weekday.
  bool on(date::weekday wd) const { return (days >> (wd.iso_encoding() - 1)) & 1u; }

  friend bool operator==(const Reminder&, const Reminder&) = default;
};

// Reading and writing the parts of a reminder. Bad text is bad input naming `field`.
// "07:30" or "7:30" (24-hour clock).
std::chrono::minutes parse_reminder_at(std::string_view text, std::string_view field = "at");
std::string format_reminder_at(std::chrono::minutes at);  // "07:30"
// "morning" or "evening".
ReminderKind parse_reminder_kind(std::string_view text, std::string_view field = "kind");
std::string_view to_string(ReminderKind kind);
// "mon,tue,fri" (also full names, "mon-fri" ranges, "daily", "weekdays", "weekends").
unsigned parse_reminder_days(std::string_view text, std::string_view field = "days");
std::vector<std::string> reminder_day_names(unsigned days);  // {"mon", "tue", ...}
// "every day", "weekdays", "weekends" or "Mon, Wed, Fri".
std::string describe_reminder_days(unsigned days);

// Checks a whole reminder (kind, time, days, a known zone): bad input naming the field.
void validate(const Reminder& reminder);

}  // namespace diary
