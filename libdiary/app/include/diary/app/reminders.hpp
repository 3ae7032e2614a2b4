#pragma once
// Reminder prompts: which are due now and not yet answered.
#include <cstdint>
#include <vector>

#include <date/date.h>

#include "diary/reminder.hpp"
#include "diary/store.hpp"

namespace diary::app {

// Adds `reminder` unless the same one (kind, time, days, zone) is there already. Returns
// the stored reminder and whether it was added.
struct AddedReminder {
  Reminder reminder;
  bool added = false;
};
AddedReminder add_reminder(Store& store, Reminder reminder);

std::vector<Reminder> reminders(Store& store);

// Removes reminder `id`; bad_input naming "id" when there is none.
void remove_reminder(Store& store, std::int64_t id);

struct DuePrompt {
  ReminderKind kind;
  date::year_month_day night;  // the night the prompt asks about
};

// The prompts due at `now`, once per kind and night: a reminder has fired today (in its own
// zone) and its night is not answered yet. A morning prompt asks about last night and is
// answered by a night entry or an episode; an evening prompt asks about the night under
// way and is answered by a night entry with its bedtime or day factors.
std::vector<DuePrompt> due_prompts(Store& store, date::sys_seconds now);

}  // namespace diary::app
