#pragma once
// Internal: medicines named and when they began, from the medicine list (its start dates),
// a night's new-medicine text ("started pramipexole 0.125 mg") and notes ("started
// Lasix today"), matched to their classes by diary/medicines.hpp.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "diary/night.hpp"
#include "diary/profile.hpp"
#include "features.hpp"

namespace diary::analysis::detail {

struct MedicineStart {
  std::string name;                       // as written: "pramipexole", "Lasix"
  std::vector<std::string_view> classes;  // terms of kMedications; empty when the name is not known
  date::sys_days day{};                   // the night (or list date) it began
  std::string source;                     // "your medicine list", "the night's new medicine", "your note"
};

// The medicines a text names (each word, and each pair of words, looked up by name; the
// class words "statin", "diuretic", "water tablet" count as their class).
std::vector<MedicineStart> medicines_named(std::string_view text);

// Whether a note has words that say a medicine began ("started", "new", "prescribed").
bool note_says_start(std::string_view text);

// Every recorded start, earliest first.
std::vector<MedicineStart> medicine_starts(const Profile& profile, std::span<const Night> nights,
                                           std::span<const Ep> episodes);

bool has_class(const MedicineStart& m, std::string_view cls);

// Whether the night's new-medicine text names a medicine that can bring on cramps: a
// diuretic or statin, or one the diary cannot name.
bool may_cause_cramps(const Night& night);

// "pramipexole (started Tue 3 Nov, from your medicine list)"
std::string start_words(const MedicineStart& m);

// Restless-legs words (urge to move, crawling, creeping, fizzing) in one episode: its cramp words do not count as
// cramping for the new-medicine warning (docs/CLINICAL.md#warning-signs).
bool restless_like(const Ep& e);

}  // namespace diary::analysis::detail
