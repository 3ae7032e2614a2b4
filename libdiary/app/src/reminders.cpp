#include "diary/app/reminders.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "diary/clock.hpp"
#include "diary/error.hpp"
#include "diary/schedule.hpp"

namespace diary::app {
namespace {

// Whether a night has any of the evening's context (bedtime or the day's factors).
bool has_context(const Night& n) { return n.bed || n.exercise || n.hydration || n.caffeine_late || n.alcohol; }

bool answered(Store& store, ReminderKind kind, date::year_month_day night) {
  const auto entry = store.night(night);
  if (kind == ReminderKind::morning) return entry.has_value() || !store.episodes(night, night).empty();
  return entry.has_value() && has_context(*entry);
}

}  // namespace

AddedReminder add_reminder(Store& store, Reminder r) {
  validate(r);
  auto tx = store.write();
  for (const auto& other : store.reminders())
    if (other.kind == r.kind && other.at == r.at && other.days == r.days && other.zone == r.zone) return {other, false};
  r.id = store.add(r);
  tx.commit();
  return {std::move(r), true};
}

std::vector<Reminder> reminders(Store& store) {
  auto tx = store.read();
  return store.reminders();
}

void remove_reminder(Store& store, std::int64_t id) {
  auto tx = store.write();
  if (!store.remove_reminder(id))
    throw bad_input("id", std::to_string(id), fmt::format("id: there is no reminder {}", id));
  tx.commit();
}

std::vector<DuePrompt> due_prompts(Store& store, date::sys_seconds now) {
  std::vector<DuePrompt> due;
  auto tx = store.read();
  for (const auto& r : store.reminders()) {
    const auto* zone = schedule::zone_of(r);
    const auto today = date::floor<date::days>(zone->to_local(now));
    const auto firing = schedule::firing_on(r, today, zone);
    if (!firing || firing->utc > now) continue;  // not a day of it, or not yet
    // Morning: last night, the one before the scheduled day. Evening: the night the
    // firing falls in (an evening prompt at 00:30 still means the night just begun).
    const date::year_month_day night = r.kind == ReminderKind::morning
                                           ? date::year_month_day{today - date::days{1}}
                                           : clock::night_of(clock::in_zone(firing->utc, zone));
    const bool listed =
        std::any_of(due.begin(), due.end(), [&](const DuePrompt& d) { return d.kind == r.kind && d.night == night; });
    if (!listed && !answered(store, r.kind, night)) due.push_back({r.kind, night});
  }
  return due;
}

}  // namespace diary::app
