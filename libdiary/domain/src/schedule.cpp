#include "diary/schedule.hpp"

#include <algorithm>
#include <exception>

#include <fmt/format.h>

#include "diary/error.hpp"

namespace diary::schedule {
namespace {

// A reminder has at least one weekday, so a week always holds a firing; the slack covers
// zones that skipped a whole calendar day (Pacific/Apia, 2011-12-30).
constexpr int kDaysPerFiringBound = 8;

Firing at_instant(const Reminder& r, date::local_days day, date::sys_seconds utc, clock::Zone zone,
                  bool shifted) {
  const date::sys_info info = zone->get_info(utc);
  return Firing{r.id, r.kind, day, utc, info.offset, info.abbrev, shifted};
}

}  // namespace

clock::Zone zone_of(const Reminder& reminder) {
  try {
    return clock::find_zone(reminder.zone);
  } catch (const std::exception&) {
    throw failure(fmt::format("reminder {}: its zone \"{}\" is not in this machine's time zone database", reminder.id,
                              reminder.zone));
  }
}

std::optional<Firing> firing_on(const Reminder& reminder, date::local_days day, clock::Zone zone) {
  if (!reminder.on(date::weekday{day})) return std::nullopt;
  const date::local_seconds wall = day + reminder.at;
  const date::local_info li = zone->get_info(wall);
  switch (li.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:
      // For a repeated time `first` is the period before the change: the first occurrence.
      return at_instant(reminder, day, zone->to_sys(wall, date::choose::earliest), zone, false);
    case date::local_info::nonexistent:
    default:
      // Inside a gap: the first moment after it is the instant the new period begins.
      return at_instant(reminder, day, li.second.begin, zone, true);
  }
}

std::vector<Firing> next(const Reminder& reminder, date::sys_seconds after, std::size_t count) {
  std::vector<Firing> out;
  if (count == 0 || (reminder.days & Reminder::kEveryDay) == 0) return out;
  clock::Zone zone = zone_of(reminder);
  // Start a day early: a firing scheduled yesterday may have been moved past a gap.
  date::local_days day = date::floor<date::days>(zone->to_local(after)) - date::days{1};
  const auto limit = static_cast<long long>(count) * kDaysPerFiringBound + kDaysPerFiringBound;
  for (long long i = 0; i < limit && out.size() < count; ++i, day += date::days{1}) {
    auto f = firing_on(reminder, day, zone);
    if (f && f->utc > after) out.push_back(std::move(*f));
  }
  std::stable_sort(out.begin(), out.end(), [](const Firing& a, const Firing& b) { return a.utc < b.utc; });
  return out;
}

std::vector<Firing> next(std::span<const Reminder> reminders, date::sys_seconds after, std::size_t count) {
  std::vector<Firing> all;
  for (const auto& r : reminders) {
    auto some = next(r, after, count);
    all.insert(all.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
  }
  std::stable_sort(all.begin(), all.end(), [](const Firing& a, const Firing& b) { return a.utc < b.utc; });
  if (all.size() > count) all.resize(count);
  return all;
}

std::vector<Firing> shifted(const Reminder& reminder, date::sys_seconds from, date::sys_seconds until) {
  std::vector<Firing> out;
  clock::Zone zone = zone_of(reminder);
  const auto last = date::floor<date::days>(zone->to_local(until));
  for (auto day = date::floor<date::days>(zone->to_local(from)) - date::days{1}; day <= last; day += date::days{1}) {
    auto f = firing_on(reminder, day, zone);
    if (f && f->shifted && f->utc >= from && f->utc < until) out.push_back(std::move(*f));
  }
  return out;
}

}  // namespace diary::schedule
