#pragma once
// Medicine names, generic and brand, and the classes of diary::terms::kMedications each
// belongs to. The analysis reasons about classes; people write names ("Lasix 40 mg").
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diary/profile.hpp"

namespace diary {

struct KnownMedicine {
  std::string_view name;                      // lower case, as people write it: "lasix"
  std::string_view generic;                   // "furosemide" (equal to name for a generic)
  std::span<const std::string_view> classes;  // terms of terms::kMedications, never empty
};

// Every known name, generics and brands, each once.
std::span<const KnownMedicine> known_medicines();

// The entry `written` names: case-insensitive, ignoring a trailing dose or form
// ("Pramipexole 0.125 mg", "venlafaxine XL"). nullopt when the name is not known.
std::optional<KnownMedicine> classify(std::string_view written);

// The medication classes the analysis reads: the profile's stored classes (as set with
// `profile --medications`) and those of the named medicines not stopped. nullopt when
// neither says anything (unknown, not "none").
std::optional<std::vector<std::string>> medication_classes(const Profile& profile);

// "furosemide: diuretic" (a brand), "diuretic" (a generic), or "not classified".
std::string medicine_classes_text(const Medicine& m);

// "Lasix (furosemide: diuretic)": a named medicine with what it is, for the profile and report.
std::string medicine_with_classes(const Medicine& m);

}  // namespace diary
