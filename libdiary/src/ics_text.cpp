// The reminder prompts' words, shared by calendars and notifications. Apart from ics.cpp so
// that the `diary` command has them without loading libical (see diary/ics_module.hpp).
#include "diary/ics.hpp"

namespace diary::ics {

std::string summary(ReminderKind kind) {
  return kind == ReminderKind::morning ? "Diary: how were your legs last night?"
                                       : "Diary: record tonight's context";
}

std::string description(ReminderKind kind) {
  return kind == ReminderKind::morning
             ? "How were your legs last night? Log any episode (diary log), or the night itself "
               "if it was quiet (diary night --sleep-quality N)."
             : "Bedtime: record today's exercise, fluids and late caffeine or alcohol, and your "
               "bedtime (diary night --bed HH:MM --exercise ... --hydration ...).";
}

}  // namespace diary::ics
