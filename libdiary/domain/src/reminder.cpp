#include "diary/reminder.hpp"

#include <array>
#include <exception>

#include <date/tz.h>
#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "text.hpp"

namespace diary {
namespace {

constexpr std::array<std::string_view, 7> kShort = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 7> kLong = {"monday", "tuesday",  "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 7> kTitle = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr unsigned kWeekdays = 0x1f;  // Mon..Fri
constexpr unsigned kWeekends = 0x60;  // Sat, Sun

constexpr std::string_view kAtHelp = "use HH:MM on a 24-hour clock, e.g. 07:30 or 21:45";
constexpr std::string_view kDaysHelp =
    "use day names such as mon,wed,fri, a range such as mon-fri, or daily, weekdays, weekends";

using text::is_digit;
using text::is_space;
using text::lower;
using text::quote;
using text::trim;

// Index 0 (Monday) .. 6 (Sunday), or -1.
int day_index(std::string_view word) {
  for (int i = 0; i < 7; ++i)
    if (word == kShort[static_cast<std::size_t>(i)] || word == kLong[static_cast<std::size_t>(i)]) return i;
  return -1;
}

}  // namespace

std::chrono::minutes parse_reminder_at(std::string_view text, std::string_view field) {
  const std::string_view t = trim(text);
  auto refuse = [&](std::string_view why) {
    std::string msg = fmt::format("{}: {} is not a time of day", field, quote(text));
    if (!why.empty()) msg += fmt::format(" ({})", why);
    return bad_input(std::string(field), std::string(text), msg + fmt::format("; {}", kAtHelp));
  };
  // H:MM or HH:MM
  const auto colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || t.size() != colon + 3) throw refuse({});
  for (std::size_t i = 0; i < t.size(); ++i)
    if (i != colon && !is_digit(t[i])) throw refuse({});
  const int h = colon == 1 ? t[0] - '0' : (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[colon + 1] - '0') * 10 + (t[colon + 2] - '0');
  if (h > 23) throw refuse(fmt::format("{} is not an hour", h));
  if (m > 59) throw refuse(fmt::format("{} is not a minute", m));
  return std::chrono::hours{h} + std::chrono::minutes{m};
}

std::string format_reminder_at(std::chrono::minutes at) {
  const auto m = at.count();
  return fmt::format("{:02}:{:02}", m / 60, m % 60);
}

ReminderKind parse_reminder_kind(std::string_view text, std::string_view field) {
  const std::string t = lower(trim(text));
  if (t == "morning") return ReminderKind::morning;
  if (t == "evening") return ReminderKind::evening;
  throw bad_input(std::string(field), std::string(text),
                  fmt::format("{}: unknown kind {}; accepted: morning, evening", field, quote(text)));
}

std::string_view to_string(ReminderKind kind) { return kind == ReminderKind::evening ? "evening" : "morning"; }

unsigned parse_reminder_days(std::string_view text, std::string_view field) {
  auto refuse = [&](std::string_view part) {
    const std::string what = part == trim(text) ? quote(text) : fmt::format("{} in {}", quote(part), quote(text));
    return bad_input(std::string(field), std::string(text),
                     fmt::format("{}: {} is not a day; {}", field, what, kDaysHelp));
  };
  const std::string all = lower(text);
  unsigned days = 0;
  std::size_t start = 0;
  while (start <= all.size()) {
    std::size_t comma = all.find(',', start);
    if (comma == std::string::npos) comma = all.size();
    const std::string_view item = trim(std::string_view(all).substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) continue;
    if (item == "daily" || item == "all" || item == "every" || item == "everyday") {
      days |= Reminder::kEveryDay;
    } else if (item == "weekdays") {
      days |= kWeekdays;
    } else if (item == "weekends" || item == "weekend") {
      days |= kWeekends;
    } else if (const auto dash = item.find_first_of("-."); dash != std::string_view::npos) {
      // mon-fri, fri-mon (wrapping), mon..fri
      const std::string_view a = trim(item.substr(0, dash));
      std::string_view b = item.substr(dash + 1);
      while (!b.empty() && (b.front() == '.' || b.front() == '-')) b.remove_prefix(1);
      const int from = day_index(a);
      const int to = day_index(trim(b));
      if (from < 0 || to < 0) throw refuse(item);
      for (int i = from;; i = (i + 1) % 7) {
        days |= 1u << i;
        if (i == to) break;
      }
    } else {
      const int i = day_index(item);
      if (i < 0) throw refuse(item);
      days |= 1u << i;
    }
  }
  if (days == 0)
    throw bad_input(std::string(field), std::string(text),
                    fmt::format("{}: {} names no day; {}", field, quote(text), kDaysHelp));
  return days;
}

std::vector<std::string> reminder_day_names(unsigned days) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < 7; ++i)
    if ((days >> i) & 1u) out.emplace_back(kShort[i]);
  return out;
}

std::string describe_reminder_days(unsigned days) {
  days &= Reminder::kEveryDay;
  if (days == Reminder::kEveryDay) return "every day";
  if (days == kWeekdays) return "weekdays";
  if (days == kWeekends) return "weekends";
  std::string out;
  for (std::size_t i = 0; i < 7; ++i)
    if ((days >> i) & 1u) out += (out.empty() ? "" : ", ") + std::string(kTitle[i]);
  return out;
}

void validate(const Reminder& r) {
  if (r.kind != ReminderKind::morning && r.kind != ReminderKind::evening)
    throw bad_input("kind", std::to_string(static_cast<int>(r.kind)), "kind: must be morning or evening");
  if (r.at < std::chrono::minutes{0} || r.at >= std::chrono::hours{24})
    throw bad_input("at", std::to_string(r.at.count()),
                    fmt::format("at: {} minutes after midnight is not a time of day; {}", r.at.count(), kAtHelp));
  if (r.days == 0 || (r.days & ~Reminder::kEveryDay) != 0)
    throw bad_input("days", std::to_string(r.days),
                    fmt::format("days: {} is not a set of weekdays; {}", r.days, kDaysHelp));
  try {
    (void)clock::find_zone(r.zone);
  } catch (const std::exception&) {
    throw bad_input(
        "zone", r.zone,
        fmt::format("zone: {} is not a known time zone; use an IANA name such as Europe/Berlin", quote(r.zone)));
  }
}

}  // namespace diary
